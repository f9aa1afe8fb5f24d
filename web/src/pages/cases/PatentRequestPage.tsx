import { ReloadOutlined } from '@ant-design/icons';
import { Button, Checkbox, Descriptions, Form, Input, Radio, Select } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { errorText } from '../../../../src/platform/errors';
import { checkIdentifier } from '../../../../src/platform/ids';
import { api, type Organisation, type Representation } from '../../api';
import { useAllowClear } from '../../components/a11y';
import { PageHeader, Section } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useFormProblem } from '../../components/useFormProblem';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { districtOptions, k } from './caseParts';
import { newRequestId, useCasesApi, type Evidence } from './casesApi';
import './cases.css';

const MATTER = 'patent_adjudication';

interface Values {
  actingFor?: string;
  patentNumber: string;
  patentTitle: string;
  requesterStanding: 'patentee' | 'interested_party';
  standingBasis?: string;
  claims: string[];
  respondent: { subjectType: 'enterprise' | 'individual'; name: string; uscc?: string; address: string; regionCode?: string };
  infringementRegionCode?: string;
  industry?: string;
  requests: string;
  facts: string;
  evidenceIds: string[];
  noCourtAction: boolean;
}

// Where a problem code belongs in the form.
const CODE_FIELDS = {
  'case.principal_not_represented': 'actingFor',
  'case.evidence_unusable': 'evidenceIds',
  'ids.patent.': 'patentNumber',
};

/** The industries the matter type's JSON schema offers. */
function industriesOf(schema: Record<string, unknown> | undefined): string[] {
  const props = (schema?.properties ?? {}) as Record<string, { enum?: string[] }>;
  return props.industry?.enum ?? [];
}

