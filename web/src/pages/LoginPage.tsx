import { Alert, Button, Form, Input } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { api, ApiError, setCsrfToken, type LoginResponse, type Problem, type SessionInfo } from '../api';
import { busyLoading } from '../components/busy';
import { PageHeader, Section } from '../components/PageHeader';
import { ProblemAlert } from '../components/ProblemAlert';
import { useFormProblem } from '../components/useFormProblem';
import { useI18n } from '../i18n';
import { useSession } from '../session';

interface Values {
  username: string;
  password: string;
  totp?: string;
}

type Enrolment = Extract<LoginResponse, { status: 'totp_enrolment_required' }>;

const TOTP_RULE = /^\d{6}$/;

/** Only same-site paths are followed after sign-in. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/account';
}

/** Counts down the seconds of a 429 so the user sees when to try again. */
function useCountdown(problem: Problem | null): number {
  const [left, setLeft] = useState(0);
  useEffect(() => {
    const seconds = problem?.status === 429 ? (problem.retryAfterSeconds ?? 0) : 0;
    setLeft(seconds);
    if (!seconds) return;
    const started = Date.now();
    const timer = setInterval(() => {
      const remaining = Math.max(0, seconds - Math.floor((Date.now() - started) / 1000));
      setLeft(remaining);
      if (!remaining) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  }, [problem]);
  return left;
}

function EnrolStep({ enrolment, onDone, onCancel }: { enrolment: Enrolment; onDone: (s: SessionInfo) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ totp: string }>();
  const { problem, report, clear, onValuesChange } = useFormProblem(form, { 'auth.totp_invalid': 'totp' });
  const [busy, setBusy] = useState(false);
  const qrSrc = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(enrolment.qrSvg)}`;

  const submit = async ({ totp }: { totp: string }) => {
    if (busy) return;
    setBusy(true);
    clear();
    try {
      onDone(await api.enrolTotp(totp.trim()));
    } catch (e) {
      report(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section title={t('login.enrolTitle')} id="enrol-step">
      <p>{t('login.enrolIntro')}</p>
      <ol className="plain-list">
        <li>{t('login.enrolStep1')}</li>
        <li>{t('login.enrolStep2')}</li>
        <li>{t('login.enrolStep3')}</li>
      </ol>
      <img className="totp-qr" src={qrSrc} alt={t('login.qrAlt')} width={200} height={200} />
      <p>
        {t('login.secretLabel')} <span className="secret-text">{enrolment.secret}</span>
      </p>
      <Form form={form} name="enrol" layout="vertical" onFinish={submit} onValuesChange={onValuesChange} requiredMark={false}>
        <Form.Item
          name="totp"
          label={t('login.totp')}
          rules={[
            { required: true, message: t('login.totpRequired') },
            { pattern: TOTP_RULE, message: t('login.totpRule') },
          ]}
        >
          <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} style={{ maxWidth: 200 }} />
        </Form.Item>
        <ProblemAlert problem={problem} />
        <div className="toolbar">
          <Button type="primary" htmlType="submit" loading={busyLoading(busy)}>
            {t('login.enrolSubmit')}
          </Button>
          <Button onClick={onCancel}>{t('login.startOver')}</Button>
        </div>
      </Form>
    </Section>
  );
}

export function LoginPage() {
  const { t } = useI18n();
  const { session, setSession } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const [form] = Form.useForm<Values>();
  const { problem, report, clear, onValuesChange } = useFormProblem(form, { 'auth.totp_invalid': 'totp' });
  const [needTotp, setNeedTotp] = useState(false);
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [busy, setBusy] = useState(false);
  const retryIn = useCountdown(problem);
  const totpRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (needTotp) totpRef.current?.focus();
  }, [needTotp]);

  if (session && !busy) return <Navigate to={next} replace />;

  const signedIn = (s: SessionInfo) => {
    setSession(s);
    navigate(next, { replace: true });
  };

  const submit = async (v: Values) => {
    if (busy) return;
    setBusy(true);
    clear();
    try {
      const r = await api.login({ username: v.username.trim(), password: v.password, totp: needTotp ? v.totp?.trim() : undefined });
      if (r.status === 'ok') signedIn(r.session);
      else {
        // The enrolment session may only enrol; its CSRF token comes with this answer.
        setCsrfToken(r.csrfToken);
        setEnrolment(r);
      }
    } catch (e) {
      if (e instanceof ApiError && e.code === 'auth.totp_required') {
        setNeedTotp(true);
        // Asking for the code is the next step, not an error.
        clear();
      } else {
        report(e);
        if (e instanceof ApiError && e.code === 'auth.totp_invalid') form.setFieldValue('totp', '');
      }
    } finally {
      setBusy(false);
    }
  };

  const startOver = () => {
    setEnrolment(null);
    setNeedTotp(false);
    setCsrfToken(null);
    clear();
    form.resetFields();
  };

  return (
    <div className="auth-card">
      <PageHeader title={t('login.title')} intro={t('login.intro')} />
      {enrolment ? (
        <EnrolStep enrolment={enrolment} onDone={signedIn} onCancel={startOver} />
      ) : (
        <Section title={needTotp ? t('login.totpStepTitle') : t('login.formTitle')} id="login-step">
          <Form<Values> form={form} name="login" layout="vertical" onFinish={submit} onValuesChange={onValuesChange} requiredMark={false}>
            <Form.Item name="username" label={t('login.username')} rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}>
              <Input autoComplete="username" readOnly={needTotp} spellCheck={false} maxLength={64} />
            </Form.Item>
            <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
              <Input.Password autoComplete="current-password" readOnly={needTotp} maxLength={200} />
            </Form.Item>
            {needTotp && (
              <>
                <Alert type="info" showIcon title={t('login.totpNeeded')} style={{ marginBottom: 16 }} />
                <Form.Item
                  name="totp"
                  label={t('login.totp')}
                  rules={[
                    { required: true, message: t('login.totpRequired') },
                    { pattern: TOTP_RULE, message: t('login.totpRule') },
                  ]}
                >
                  <Input ref={(el) => { totpRef.current = el?.input ?? null; }} inputMode="numeric" autoComplete="one-time-code" maxLength={6} style={{ maxWidth: 200 }} />
                </Form.Item>
              </>
            )}
            {problem && (
              <div>
                <ProblemAlert problem={problem} />
                {retryIn > 0 && <p className="field-hint">{t('login.retryIn', { seconds: retryIn })}</p>}
              </div>
            )}
            <div className="toolbar">
              <Button type="primary" htmlType="submit" loading={busyLoading(busy)} disabled={retryIn > 0}>
                {t('login.submit')}
              </Button>
              {needTotp && <Button onClick={startOver}>{t('login.otherAccount')}</Button>}
            </div>
          </Form>
          <p style={{ marginTop: 16 }}>
            {t('login.noAccount')} <Link to="/register">{t('login.toRegister')}</Link>
          </p>
        </Section>
      )}
    </div>
  );
}
