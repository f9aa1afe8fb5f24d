import { CheckCircleFilled, MinusCircleOutlined } from '@ant-design/icons';
import { useI18n, type MessageKey } from '../i18n';

/** The server's rule (accounts.service `checkPasswordStrength`), checked live as the user types. */
export function passwordChecks(password: string, login: string): { key: MessageKey; met: boolean }[] {
  return [
    { key: 'password.ruleLength', met: password.length >= 10 },
    { key: 'password.ruleMix', met: /\p{L}/u.test(password) && /\d/.test(password) },
    { key: 'password.ruleLogin', met: password.length > 0 && (!login || !password.toLowerCase().includes(login.trim().toLowerCase())) },
  ];
}

export function passwordAcceptable(password: string, login: string): boolean {
  return passwordChecks(password, login).every((c) => c.met);
}

export function PasswordRules({ password, login, id }: { password: string; login: string; id?: string }) {
  const { t } = useI18n();
  return (
    <ul className="password-rules" id={id} aria-label={t('password.rulesLabel')}>
      {passwordChecks(password, login).map((c) => (
        <li key={c.key} className={c.met ? 'rule-met' : 'rule-unmet'}>
          {c.met ? <CheckCircleFilled aria-hidden /> : <MinusCircleOutlined aria-hidden />}
          <span>{t(c.key)}</span>
          <span className="sr-only">{c.met ? t('password.met') : t('password.unmet')}</span>
        </li>
      ))}
    </ul>
  );
}
