import { StatusTag } from '../../components/StatusTag';
import { useI18n } from '../../i18n';
import type { EvidenceStatus } from './evidenceApi';

const TONES = { preserved: 'ok', receiving: 'info', failed: 'bad' } as const;

export function EvidenceStatusTag({ status }: { status: EvidenceStatus }) {
  const { t } = useI18n();
  return <StatusTag tone={TONES[status]}>{t(`evidence.status.${status}`)}</StatusTag>;
}
