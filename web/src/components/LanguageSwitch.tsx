import { Button } from 'antd';
import { useI18n } from '../i18n';

/** Shows the other language's name, in that language (as government sites do). */
export function LanguageSwitch() {
  const { locale, setLocale, t } = useI18n();
  const target = locale === 'en' ? 'zh-CN' : 'en';
  return (
    <Button
      className="lang-switch"
      ghost
      lang={target}
      title={t('lang.switchTitle')}
      onClick={() => setLocale(target)}
    >
      {t('lang.switchTo')}
    </Button>
  );
}
