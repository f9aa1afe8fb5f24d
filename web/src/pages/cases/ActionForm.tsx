import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Checkbox, Form, Input, InputNumber, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { api, ApiError, toProblem, type Organisation, type Problem } from '../../api';
import { useAllowClear } from '../../components/a11y';
import { CheckboxGroupField } from '../../components/CheckboxGroupField';
import { DateField } from '../../components/DateField';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { zhCN } from '../../i18n/zh-CN';
import { useSession } from '../../session';
import { k } from './caseParts';
import { newRequestId, useCasesApi, type CaseAction, type CaseDetail, type Evidence, type StaffAccount } from './casesApi';

/**
 * One action's form, generated from its payload's JSON Schema (as the API publishes it): strings
 * become inputs (text areas when long, date fields for dates), string lists a list of inputs,
 * enums selects (or checkboxes for lists of enums), booleans checkboxes; account and evidence ids
 * become selects of what the viewer may choose, or id inputs where the list is not available.
 */

interface JsonSchema {
  type?: string | string[];
  enum?: (string | number)[];
  const?: unknown;
  default?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
}

type FieldKind =
  | { kind: 'text'; long: boolean }
  | { kind: 'date' }
  | { kind: 'time' }
  | { kind: 'enum'; values: string[] }
  | { kind: 'enumList'; values: string[] }
  | { kind: 'bool'; mustBeTrue: boolean }
  | { kind: 'number' }
  | { kind: 'fixed'; value: unknown }
  | { kind: 'textList' }
  | { kind: 'staff'; multiple: boolean }
  | { kind: 'evidence' }
  | { kind: 'org' }
  | { kind: 'uuid' };

interface Field {
  name: string;
  schema: JsonSchema;
  required: boolean;
  kind: FieldKind;
}

const isUuid = (s: JsonSchema | undefined) => s?.type === 'string' && s.format === 'uuid';
// Payload fields that hold dates (the schema says "string"; the server checks YYYY-MM-DD).
const isDateName = (name: string) => /(On|Date)$/.test(name);

function kindOf(name: string, s: JsonSchema): FieldKind {
  if (s.const !== undefined && s.type !== 'boolean') return { kind: 'fixed', value: s.const };
  if (s.type === 'boolean') return { kind: 'bool', mustBeTrue: s.const === true };
  if (s.type === 'integer' || s.type === 'number') return { kind: 'number' };
  if (s.type === 'array') {
    if (isUuid(s.items)) return name === 'evidenceIds' ? { kind: 'evidence' } : { kind: 'staff', multiple: true };
    if (s.items?.enum) return { kind: 'enumList', values: s.items.enum.map(String) };
    return { kind: 'textList' };
  }
  if (s.enum) return { kind: 'enum', values: s.enum.map(String) };
  if (isUuid(s)) return name === 'orgId' ? { kind: 'org' } : /Id$/.test(name) && name !== 'orgId' ? { kind: 'staff', multiple: false } : { kind: 'uuid' };
  if (isDateName(name)) return { kind: 'date' };
  if (/Time$/.test(name)) return { kind: 'time' };
  return { kind: 'text', long: (s.maxLength ?? 0) > 300 };
}

