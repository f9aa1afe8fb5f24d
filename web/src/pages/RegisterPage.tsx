import { Button, Form, Input, Radio, Select } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, Navigate, useNavigate } from 'react-router-dom';
import { api, type Organisation } from '../api';
import { useAllowClear } from '../components/a11y';
import { busyLoading } from '../components/busy';
import { PageHeader, Section } from '../components/PageHeader';
import { passwordAcceptable, PasswordRules } from '../components/PasswordRules';
import { ProblemAlert } from '../components/ProblemAlert';
import { useFormProblem } from '../components/useFormProblem';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { districtForRegion, IdentifierField, regionOfIdentifier } from './register/IdentifierField';

type Kind = 'enterprise' | 'individual' | 'agent';

interface Values {
  kind: Kind;
  agentType: 'individual' | 'enterprise';
  login: string;
  password: string;
  confirm: string;
  name: string;
  uscc?: string;
  idNumber?: string;
  legalRepresentative?: string;
  districtOrgId?: string;
  address?: string;
  email?: string;
  phone?: string;
}

const LOGIN_RE = /^[a-z0-9][a-z0-9._-]{2,63}$/;
const PHONE_RE = /^(\+?86)?1[3-9]\d{9}$|^0\d{2,3}-?\d{7,8}$/;

const CODE_FIELDS = {
  'identity.login_taken': 'login',
  'identity.uscc_taken': 'uscc',
  'identity.id_number_taken': 'idNumber',
  'identity.password_weak': 'password',
  'identity.district_required': 'districtOrgId',
  'identity.org_unknown': 'districtOrgId',
  'ids.uscc.': 'uscc',
  'ids.id.': 'idNumber',
};

const blank = (s: string | undefined) => (s && s.trim() ? s.trim() : undefined);

