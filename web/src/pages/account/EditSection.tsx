import { Alert, Button, Form, Input, Radio } from 'antd';
import { useEffect, useState } from 'react';
import { api, type Account, type Locale } from '../../api';
import { busyLoading } from '../../components/busy';
import { Section } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useFormProblem } from '../../components/useFormProblem';
import { useI18n } from '../../i18n';

interface Values {
  displayName: string;
  email?: string;
  locale: Locale;
  address?: string;
  phone?: string;
}

const PHONE_RE = /^(\+?86)?1[3-9]\d{9}$|^0\d{2,3}-?\d{7,8}$/;

export function EditSection({ account, onSaved }: { account: Account; onSaved: (a: Account) => Promise<void> }) {
  const { t, setLocale } = useI18n();
  const [form] = Form.useForm<Values>();
  const { problem, report, clear, onValuesChange } = useFormProblem(form);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const applicant = !!account.profile;

  useEffect(() => {
    // A newer version of the account (after saving) becomes the form's starting point.
    form.setFieldsValue({ displayName: account.displayName, email: account.email ?? '', locale: account.locale, address: account.profile?.address ?? '' });
  }, [form, account]);

  const submit = async (v: Values) => {
    if (busy) return;
    setBusy(true);
    setSaved(false);
    clear();
    try {
      const email = v.email?.trim() ? v.email.trim() : null;
      const updated = await api.updateMyAccount({
        displayName: v.displayName.trim(),
        email,
        locale: v.locale,
        ...(applicant ? { address: v.address?.trim() ? v.address.trim() : null } : {}),
        ...(applicant && v.phone?.trim() ? { phone: v.phone.trim() } : {}),
        expectedVersion: account.version,
      });
      await onSaved(updated);
      form.setFieldValue('phone', '');
      setSaved(true);
      if (v.locale !== account.locale) setLocale(v.locale);
    } catch (e) {
      report(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section title={t('account.editTitle')} id="edit">
      <Form<Values>
        form={form}
        name="account-edit"
        layout="vertical"
        className="narrow-form"
        initialValues={{
          displayName: account.displayName,
          email: account.email ?? '',
          locale: account.locale,
          address: account.profile?.address ?? '',
          phone: '',
        }}
        onFinish={submit}
        onValuesChange={(c) => {
          setSaved(false);
          onValuesChange(c);
        }}
      >
        <Form.Item name="displayName" label={t('account.displayName')} rules={[{ required: true, whitespace: true, min: 2, max: 100, message: t('register.nameRule') }]}>
          <Input maxLength={100} autoComplete="name" />
        </Form.Item>
        <Form.Item name="email" label={`${t('account.email')}${t('common.optionalSuffix')}`} rules={[{ type: 'email', message: t('common.emailRule') }]}>
          <Input type="email" maxLength={200} autoComplete="email" />
        </Form.Item>
        <Form.Item name="locale" label={t('account.locale')} extra={t('account.localeHelp')}>
          <Radio.Group
            aria-label={t('account.locale')}
            options={[
              { value: 'zh-CN', label: t('locale.zh-CN') },
              { value: 'en', label: t('locale.en') },
            ]}
          />
        </Form.Item>
        {applicant && (
          <>
            <Form.Item name="address" label={`${t('account.address')}${t('common.optionalSuffix')}`} rules={[{ max: 200, message: t('common.maxChars', { n: 200 }) }]}>
              <Input maxLength={200} autoComplete="street-address" />
            </Form.Item>
            <Form.Item
              name="phone"
              label={t('account.newPhone')}
              extra={
                account.profile?.phoneMasked
                  ? t('account.phoneKeep', { masked: account.profile.phoneMasked })
                  : t('account.phoneNone')
              }
              rules={[{ pattern: PHONE_RE, message: t('common.phoneRule') }]}
            >
              <Input type="tel" maxLength={20} autoComplete="tel" />
            </Form.Item>
          </>
        )}
        <ProblemAlert problem={problem} listFieldErrors />
        <div aria-live="polite">{saved && <Alert type="success" showIcon title={t('account.saved')} style={{ marginBottom: 16 }} />}</div>
        <Button type="primary" htmlType="submit" loading={busyLoading(busy)}>
          {t('account.save')}
        </Button>
      </Form>
    </Section>
  );
}
