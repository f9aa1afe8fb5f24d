import { Form, Input, Modal, Radio, Select } from 'antd';
import { useEffect, useState } from 'react';
import { api, type Account, type Organisation, type StaffRole } from '../../../api';
import { busyModal } from '../../../components/busy';
import { passwordAcceptable } from '../../../components/PasswordRules';
import { CheckboxGroupField } from '../../../components/CheckboxGroupField';
import { ProblemAlert } from '../../../components/ProblemAlert';
import { useFormProblem } from '../../../components/useFormProblem';
import { useI18n } from '../../../i18n';
import { STAFF_ROLES } from '../../../labels';
import { orgOptions } from '../orgs/tree';

interface Values {
  login: string;
  displayName: string;
  email?: string;
  orgId: string;
  kind: 'staff' | 'system';
  roles: StaffRole[];
  password?: string;
}

const LOGIN_RE = /^[a-z0-9][a-z0-9._-]{2,63}$/;

interface Props {
  open: boolean;
  orgs: Organisation[];
  onClose: () => void;
  onCreated: (account: Account, initialPassword: string | null) => void;
}

export function CreateUserModal({ open, orgs, onClose, onCreated }: Props) {
  const { t, pick } = useI18n();
  const [form] = Form.useForm<Values>();
  const { problem, report, clear, onValuesChange } = useFormProblem(form, {
    'identity.login_taken': 'login',
    'identity.org_unknown': 'orgId',
    'identity.password_weak': 'password',
  });
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (open) {
      clear();
      form.resetFields();
    }
  }, [open, form, clear]);

  const submit = async () => {
    if (busy) return;
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    clear();
    try {
      const r = await api.createUser({
        login: v.login.trim().toLowerCase(),
        displayName: v.displayName.trim(),
        email: v.email?.trim() ? v.email.trim() : undefined,
        orgId: v.orgId,
        roles: v.roles,
        kind: v.kind,
        password: v.password ? v.password : undefined,
      });
      onCreated(r.account, r.initialPassword);
    } catch (e) {
      report(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('users.createTitle')}
      okText={t('users.createSubmit')}
      cancelText={t('common.cancel')}
      onOk={submit}
      onCancel={onClose}
      {...busyModal(busy)}
      destroyOnHidden
      width={640}
    >
      <Form<Values> form={form} name="user-create" layout="vertical" initialValues={{ kind: 'staff', roles: [] }} onValuesChange={onValuesChange}>
        <Form.Item
          name="login"
          label={t('users.login')}
          extra={t('register.loginHelp')}
          normalize={(v: string) => v.toLowerCase()}
          rules={[
            { required: true, message: t('register.loginRequired') },
            { pattern: LOGIN_RE, message: t('register.loginRule') },
          ]}
        >
          <Input maxLength={64} spellCheck={false} autoComplete="off" />
        </Form.Item>
        <Form.Item name="displayName" label={t('users.displayName')} rules={[{ required: true, whitespace: true, min: 2, max: 100, message: t('register.nameRule') }]}>
          <Input maxLength={100} autoComplete="off" />
        </Form.Item>
        <Form.Item name="email" label={`${t('users.email')}${t('common.optionalSuffix')}`} rules={[{ type: 'email', message: t('common.emailRule') }]}>
          <Input type="email" maxLength={200} autoComplete="off" />
        </Form.Item>
        <Form.Item name="orgId" label={t('users.org')} rules={[{ required: true, message: t('users.orgRequired') }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={orgOptions(orgs, (o) => pick({ zh: o.nameZh, en: o.nameEn }), { activeOnly: true })}
          />
        </Form.Item>
        <Form.Item name="kind" label={t('users.kind')} extra={t('users.kindHelp')}>
          <Radio.Group
            aria-label={t('users.kind')}
            options={[
              { value: 'staff', label: t('accountKind.staff') },
              { value: 'system', label: t('accountKind.system') },
            ]}
          />
        </Form.Item>
        <Form.Item name="roles" label={t('users.roles')} rules={[{ required: true, type: 'array', min: 1, message: t('users.rolesRequired') }]}>
          <CheckboxGroupField label={t('users.roles')} options={STAFF_ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
        </Form.Item>
        <Form.Item
          name="password"
          label={`${t('users.initialPassword')}${t('common.optionalSuffix')}`}
          extra={t('users.initialPasswordHelp')}
          rules={[
            {
              validator: async (_, v: string | undefined) => {
                if (v && !passwordAcceptable(v, form.getFieldValue('login') ?? '')) throw new Error(t('register.passwordWeak'));
              },
            },
          ]}
        >
          <Input.Password autoComplete="new-password" maxLength={200} />
        </Form.Item>
        <ProblemAlert problem={problem} listFieldErrors />
      </Form>
    </Modal>
  );
}