export function RegisterPage() {
  const { t, locale, pick } = useI18n();
  const allowClear = useAllowClear();
  const { session, setSession } = useSession();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const { problem, report, clear, onValuesChange, fieldMessage } = useFormProblem(form, CODE_FIELDS);
  const [districts, setDistricts] = useState<Organisation[]>([]);
  const [busy, setBusy] = useState(false);

  const kind = Form.useWatch('kind', form) ?? 'enterprise';
  const agentType = Form.useWatch('agentType', form) ?? 'enterprise';
  const login = Form.useWatch('login', form) ?? '';
  const password = Form.useWatch('password', form) ?? '';
  const uscc = Form.useWatch('uscc', form);
  const idNumber = Form.useWatch('idNumber', form);
  const subjectType = kind === 'agent' ? agentType : kind;

  useEffect(() => {
    api.districts().then((r) => setDistricts(r.items), report);
  }, [report]);

  const derived = useMemo(() => {
    const region = subjectType === 'enterprise' ? regionOfIdentifier('uscc', uscc) : regionOfIdentifier('id', idNumber);
    return region ? districtForRegion(districts, region) : undefined;
  }, [subjectType, uscc, idNumber, districts]);

  if (session) return <Navigate to="/account" replace />;

  const submit = async (v: Values) => {
    if (busy) return;
    setBusy(true);
    clear();
    try {
      const s = await api.register({
        login: v.login.trim().toLowerCase(),
        password: v.password,
        subjectType,
        actsAsAgent: v.kind === 'agent',
        name: v.name.trim(),
        uscc: subjectType === 'enterprise' ? blank(v.uscc) : undefined,
        idNumber: subjectType === 'individual' ? blank(v.idNumber) : undefined,
        legalRepresentative: subjectType === 'enterprise' ? blank(v.legalRepresentative) : undefined,
        districtOrgId: v.districtOrgId || undefined,
        address: blank(v.address),
        email: blank(v.email),
        phone: blank(v.phone),
        locale,
      });
      setSession(s);
      navigate('/account', { replace: true });
    } catch (e) {
      report(e);
    } finally {
      setBusy(false);
    }
  };

  const nameLabel =
    subjectType === 'enterprise' ? (kind === 'agent' ? t('register.agencyName') : t('register.enterpriseName')) : t('register.personName');

  return (
    <>
      <PageHeader title={t('register.title')} intro={t('register.intro')} />
      <div className="form-with-aside">
      <Form<Values>
        form={form}
        name="register"
        layout="vertical"
        className="narrow-form"
        initialValues={{ kind: 'enterprise', agentType: 'enterprise' }}
        onFinish={submit}
        onValuesChange={onValuesChange}
        scrollToFirstError
      >
        <Section title={t('register.typeSection')} id="reg-type">
          <Form.Item name="kind" label={t('register.kind')}>
            <Radio.Group
              aria-label={t('register.kind')}
              optionType="button"
              buttonStyle="solid"
              options={[
                { value: 'enterprise', label: t('register.kindEnterprise') },
                { value: 'individual', label: t('register.kindIndividual') },
                { value: 'agent', label: t('register.kindAgent') },
              ]}
            />
          </Form.Item>
          <p className="field-hint">{t(`register.kindHelp.${kind}`)}</p>
          {kind === 'agent' && (
            <Form.Item name="agentType" label={t('register.agentType')}>
              <Radio.Group
                aria-label={t('register.agentType')}
                options={[
                  { value: 'enterprise', label: t('register.agentEnterprise') },
                  { value: 'individual', label: t('register.agentIndividual') },
                ]}
              />
            </Form.Item>
          )}
        </Section>

        <Section title={t('register.subjectSection')} id="reg-subject">
          <Form.Item name="name" label={nameLabel} rules={[{ required: true, whitespace: true, min: 2, max: 100, message: t('register.nameRule') }]}>
            <Input autoComplete={subjectType === 'enterprise' ? 'organization' : 'name'} maxLength={100} />
          </Form.Item>
          {subjectType === 'enterprise' ? (
            <>
              <IdentifierField
                kind="uscc"
                name="uscc"
                label={t('register.uscc')}
                value={uscc}
                districts={districts}
                serverMessage={fieldMessage('uscc')}
              />
              <Form.Item
                name="legalRepresentative"
                label={`${t('register.legalRepresentative')}${t('common.optionalSuffix')}`}
                rules={[{ min: 2, max: 50, message: t('register.legalRepRule') }]}
              >
                <Input maxLength={50} />
              </Form.Item>
            </>
          ) : (
            <IdentifierField
              kind="id"
              name="idNumber"
              label={t('register.idNumber')}
              value={idNumber}
              districts={districts}
              serverMessage={fieldMessage('idNumber')}
            />
          )}
          <Form.Item
            name="districtOrgId"
            label={`${t('register.district')}${t('common.optionalSuffix')}`}
            extra={
              derived
                ? t('register.districtDerived', { name: pick({ zh: derived.nameZh, en: derived.nameEn }) })
                : t('register.districtHelp')
            }
          >
            <Select
              allowClear={allowClear}
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('register.districtPlaceholder')}
              options={districts.map((d) => ({ value: d.id, label: pick({ zh: d.nameZh, en: d.nameEn }) }))}
            />
          </Form.Item>
          <Form.Item name="address" label={`${t('register.address')}${t('common.optionalSuffix')}`} rules={[{ max: 200, message: t('common.maxChars', { n: 200 }) }]}>
            <Input autoComplete="street-address" maxLength={200} />
          </Form.Item>
          <Form.Item name="email" label={`${t('register.email')}${t('common.optionalSuffix')}`} rules={[{ type: 'email', message: t('common.emailRule') }]}>
            <Input type="email" autoComplete="email" maxLength={200} />
          </Form.Item>
          <Form.Item name="phone" label={`${t('register.phone')}${t('common.optionalSuffix')}`} rules={[{ pattern: PHONE_RE, message: t('common.phoneRule') }]}>
            <Input type="tel" autoComplete="tel" maxLength={20} />
          </Form.Item>
        </Section>

        <Section title={t('register.accountSection')} id="reg-account">
          <Form.Item
            name="login"
            label={t('register.login')}
            extra={t('register.loginHelp')}
            normalize={(v: string) => v.toLowerCase()}
            rules={[
              { required: true, message: t('register.loginRequired') },
              { pattern: LOGIN_RE, message: t('register.loginRule') },
            ]}
          >
            <Input autoComplete="username" maxLength={64} spellCheck={false} />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('register.password')}
            extra={<PasswordRules password={password} login={login} />}
            rules={[
              { required: true, message: t('register.passwordRequired') },
              {
                validator: async (_, v: string | undefined) => {
                  if (v && !passwordAcceptable(v, form.getFieldValue('login') ?? '')) throw new Error(t('register.passwordWeak'));
                },
              },
            ]}
          >
            <Input.Password autoComplete="new-password" maxLength={200} />
          </Form.Item>
          <Form.Item
            name="confirm"
            label={t('register.confirm')}
            dependencies={['password']}
            rules={[
              { required: true, message: t('register.confirmRequired') },
              {
                validator: async (_, v: string | undefined) => {
                  if (v && v !== form.getFieldValue('password')) throw new Error(t('register.confirmMismatch'));
                },
              },
            ]}
          >
            <Input.Password autoComplete="new-password" maxLength={200} />
          </Form.Item>
        </Section>

        <ProblemAlert problem={problem} listFieldErrors />
        <div className="toolbar">
          <Button type="primary" htmlType="submit" size="large" loading={busyLoading(busy)}>
            {t('register.submit')}
          </Button>
          <span>
            {t('register.haveAccount')} <Link to="/login">{t('register.toLogin')}</Link>
          </span>
        </div>
      </Form>
      <aside className="form-aside" aria-labelledby="register-aside-title">
        <h2 id="register-aside-title" className="section-card-title">
          {t('register.asideTitle')}
        </h2>
        <ul className="plain-list">
          <li>{t('register.asideIds')}</li>
          <li>{t('register.asidePrivacy')}</li>
          <li>{t('register.asideDistrict')}</li>
          <li>{t('register.asideAgents')}</li>
        </ul>
      </aside>
      </div>
    </>
  );
}
