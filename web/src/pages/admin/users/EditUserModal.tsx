import { Form, Input, Modal, Select } from 'antd';
import { useEffect, useState } from 'react';
import { api, type Account, type Organisation, type StaffRole } from '../../../api';
import { busyModal } from '../../../components/busy';
import { CheckboxGroupField } from '../../../components/CheckboxGroupField';
import { ProblemAlert } from '../../../components/ProblemAlert';
import { useFormProblem } from '../../../components/useFormProblem';
import { useI18n } from '../../../i18n';
import { STAFF_ROLES } from '../../../labels';
import { orgOptions } from '../orgs/tree';

interface Props {
  /** The account to edit, and which part: its details or its roles. */
  target: { account: Account; part: 'details' | 'roles' } | null;
  orgs: Organisation[];
  onClose: () => void;
  onSaved: (a: Account) => void;
}

interface Values {
  displayName: string;
  email?: string;
  orgId?: string;
  roles: StaffRole[];
}

export function EditUserModal({ target, orgs, onClose, onSaved }: Props) {
  const { t, pick } = useI18n();
  const [form] = Form.useForm<Values>();
  const { problem, report, clear, onValuesChange } = useFormProblem(form, {
    'identity.org_unknown': 'orgId',
    'identity.last_administrator': 'roles',
  });
  const [busy, setBusy] = useState(false);
  const account = target?.account;
  const part = target?.part;

  useEffect(() => {
    if (!account) return;
    clear();
    form.resetFields();
    form.setFieldsValue({
      displayName: account.displayName,
      email: account.email ?? '',
      orgId: account.orgId ?? undefined,
      roles: account.roles.filter((r): r is StaffRole => r !== 'applicant'),
    });
  }, [account, form, clear]);

  const submit = async () => {
    if (!account || busy) return;
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    clear();
    try {
      const saved =
        part === 'roles'
          ? await api.setRoles(account.id, v.roles, account.version)
          : await api.updateUser(account.id, {
              displayName: v.displayName.trim(),
              email: v.email?.trim() ? v.email.trim() : null,
              ...(account.kind !== 'applicant' && v.orgId && v.orgId !== account.orgId ? { orgId: v.orgId } : {}),
              expectedVersion: account.version,
            });
      onSaved(saved);
    } catch (e) {
      report(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={!!target}
      title={account ? (part === 'roles' ? t('users.rolesTitle', { login: account.login }) : t('users.editTitle', { login: account.login })) : ''}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={submit}
      onCancel={onClose}
      {...busyModal(busy)}
      destroyOnHidden
      width={600}
    >
      <Form<Values> form={form} name={part === 'roles' ? 'user-roles' : 'user-edit'} layout="vertical" onValuesChange={onValuesChange}>
        {part === 'roles' ? (
          <Form.Item name="roles" label={t('users.roles')} extra={t('users.rolesHelp')}>
            <CheckboxGroupField label={t('users.roles')} options={STAFF_ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
          </Form.Item>
        ) : (
          <>
            <Form.Item name="displayName" label={t('users.displayName')} rules={[{ required: true, whitespace: true, min: 2, max: 100, message: t('register.nameRule') }]}>
              <Input maxLength={100} autoComplete="off" />
            </Form.Item>
            <Form.Item name="email" label={`${t('users.email')}${t('common.optionalSuffix')}`} rules={[{ type: 'email', message: t('common.emailRule') }]}>
              <Input type="email" maxLength={200} autoComplete="off" />
            </Form.Item>
            {account?.kind !== 'applicant' && (
              <Form.Item name="orgId" label={t('users.org')} rules={[{ required: true, message: t('users.orgRequired') }]}>
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  options={orgOptions(orgs, (o) => pick({ zh: o.nameZh, en: o.nameEn }), { activeOnly: true, keep: account?.orgId })}
                />
              </Form.Item>
            )}
          </>
        )}
        <ProblemAlert problem={problem} listFieldErrors />
      </Form>
    </Modal>
  );
}
