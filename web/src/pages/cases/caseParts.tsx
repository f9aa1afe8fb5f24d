import type { Organisation } from '../../api';
import { StatusTag, type Tone } from '../../components/StatusTag';
import { formatDate } from '../../format';
import { useI18n, type MessageKey } from '../../i18n';
import type { Bilingual, CaseDeadline } from './casesApi';

/** Keys built from API enums; the catalogues hold one per value the API documents. */
export const k = (key: string) => key as MessageKey;

const ALERT_TONE: Record<CaseDeadline['alert'], Tone> = { none: 'ok', due_soon: 'warn', overdue: 'bad' };

/** A deadline's alert in words (never colour alone). */
export function AlertTag({ alert }: { alert: CaseDeadline['alert'] }) {
  const { t } = useI18n();
  return <StatusTag tone={ALERT_TONE[alert]}>{t(k(`clock.alert.${alert}`))}</StatusTag>;
}

const TERMINAL_TONE: Tone = 'off';

/** A case status: its label from the API (both languages), tone by whether it is over. */
export function CaseStatusTag({ label, terminal }: { label: Bilingual; terminal?: boolean }) {
  const { pick } = useI18n();
  return <StatusTag tone={terminal ? TERMINAL_TONE : 'info'}>{pick(label)}</StatusTag>;
}

/** "5 个工作日" / "3 months". */
export function useLengthText() {
  const { t } = useI18n();
  return (length: number, unit: string) => t(k(`clock.unit.${unit}`), { n: length });
}

/** A deadline's "label: date" line for lists. */
export function DeadlineLine({ d }: { d: { label: Bilingual; dueDate: string; alert: CaseDeadline['alert'] } | null }) {
  const { t, pick, locale } = useI18n();
  if (!d) return <>{t('cases.noDeadline')}</>;
  return (
    <span className="case-deadline-line">
      <span>{t('cases.deadlineValue', { label: pick(d.label), date: formatDate(d.dueDate, locale, false) })}</span>{' '}
      {d.alert !== 'none' && <AlertTag alert={d.alert} />}
    </span>
  );
}

/** A district's name from its office ("黄浦区知识产权局" → "黄浦区"; "Huangpu District Intellectual Property Office" → "Huangpu District"). */
export function districtName(o: Organisation, locale: string): string {
  if (locale === 'en') return o.nameEn.replace(/\s+Intellectual Property (Office|Administration)$/, '');
  return o.nameZh.replace(/知识产权局$/, '');
}

/** Shanghai's district offices, in region-code order, for district selects. */
export function districtOptions(districts: Organisation[], locale: string, t: (key: MessageKey, p?: Record<string, string | number>) => string) {
  return districts
    .filter((d) => d.kind === 'district_ip_office' && d.regionCode && /^31\d{4}$/.test(d.regionCode))
    .sort((a, b) => (a.regionCode! < b.regionCode! ? -1 : 1))
    .map((d) => ({ value: d.regionCode!, label: t('request.districtOption', { name: districtName(d, locale), code: d.regionCode! }) }));
}
