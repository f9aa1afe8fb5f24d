import { Alert } from 'antd';
import type { Problem } from '../api';
import { useI18n } from '../i18n';

interface Props {
  problem: Problem | null | undefined;
  /** List the per-field messages too (for errors that have no form field to sit on). */
  listFieldErrors?: boolean;
  onClose?: () => void;
}

/** An API problem in the current language, with the per-field messages when asked. */
export function ProblemAlert({ problem, listFieldErrors, onClose }: Props) {
  const { locale, t } = useI18n();
  if (!problem) return null;
  const fieldErrors = listFieldErrors ? (problem.errors ?? []) : [];
  return (
    <Alert
      className="problem-alert"
      type="error"
      showIcon
      title={fieldErrors.length > 0 && problem.code === 'validation.failed' ? t('error.validationIntro') : problem.messages[locale]}
      closable={onClose ? { onClose, 'aria-label': t('common.dismiss') } : undefined}
      description={
        fieldErrors.length || problem.requestId ? (
          <>
            {fieldErrors.length > 0 && (
              <ul className="problem-list">
                {fieldErrors.map((e, i) => (
                  <li key={i}>
                    <code>{e.path}</code> {e.messages[locale]}
                  </li>
                ))}
              </ul>
            )}
            {problem.requestId && <div className="request-id">{t('common.requestId', { id: problem.requestId })}</div>}
          </>
        ) : undefined
      }
    />
  );
}
