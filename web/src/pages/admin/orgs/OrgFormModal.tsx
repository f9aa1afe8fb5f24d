import { Form, Input, Modal, Select } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { api, type Organisation } from '../../../api';
import { useAllowClear } from '../../../components/a11y';
import { busyModal } from '../../../components/busy';
import { ProblemAlert } from '../../../components/ProblemAlert';
import { useFormProblem } from '../../../components/useFormProblem';
import { useI18n } from '../../../i18n';
import { ORG_KINDS } from '../../../labels';
import { buildForest, flattenForOptions, subtreeIds } from './tree';

interface Values {
  code: string;
  nameZh: string;
  nameEn: string;
  kind: Organisation['kind'];
  parentId?: string | null;
  regionCode?: string;
  regionAliases?: string[];
}

interface Props {
  open: boolean;
  /** The organisation to edit; absent = create (optionally under `parentId`). */
  org?: Organisation;
  parentId?: string;
  orgs: Organisation[];
  onClose: () => void;
  onSaved: (o: Organisation) => void;
}

const CODE_RE = /^[a-z0-9][a-z0-9-]*$/;
const REGION_RE = /^\d{6}$/;

export function OrgFormModal({ open, org, parentId, orgs, onClose, onSaved }: Props) {
  const { t, pick } = useI18n();
  const allowClear = useAllowClear();
  const [form] = Form.useForm<Values>();
  const { problem, report, clear, onValuesChange } = useFormProblem(form, {
    'orgs.code_taken': 'code',
    'orgs.parent_not_found': 'parentId',
    'orgs.cycle': 'parentId',
  });
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!open) return;
    clear();
    form.resetFields();
    form.setFieldsValue(
      org
        ? { code: org.code, nameZh: org.nameZh, nameEn: org.nameEn, kind: org.kind, parentId: org.parentId, regionCode: org.regionCode ?? '', regionAliases: org.regionAliases }
        : { kind: 'district_ip_office', parentId: parentId ?? null, regionAliases: [] },
    );
  }, [open, org, parentId, form, clear]);

  const parentOptions = useMemo(() => {
    const excluded = org ? subtreeIds(orgs, org.id) : new Set<string>();
    return flattenForOptions(buildForest(orgs), (o) => pick({ zh: o.nameZh, en: o.nameEn })).filter((o) => !excluded.has(o.value));
  }, [orgs, org, pick]);

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
    const common = {
      nameZh: v.nameZh.trim(),
      nameEn: v.nameEn.trim(),
      kind: v.kind,
      parentId: v.parentId ?? null,
      regionCode: v.regionCode?.trim() ? v.regionCode.trim() : null,
      regionAliases: v.regionAliases ?? [],
    };
    try {
      const saved = org
        ? await api.updateOrg(org.id, { ...common, expectedVersion: org.version })
        : await api.createOrg({ code: v.code.trim(), ...common });
      onSaved(saved);
    } catch (e) {
      report(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={org ? t('orgs.editTitle', { name: pick({ zh: org.nameZh, en: org.nameEn }) }) : t('orgs.createTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={submit}
      onCancel={onClose}
      {...busyModal(busy)}
      destroyOnHidden
      width={640}
    >
      <Form<Values> form={form} name="org-form" layout="vertical" onValuesChange={onValuesChange}>
        <Form.Item
          name="code"
          label={t('orgs.code')}
          extra={org ? t('orgs.codeFixed') : t('orgs.codeHelp')}
          rules={[
            { required: true, message: t('orgs.codeRequired') },
            { pattern: CODE_RE, min: 2, max: 64, message: t('orgs.codeRule') },
          ]}
        >
          <Input disabled={!!org} maxLength={64} spellCheck={false} />
        </Form.Item>
        <Form.Item name="nameZh" label={t('orgs.nameZh')} rules={[{ required: true, whitespace: true, min: 2, max: 100, message: t('orgs.nameRule') }]}>
          <Input maxLength={100} lang="zh-CN" />
        </Form.Item>
        <Form.Item name="nameEn" label={t('orgs.nameEn')} rules={[{ required: true, whitespace: true, min: 2, max: 200, message: t('orgs.nameRule') }]}>
          <Input maxLength={200} lang="en" />
        </Form.Item>
        <Form.Item name="kind" label={t('orgs.kind')} rules={[{ required: true, message: t('orgs.kindRequired') }]}>
          <Select options={ORG_KINDS.map((k) => ({ value: k, label: t(`orgKind.${k}`) }))} />
        </Form.Item>
        <Form.Item name="parentId" label={`${t('orgs.parent')}${t('common.optionalSuffix')}`} extra={t('orgs.parentHelp')}>
          <Select allowClear={allowClear} showSearch={{ optionFilterProp: 'label' }} options={parentOptions.map(({ value, label }) => ({ value, label }))} />
        </Form.Item>
        <Form.Item name="regionCode" label={`${t('orgs.regionCode')}${t('common.optionalSuffix')}`} extra={t('orgs.regionHelp')} rules={[{ pattern: REGION_RE, message: t('orgs.regionRule') }]}>
          <Input maxLength={6} inputMode="numeric" />
        </Form.Item>
        <Form.Item
          name="regionAliases"
          label={`${t('orgs.regionAliases')}${t('common.optionalSuffix')}`}
          extra={t('orgs.aliasesHelp')}
          rules={[
            {
              validator: async (_, v: string[] | undefined) => {
                const bad = (v ?? []).find((x) => !REGION_RE.test(x));
                if (bad) throw new Error(t('orgs.aliasRule', { value: bad }));
              },
            },
          ]}
        >
          <Select mode="tags" tokenSeparators={[',', ' ', '，']} open={false} suffixIcon={null} />
        </Form.Item>
        <ProblemAlert problem={problem} listFieldErrors />
      </Form>
    </Modal>
  );
}