/** 专利侵权纠纷处理请求书: the request, with what the platform knows about the requester shown, not asked. */
export function PatentRequestPage() {
  const { t, locale } = useI18n();
  const { session } = useSession();
  const casesApi = useCasesApi();
  const navigate = useNavigate();
  const allowClear = useAllowClear();
  const [form] = Form.useForm<Values>();
  const { problem, report, clear, onValuesChange } = useFormProblem(form, CODE_FIELDS);
  const [districts, setDistricts] = useState<Organisation[]>([]);
  const [industries, setIndustries] = useState<string[]>([]);
  const [evidence, setEvidence] = useState<Evidence[] | null>(null);
  const [principals, setPrincipals] = useState<Representation[]>([]);
  const [busy, setBusy] = useState(false);
  // One id per form: a double click or a retry submits the same request, never a second case.
  const requestId = useRef(newRequestId());
  const standing = Form.useWatch('requesterStanding', form);
  const subjectType = Form.useWatch(['respondent', 'subjectType'], form);
  const actingFor = Form.useWatch('actingFor', form);
  const account = session?.account;
  const profile = account?.profile;

  const loadEvidence = useCallback(() => {
    casesApi.preservedEvidence().then(
      (r) => setEvidence(r.items),
      () => setEvidence([]),
    );
  }, [casesApi]);

  useEffect(() => {
    api.districts().then((r) => setDistricts(r.items), () => setDistricts([]));
    casesApi.matterTypes().then(
      (r) => setIndustries(industriesOf(r.items.find((m) => m.code === MATTER)?.submissionSchema)),
      () => undefined,
    );
    loadEvidence();
  }, [casesApi, loadEvidence]);

  useEffect(() => {
    if (!profile?.actsAsAgent) return;
    api.representations().then((r) => setPrincipals(r.asAgent), () => setPrincipals([]));
  }, [profile?.actsAsAgent]);

  const principal = principals.find((p) => p.principal.id === actingFor);
  // Evidence usable for the chosen principal: the agent's own uploads for him, or the principal's.
  const owner = principal ? principal.principal.id : account?.id;
  const evidenceChoices = (evidence ?? []).filter((e) => (e.principal ? e.principal.userId : e.submitter.userId) === owner);

  const submit = async (v: Values) => {
    clear();
    setBusy(true);
    const respondent = {
      subjectType: v.respondent.subjectType,
      name: v.respondent.name.trim(),
      address: v.respondent.address.trim(),
      ...(v.respondent.subjectType === 'enterprise' && v.respondent.uscc?.trim() ? { uscc: v.respondent.uscc.trim() } : {}),
      ...(v.respondent.regionCode ? { regionCode: v.respondent.regionCode } : {}),
    };
    const formBody: Record<string, unknown> = {
      patentNumber: v.patentNumber.trim(),
      patentTitle: v.patentTitle.trim(),
      requesterStanding: v.requesterStanding,
      ...(v.requesterStanding === 'interested_party' ? { standingBasis: v.standingBasis?.trim() } : {}),
      respondent,
      ...(v.infringementRegionCode ? { infringementRegionCode: v.infringementRegionCode } : {}),
      ...(v.industry ? { industry: v.industry } : {}),
      claims: [...new Set(v.claims.map((c) => Number(String(c).trim())))].sort((a, b) => a - b),
      requests: v.requests.trim(),
      facts: v.facts.trim(),
      evidenceIds: v.evidenceIds ?? [],
      noCourtAction: true,
    };
    try {
      const created = await casesApi.submitMatter({
        matterType: MATTER,
        requestId: requestId.current,
        ...(v.actingFor && v.actingFor !== account?.id ? { actingFor: v.actingFor } : {}),
        form: formBody,
      });
      navigate(`/cases/${created.id}`);
    } catch (e) {
      report(e);
      setBusy(false);
    }
  };

  const districtChoices = districtOptions(districts, locale, t);
  const knownItems = principal
    ? [{ key: 'name', label: t('request.knownName'), children: principal.principal.name }]
    : [
        { key: 'name', label: t('request.knownName'), children: profile?.name ?? account?.displayName ?? '—' },
        ...(profile?.uscc ? [{ key: 'uscc', label: t('request.knownUscc'), children: <span className="mono">{profile.uscc}</span> }] : []),
        ...(profile?.idNumberMasked ? [{ key: 'id', label: t('request.knownIdNumber'), children: <span className="mono">{profile.idNumberMasked}</span> }] : []),
        ...(profile?.legalRepresentative ? [{ key: 'rep', label: t('request.knownLegalRep'), children: profile.legalRepresentative }] : []),
        { key: 'address', label: t('request.knownAddress'), children: profile?.address ?? t('common.notProvided') },
      ];

  const text = (name: keyof Values | (string | number)[], label: string, rule: string, max: number, opts: { rows?: number; help?: string; required?: boolean } = {}) => (
    <Form.Item
      name={name as never}
      label={label}
      extra={opts.help}
      rules={[{ required: opts.required ?? true, whitespace: true, max, message: rule }]}
    >
      {opts.rows ? <Input.TextArea rows={opts.rows} maxLength={max} showCount={max <= 5000} /> : <Input maxLength={max} />}
    </Form.Item>
  );

  return (
    <>
      <PageHeader title={t('request.title')} intro={t('request.intro')} extra={<Link to="/matters">{t('request.back')}</Link>} />
      <Form<Values>
        form={form}
        name="patent-request"
        layout="vertical"
        className="case-form"
        initialValues={{ requesterStanding: 'patentee', respondent: { subjectType: 'enterprise' }, claims: [], evidenceIds: [], actingFor: account?.id }}
        onValuesChange={onValuesChange}
        onFinish={submit}
        disabled={busy}
        scrollToFirstError
      >
        <Section title={t('request.knownSection')} id="request-known">
          {principals.length > 0 && (
            <Form.Item name="actingFor" label={t('request.actingFor')} extra={t('request.actingForHelp')}>
              <Select
                options={[
                  { value: account!.id, label: t('request.actingForSelf', { name: account!.displayName }) },
                  ...principals.map((r) => ({ value: r.principal.id, label: r.principal.name })),
                ]}
              />
            </Form.Item>
          )}
          <p className="field-hint">{t(principal ? 'request.knownNotePrincipal' : 'request.knownNote')}</p>
          <Descriptions className="case-known" bordered size="small" column={1} items={knownItems} />
        </Section>

        <Section title={t('request.patentSection')} id="request-patent">
          <Form.Item
            name="patentNumber"
            label={t('request.patentNumber')}
            extra={t('request.patentNumberHelp')}
            required
            rules={[
              {
                validator: async (_, v: string | undefined) => {
                  if (!v || !v.trim()) throw new Error(t('request.patentNumberRule'));
                  const r = checkIdentifier('patent', v);
                  if (!r.ok) throw new Error(errorText(r.code, locale, r.params));
                },
              },
            ]}
          >
            <Input maxLength={40} autoComplete="off" spellCheck={false} />
          </Form.Item>
          {text('patentTitle', t('request.patentTitle'), t('request.patentTitleRule'), 300)}
          <Form.Item name="requesterStanding" label={t('request.standing')} rules={[{ required: true }]}>
            <Radio.Group
              options={(['patentee', 'interested_party'] as const).map((s) => ({ value: s, label: t(`request.standing.${s}`) }))}
            />
          </Form.Item>
          {standing === 'interested_party' &&
            text('standingBasis', t('request.standingBasis'), t('request.standingBasisRule'), 2000, { rows: 3, help: t('request.standingBasisHelp') })}
          <Form.Item
            name="claims"
            label={t('request.claims')}
            extra={t('request.claimsHelp')}
            required
            rules={[
              {
                validator: async (_, v: string[] | undefined) => {
                  if (!v || v.length === 0 || v.some((c) => !/^\d{1,3}$/.test(String(c).trim()) || Number(c) < 1)) throw new Error(t('request.claimsRule'));
                },
              },
            ]}
          >
            <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[',', '，', '、', ' ']} placeholder={t('request.claimsPlaceholder')} />
          </Form.Item>
        </Section>

        <Section title={t('request.respondentSection')} id="request-respondent">
          <Form.Item name={['respondent', 'subjectType']} label={t('request.respondentType')} rules={[{ required: true }]}>
            <Radio.Group options={(['enterprise', 'individual'] as const).map((s) => ({ value: s, label: t(`request.subject.${s}`) }))} />
          </Form.Item>
          {text(['respondent', 'name'], t('request.respondentName'), t('request.respondentNameRule'), 200)}
          {subjectType !== 'individual' && (
            <Form.Item
              name={['respondent', 'uscc']}
              label={t('request.respondentUscc')}
              required
              rules={[
                {
                  validator: async (_, v: string | undefined) => {
                    if (!v || !v.trim()) throw new Error(t('request.respondentUsccRule'));
                    const r = checkIdentifier('uscc', v);
                    if (!r.ok) throw new Error(errorText(r.code, locale, r.params));
                  },
                },
              ]}
            >
              <Input maxLength={40} autoComplete="off" spellCheck={false} />
            </Form.Item>
          )}
          {text(['respondent', 'address'], t('request.respondentAddress'), t('request.respondentAddressRule'), 300)}
          <Form.Item name={['respondent', 'regionCode']} label={t('request.respondentDistrict')} extra={t('request.districtHelp')}>
            <Select allowClear={allowClear} showSearch={{ optionFilterProp: 'label' }} options={districtChoices} placeholder={t('common.notProvided')} />
          </Form.Item>
        </Section>

        <Section title={t('request.disputeSection')} id="request-dispute">
          <Form.Item name="infringementRegionCode" label={t('request.infringementDistrict')} extra={t('request.districtHelp')}>
            <Select allowClear={allowClear} showSearch={{ optionFilterProp: 'label' }} options={districtChoices} placeholder={t('common.notProvided')} />
          </Form.Item>
          <Form.Item name="industry" label={t('request.industry')} extra={t('request.industryHelp')}>
            <Select allowClear={allowClear} options={industries.map((i) => ({ value: i, label: t(k(`request.industry.${i}`)) }))} placeholder={t('common.notProvided')} />
          </Form.Item>
          {text('requests', t('request.requests'), t('request.requestsRule'), 5000, { rows: 3, help: t('request.requestsHelp') })}
          {text('facts', t('request.facts'), t('request.factsRule'), 50_000, { rows: 8 })}
        </Section>

        <Section title={t('request.evidenceSection')} id="request-evidence">
          <Form.Item name="evidenceIds" label={t('request.evidence')} extra={t('request.evidenceHelp')} rules={[{ type: 'array', max: 50 }]}>
            <Select
              mode="multiple"
              allowClear={allowClear}
              loading={evidence === null}
              optionFilterProp="label"
              notFoundContent={<div className="empty-text">{t('request.evidenceNone')}</div>}
              options={evidenceChoices.map((e) => ({ value: e.id, label: t('request.evidenceOption', { name: e.fileName, time: formatDateTime(e.preservedAt, locale) }) }))}
            />
          </Form.Item>
          <div className="case-evidence-links">
            <a href="/evidence/new" target="_blank" rel="noopener">
              {t('request.evidenceUpload')}
            </a>
            <Button size="small" icon={<ReloadOutlined aria-hidden />} onClick={loadEvidence}>
              {t('request.evidenceReload')}
            </Button>
          </div>
        </Section>

        <Section title={t('request.declarationSection')} id="request-declaration">
          <Form.Item
            name="noCourtAction"
            valuePropName="checked"
            rules={[{ validator: async (_, v: boolean | undefined) => { if (!v) throw new Error(t('request.noCourtActionRule')); } }]}
          >
            <Checkbox>{t('request.noCourtAction')}</Checkbox>
          </Form.Item>
        </Section>

        <ProblemAlert problem={problem} listFieldErrors />
        <Form.Item className="case-form-actions">
          <Button type="primary" htmlType="submit" loading={busy} disabled={busy}>
            {t('request.submit')}
          </Button>
        </Form.Item>
      </Form>
    </>
  );
}
