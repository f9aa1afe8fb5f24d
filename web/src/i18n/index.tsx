import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Locale } from '../api';
import { en } from './en';
import { zhCN, type MessageKey } from './zh-CN';

export type { MessageKey };
export type Params = Record<string, string | number>;

const dictionaries: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

export const LANG_COOKIE = 'zb_lang';

export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  const template = dictionaries[locale][key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

function readCookieLocale(): Locale {
  const m = /(?:^|;\s*)zb_lang=([^;]+)/.exec(document.cookie);
  const v = m ? decodeURIComponent(m[1]) : '';
  return v === 'en' ? 'en' : 'zh-CN';
}

/** The API reads the same cookie, so its problem documents come back in the chosen language. */
function applyLocale(locale: Locale) {
  document.cookie = `${LANG_COOKIE}=${locale}; path=/; max-age=31536000; samesite=lax`;
  document.documentElement.lang = locale;
  dayjs.locale(locale === 'en' ? 'en' : 'zh-cn');
}

interface I18nValue {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: (key: MessageKey, params?: Params) => string;
  /** Picks the text of a `{ zh, en }` or `{ 'zh-CN', en }` pair. */
  pick: (pair: { zh?: string; 'zh-CN'?: string; en: string }) => string;
}

const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(readCookieLocale);
  useEffect(() => applyLocale(locale), [locale]);
  const setLocale = useCallback((l: Locale) => setLocaleState(l), []);
  const value = useMemo<I18nValue>(
    () => ({
      locale,
      setLocale,
      t: (key, params) => translate(locale, key, params),
      pick: (pair) => (locale === 'en' ? pair.en : (pair['zh-CN'] ?? pair.zh ?? pair.en)),
    }),
    [locale, setLocale],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const v = useContext(I18nContext);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}

/** Sets the document title for a page ("title · 知保"). */
export function usePageTitle(title: string) {
  const { t } = useI18n();
  useEffect(() => {
    document.title = `${title} · ${t('app.name')}`;
  }, [title, t]);
}
