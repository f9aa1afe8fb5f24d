import { Alert, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { api, type Account } from '../../api';
import { busyLoading } from '../../components/busy';
import { Section } from '../../components/PageHeader';
import { passwordAcceptable, PasswordRules } from '../../components/PasswordRules';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useFormProblem } from '../../components/useFormProblem';
import { useI18n } from '../../i18n';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

export function PasswordSection({ account }: { account: Account }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const { problem, report, clear, onValuesChange } = useFormProblem(form, {
    'identity.password_wrong': 'currentPassword',
    'identity.password_weak': 'newPassword',
  });
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const newPassword = Form.useWatch('newPassword', form) ?? '';

  const submit = async (v: Values) => {
    if (busy) return;
    setBusy(true);
    setDone(false);
    clear();
    try {
      await api.changePassword(v.currentPassword, v.newPassword);
      form.resetFields();
      setDone(true);
    } catch (e) {
      report(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section title={t('account.passwordTitle')} id="password">
      <Form<Values>
        form={form}
        name="password-change"
        layout="vertical"
        className="narrow-form"
        onFinish={submit}
        onValuesChange={(c) => {
          setDone(false);
          onValuesChange(c);
        }}
      >
        {/* Lets password managers tie the new password to this account. */}
        <input type="text" name="username" autoComplete="username" value={account.login} readOnly hidden />
        <Form.Item name="currentPassword" label={t('account.currentPassword')} rules={[{ required: true, message: t('account.currentPasswordRequired') }]}>
          <Input.Password autoComplete="current-password" maxLength={200} />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('account.newPassword')}
          extra={<PasswordRules password={newPassword} login={account.login} />}
          rules={[
            { required: true, message: t('register.passwordRequired') },
            {
              validator: async (_, v: string | undefined) => {
                if (v && !passwordAcceptable(v, account.login)) throw new Error(t('register.passwordWeak'));
              },
            },
          ]}
        >
          <Input.Password autoComplete="new-password" maxLength={200} />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('account.confirmPassword')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('register.confirmRequired') },
            {
              validator: async (_, v: string | undefined) => {
                if (v && v !== form.getFieldValue('newPassword')) throw new Error(t('register.confirmMismatch'));
              },
            },
          ]}
        >
          <Input.Password autoComplete="new-password" maxLength={200} />
        </Form.Item>
        <ProblemAlert problem={problem} />
        <div aria-live="polite">{done && <Alert type="success" showIcon title={t('account.passwordChanged')} style={{ marginBottom: 16 }} />}</div>
        <Button type="primary" htmlType="submit" loading={busyLoading(busy)}>
          {t('account.changePassword')}
        </Button>
      </Form>
    </Section>
  );
}