export function fieldsOf(schema: Record<string, unknown>): Field[] {
  const s = schema as JsonSchema;
  const required = new Set(s.required ?? []);
  return Object.entries(s.properties ?? {}).map(([name, fs]) => ({ name, schema: fs, required: required.has(name), kind: kindOf(name, fs) }));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A field's label: the catalogue's words for known payload fields, else the field name. */
function useFieldLabel() {
  const { t } = useI18n();
  return (name: string) => (`action.field.${name}` in zhCN ? t(k(`action.field.${name}`)) : name);
}

function useEnumLabel() {
  const { t } = useI18n();
  return (name: string, value: string) => (`action.enum.${name}.${value}` in zhCN ? t(k(`action.enum.${name}.${value}`)) : value);
}

interface Props {
  detail: CaseDetail;
  action: CaseAction | null;
  onClose: () => void;
  onDone: (d: CaseDetail) => void;
  /** A stale version: the page reloads the case and shows the problem. */
  onConflict: (p: Problem) => void;
}

/** The modal form of one action; sends the version the page shows as `expectedVersion`. */
export function ActionModal({ detail, action, onClose, onDone, onConflict }: Props) {
  const { t, pick, locale } = useI18n();
  const { session } = useSession();
  const casesApi = useCasesApi();
  const allowClear = useAllowClear();
  const fieldLabel = useFieldLabel();
  const enumLabel = useEnumLabel();
  const [form] = Form.useForm<Record<string, unknown>>();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const [staff, setStaff] = useState<StaffAccount[] | null | 'unavailable'>(null);
  const [evidence, setEvidence] = useState<Evidence[]>([]);
  const [orgs, setOrgs] = useState<Organisation[]>([]);
  const fields = useMemo(() => (action ? fieldsOf(action.payloadSchema) : []), [action]);
  // One request id per opening of the form: a double click acts once.
  const requestId = useMemo(() => (action ? newRequestId() : ''), [action]);
  const me = session?.account.id ?? '';

  const needs = (kind: FieldKind['kind']) => fields.some((f) => f.kind.kind === kind);
  const needsStaff = needs('staff');
  const needsEvidence = needs('evidence');
  const needsOrgs = needs('org');

  useEffect(() => {
    if (!action) return;
    setProblem(null);
    setBusy(false);
    form.resetFields();
  }, [action, form]);

  useEffect(() => {
    if (!needsStaff) return;
    // The office's active case officers; if they cannot be listed, account ids are typed in.
    casesApi.panelCandidates(detail.id).then(
      (r) => setStaff(r.items),
      () => setStaff('unavailable'),
    );
  }, [needsStaff, casesApi, detail.id]);

  useEffect(() => {
    if (!needsEvidence) return;
    casesApi.preservedEvidence().then((r) => setEvidence(r.items), () => setEvidence([]));
  }, [needsEvidence, casesApi]);

  useEffect(() => {
    if (!needsOrgs) return;
    api.orgs().then((r) => setOrgs(r.items.filter((o) => o.active && o.id !== detail.org.id && (o.kind === 'ip_office' || o.kind === 'district_ip_office'))), () => setOrgs([]));
  }, [needsOrgs, detail.org.id]);

  const staffList = Array.isArray(staff) ? staff : null;
  const initialValues = useMemo(() => {
    const v: Record<string, unknown> = {};
    for (const f of fields) {
      if (f.kind.kind === 'textList') v[f.name] = Array.from({ length: Math.max(1, f.schema.minItems ?? 1) }, () => '');
      if (f.kind.kind === 'staff' && f.kind.multiple && staff === 'unavailable') v[f.name] = [me, ...Array.from({ length: Math.max(0, (f.schema.minItems ?? 1) - 1) }, () => '')];
      if (f.kind.kind === 'staff' && f.kind.multiple && staffList) v[f.name] = staffList.some((u) => u.id === me) ? [me] : [];
      if (f.kind.kind === 'bool') v[f.name] = false;
      if (f.kind.kind === 'enumList') v[f.name] = [];
    }
    return v;
  }, [fields, staff, staffList, me]);

  useEffect(() => {
    form.setFieldsValue(initialValues);
  }, [initialValues, form]);

  if (!action) return null;

  const payloadOf = (values: Record<string, unknown>) => {
    const out: Record<string, unknown> = {};
    for (const f of fields) {
      const v = values[f.name];
      switch (f.kind.kind) {
        case 'fixed':
          out[f.name] = f.kind.value;
          break;
        case 'date':
          if (v) out[f.name] = (v as Dayjs).format('YYYY-MM-DD');
          break;
        case 'bool':
          out[f.name] = v === true;
          break;
        case 'textList':
        case 'staff':
        case 'evidence':
        case 'enumList':
          if (Array.isArray(v)) {
            const items = v.map((x) => (typeof x === 'string' ? x.trim() : x)).filter((x) => x !== '' && x !== undefined && x !== null);
            if (items.length || f.required) out[f.name] = items;
          } else if (typeof v === 'string' && v.trim()) out[f.name] = v.trim();
          break;
        case 'number':
          if (typeof v === 'number') out[f.name] = v;
          break;
        default:
          if (typeof v === 'string' && v.trim()) out[f.name] = v.trim();
      }
    }
    return out;
  };

  const submit = async (values: Record<string, unknown>) => {
    setProblem(null);
    setBusy(true);
    try {
      const d = await casesApi.act(detail.id, { action: action.action, payload: payloadOf(values), requestId, expectedVersion: detail.version });
      onDone(d);
    } catch (e) {
      setBusy(false);
      if (e instanceof ApiError && e.code === 'case.version_conflict') onConflict(e.problem);
      else setProblem(toProblem(e));
    }
  };

  const requiredRule = (f: Field) => ({ required: f.required, message: t('action.required', { label: fieldLabel(f.name) }) });

  const renderField = (f: Field) => {
    const label = fieldLabel(f.name);
    const max = f.schema.maxLength;
    switch (f.kind.kind) {
      case 'fixed':
        return null;
      case 'text':
        return (
          <Form.Item key={f.name} name={f.name} label={label} rules={[{ ...requiredRule(f), whitespace: true }, ...(max ? [{ max, message: t('action.maxLength', { label, n: max }) }] : [])]}>
            {f.kind.long ? <Input.TextArea rows={4} maxLength={max} /> : <Input maxLength={max} />}
          </Form.Item>
        );
      case 'time':
        return (
          <Form.Item key={f.name} name={f.name} label={label} rules={[requiredRule(f), { pattern: /^([01]\d|2[0-3]):[0-5]\d$/, message: t('action.timeRule') }]}>
            <Input placeholder="09:30" maxLength={5} inputMode="numeric" />
          </Form.Item>
        );
      case 'date':
        return (
          <Form.Item key={f.name} name={f.name} label={label} rules={[{ required: f.required, message: t('action.dateRule') }]}>
            <DateField format="YYYY-MM-DD" />
          </Form.Item>
        );
      case 'number':
        return (
          <Form.Item key={f.name} name={f.name} label={label} rules={[requiredRule(f)]}>
            <InputNumber min={f.schema.minimum} max={f.schema.maximum} />
          </Form.Item>
        );
      case 'bool':
        return (
          <Form.Item
            key={f.name}
            name={f.name}
            valuePropName="checked"
            rules={f.kind.mustBeTrue ? [{ validator: async (_, v: boolean) => { if (!v) throw new Error(t('action.consentRule')); } }] : []}
          >
            <Checkbox>{label}</Checkbox>
          </Form.Item>
        );
      case 'enum': {
        const name = f.name;
        return (
          <Form.Item key={f.name} name={f.name} label={label} rules={[requiredRule(f)]}>
            <Select allowClear={f.required ? undefined : allowClear} options={f.kind.values.map((v) => ({ value: v, label: enumLabel(name, v) }))} />
          </Form.Item>
        );
      }
      case 'enumList': {
        const name = f.name;
        return (
          <Form.Item key={f.name} name={f.name} label={label} rules={f.schema.minItems ? [{ type: 'array', min: f.schema.minItems, message: t('action.listMin', { label, n: f.schema.minItems }) }] : []}>
            <CheckboxGroupField label={label} options={f.kind.values.map((v) => ({ value: v, label: enumLabel(name, v) }))} />
          </Form.Item>
        );
      }
      case 'org':
        return (
          <Form.Item key={f.name} name={f.name} label={label} rules={[requiredRule(f)]}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={orgs.map((o) => ({ value: o.id, label: pick({ zh: o.nameZh, en: o.nameEn }) }))} />
          </Form.Item>
        );
      case 'evidence': {
        const mine = evidence.filter((e) => e.status === 'preserved');
        return (
          <Form.Item
            key={f.name}
            name={f.name}
            label={label}
            extra={t('action.evidenceHelp')}
            rules={f.schema.minItems ? [{ type: 'array', min: f.schema.minItems, message: t('action.listMin', { label, n: f.schema.minItems }) }] : []}
          >
            <Select
              mode="multiple"
              allowClear={allowClear}
              optionFilterProp="label"
              notFoundContent={<div className="empty-text">{t('request.evidenceNone')}</div>}
              options={mine.map((e) => ({ value: e.id, label: t('request.evidenceOption', { name: e.fileName, time: formatDateTime(e.preservedAt, locale) }) }))}
            />
          </Form.Item>
        );
      }
      case 'staff': {
        const panel = f.name === 'handlerIds';
        const listRules = f.kind.multiple
          ? [
              { type: 'array' as const, min: f.schema.minItems ?? 0, message: t('action.listMin', { label, n: f.schema.minItems ?? 0 }) },
              ...(panel
                ? [
                    {
                      validator: async (_: unknown, v: string[] | undefined) => {
                        const ids = (v ?? []).map((x) => x.trim()).filter(Boolean);
                        if (new Set(ids).size !== ids.length) throw new Error(t('action.panelDuplicate'));
                        if (ids.length % 2 === 0 && ids.length > 0) throw new Error(t('action.panelOdd'));
                      },
                    },
                  ]
                : []),
            ]
          : [requiredRule(f)];
        if (staffList) {
          return (
            <Form.Item key={f.name} name={f.name} label={label} extra={panel ? t('action.panelHelp') : undefined} rules={listRules}>
              <Select
                mode={f.kind.multiple ? 'multiple' : undefined}
                allowClear={allowClear}
                optionFilterProp="label"
                options={staffList.filter((u) => !panel || u.roles.includes('case_officer')).map((u) => ({ value: u.id, label: u.displayName }))}
              />
            </Form.Item>
          );
        }
        if (!f.kind.multiple) return renderUuid(f, label);
        return (
          <Form.Item key={f.name} label={label} required={f.required} extra={panel ? `${t('action.panelHelp')} ${t('action.panelUuidHelp')}` : t('action.uuidHelp')}>
            {renderList(f, label, [{ pattern: UUID, message: t('action.uuidRule') }], listRules)}
          </Form.Item>
        );
      }
      case 'uuid':
        return renderUuid(f, label);
      case 'textList':
        return (
          <Form.Item key={f.name} label={label} required={f.required}>
            {renderList(f, label, [{ required: true, whitespace: true, message: t('action.required', { label }) }], [
              { type: 'array' as const, min: f.schema.minItems ?? 0, message: t('action.listMin', { label, n: f.schema.minItems ?? 0 }) },
            ])}
          </Form.Item>
        );
    }
  };

  function renderUuid(f: Field, label: string) {
    return (
      <Form.Item key={f.name} name={f.name} label={label} extra={t('action.uuidHelp')} rules={[requiredRule(f), { pattern: UUID, message: t('action.uuidRule') }]}>
        <Input className="mono" maxLength={36} spellCheck={false} autoComplete="off" />
      </Form.Item>
    );
  }

  function renderList(f: Field, label: string, itemRules: object[], listRules: object[]) {
    const max = f.schema.maxItems ?? 50;
    return (
      <Form.List name={f.name} rules={listRules as never}>
        {(items, { add, remove }, { errors }) => (
          <>
            {items.map((item, i) => (
              <div className="action-list-row" key={item.key}>
                <Form.Item name={item.name} rules={itemRules as never} noStyle={false} style={{ flex: 1, marginBottom: 0 }}>
                  <Input aria-label={t('action.listItem', { label, n: i + 1 })} className={f.kind.kind === 'staff' ? 'mono' : undefined} maxLength={f.schema.items?.maxLength ?? 500} />
                </Form.Item>
                {items.length > 1 && (
                  <Button aria-label={t('action.listRemove', { n: i + 1 })} icon={<MinusCircleOutlined aria-hidden />} onClick={() => remove(item.name)} />
                )}
              </div>
            ))}
            {items.length < max && (
              <Button type="dashed" onClick={() => add('')} icon={<PlusOutlined aria-hidden />}>
                {t('action.listAdd', { label })}
              </Button>
            )}
            <Form.ErrorList errors={errors} />
          </>
        )}
      </Form.List>
    );
  }

  const title = pick(action.label);
  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      destroyOnHidden
      maskClosable={false}
      okText={t('action.submit')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: busy, disabled: busy }}
      cancelButtonProps={{ disabled: busy }}
      onOk={() => form.submit()}
      width={640}
      className="case-action-modal"
    >
      {fields.some((f) => f.kind.kind !== 'fixed') && <p>{t('action.intro')}</p>}
      <Form form={form} id={`action-${action.action}`} name={`action-${action.action}`} layout="vertical" initialValues={initialValues} onFinish={submit} disabled={busy}>
        {fields.map(renderField)}
      </Form>
      <ProblemAlert problem={problem} listFieldErrors />
    </Modal>
  );
}

