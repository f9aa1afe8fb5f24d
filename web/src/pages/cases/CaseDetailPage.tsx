import { DownloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Result, Table } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, ApiError, toProblem, type Organisation, type Problem } from '../../api';
import { PageHeader, Section } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Loading } from '../../components/RequireAuth';
import { formatDate, formatDateTime } from '../../format';
import { useI18n, usePageTitle } from '../../i18n';
import { zhCN } from '../../i18n/zh-CN';
import { formatSize } from '../evidence/evidenceApi';
import { ActionModal } from './ActionForm';
import { AlertTag, CaseStatusTag, districtName, k, useLengthText } from './caseParts';
import { useCasesApi, verifyLink, type CaseAction, type CaseDeadline, type CaseDetail, type CaseDocument, type MatterType } from './casesApi';
import { ConfidenceTag } from './MattersPage';
import './cases.css';

function NotInReach() {
  const { t } = useI18n();
  usePageTitle(t('case.notFoundTitle'));
  return (
    <Result
      status="404"
      title={<h1 className="result-title">{t('case.notFoundTitle')}</h1>}
      subTitle={t('case.notFoundText')}
      extra={<Link to="/cases">{t('case.back')}</Link>}
    />
  );
}

function LeftCell({ d }: { d: CaseDeadline }) {
  const { t } = useI18n();
  if (d.workingDaysLeft === null || (d.state !== 'running' && d.state !== 'paused')) return <>—</>;
  if (d.workingDaysLeft < 0) return <>{t('case.leftOverdue', { n: -d.workingDaysLeft })}</>;
  if (d.workingDaysLeft === 0) return <>{t('case.leftToday')}</>;
  return <>{t('case.leftValue', { n: d.workingDaysLeft })}</>;
}

/** A payload as a short list of "field: value" lines, in the catalogue's words where known. */
function PayloadList({ payload, names }: { payload: Record<string, unknown>; names: Map<string, string> }) {
  const { t } = useI18n();
  const label = (name: string) => (`action.field.${name}` in zhCN ? t(k(`action.field.${name}`)) : name);
  const value = (name: string, v: unknown): string => {
    if (Array.isArray(v)) return v.map((x) => value(name, x)).join(t('common.listSeparator'));
    if (typeof v === 'boolean') return t(v ? 'common.yes' : 'common.no');
    if (typeof v === 'string' && `action.enum.${name}.${v}` in zhCN) return t(k(`action.enum.${name}.${v}`));
    if (typeof v === 'string' && names.has(v)) return names.get(v)!;
    if (v === null || v === undefined) return '—';
    return typeof v === 'object' ? JSON.stringify(v) : String(v);
  };
  const entries = Object.entries(payload).filter(([n, v]) => v !== null && v !== undefined && n !== 'matterType' && n !== 'actingFor' && !(Array.isArray(v) && v.length === 0));
  if (!entries.length) return <>—</>;
  return (
    <ul className="case-payload">
      {entries.map(([n, v]) => (
        <li key={n}>
          {t('case.labelValue', { label: label(n), value: value(n, v) })}
        </li>
      ))}
    </ul>
  );
}

function DocumentLinks({ d }: { d: CaseDocument }) {
  const { t, pick } = useI18n();
  const title = pick(d.title);
  return (
    <span className="case-doc-links">
      <a href={d.links.file} download aria-label={t('case.downloadPdf', { title })}>
        <DownloadOutlined aria-hidden /> {t('case.downloadPdfShort')}
      </a>
      <a href={d.links.receipt} download aria-label={t('case.downloadReceipt', { title })}>
        <DownloadOutlined aria-hidden /> {t('case.downloadReceiptShort')}
      </a>
      <Link to={verifyLink(d)} aria-label={t('case.verifyDoc', { title })}>
        <SafetyCertificateOutlined aria-hidden /> {t('case.verifyShort')}
      </Link>
    </span>
  );
}

/** The case page (案件详情) for the requester, the respondent and the office's staff. */
export function CaseDetailPage() {
  const { id = '' } = useParams();
  const { t, pick, locale } = useI18n();
  const casesApi = useCasesApi();
  const lengthText = useLengthText();
  const [detail, setDetail] = useState<CaseDetail | null>(null);
  const [notFound, setNotFound] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [reloaded, setReloaded] = useState(false);
  const [done, setDone] = useState<CaseAction | null>(null);
  const [open, setOpen] = useState<CaseAction | null>(null);
  const [types, setTypes] = useState<MatterType[]>([]);
  const [districts, setDistricts] = useState<Organisation[]>([]);

  const load = useCallback(async () => {
    try {
      setDetail(await casesApi.get(id));
    } catch (e) {
      if (e instanceof ApiError && (e.status === 404 || e.status === 400)) setNotFound(true);
      else setProblem(toProblem(e));
    }
  }, [casesApi, id]);

  useEffect(() => {
    setDetail(null);
    setNotFound(false);
    setProblem(null);
    void load();
  }, [load]);

  useEffect(() => {
    casesApi.matterTypes().then((r) => setTypes(r.items), () => setTypes([]));
    api.districts().then((r) => setDistricts(r.items), () => setDistricts([]));
  }, [casesApi]);

  const pageTitle = detail ? `${detail.number} ${pick(detail.matterTitle)}` : notFound ? t('case.notFoundTitle') : t('common.loading');
  usePageTitle(pageTitle);
  if (notFound) return <NotInReach />;
  if (!detail) return problem ? <ProblemAlert problem={problem} /> : <Loading />;

  const c = detail;
  const type = types.find((m) => m.code === c.matterType);
  const statusLabel = (code: string | null) => {
    if (!code) return '—';
    const s = type?.statuses.find((x) => x.code === code);
    return s ? pick(s.label) : code;
  };
  const regionName = (code: unknown) => {
    if (typeof code !== 'string') return '—';
    const o = districts.find((d) => d.regionCode === code || d.regionAliases.includes(code));
    return o ? t('request.districtOption', { name: districtName(o, locale), code }) : code;
  };
  const form = c.form as Record<string, unknown> & { respondent?: Record<string, unknown>; claims?: number[] };
  const party = (p: CaseDetail['parties']['requester']) => [
    { key: 'name', label: t('case.partyName'), children: p.name },
    ...(p.uscc ? [{ key: 'uscc', label: t('case.partyUscc'), children: <span className="mono">{p.uscc}</span> }] : []),
    { key: 'address', label: t('case.partyAddress'), children: p.address ?? '—' },
  ];
  const roleName = (role: string) => (`role.${role}` in zhCN ? t(k(`role.${role}`)) : role);

  const requestItems = [
    { key: 'patentNumber', label: t('case.form.patentNumber'), children: <span className="mono">{String(form.patentNumber ?? '—')}</span> },
    { key: 'patentTitle', label: t('case.form.patentTitle'), children: String(form.patentTitle ?? '—') },
    {
      key: 'standing',
      label: t('case.form.standing'),
      children: typeof form.requesterStanding === 'string' ? t(k(`request.standing.${form.requesterStanding}`)) : '—',
    },
    ...(form.standingBasis ? [{ key: 'standingBasis', label: t('case.form.standingBasis'), children: <pre className="case-pre">{String(form.standingBasis)}</pre> }] : []),
    { key: 'claims', label: t('case.form.claims'), children: Array.isArray(form.claims) ? form.claims.join(t('common.listSeparator')) : '—' },
    ...(form.infringementRegionCode ? [{ key: 'region', label: t('case.form.infringementRegion'), children: regionName(form.infringementRegionCode) }] : []),
    ...(form.industry ? [{ key: 'industry', label: t('case.form.industry'), children: t(k(`request.industry.${String(form.industry)}`)) }] : []),
    { key: 'requests', label: t('case.form.requests'), children: <pre className="case-pre">{String(form.requests ?? '—')}</pre> },
    { key: 'facts', label: t('case.form.facts'), children: <pre className="case-pre">{String(form.facts ?? '—')}</pre> },
    ...(form.noCourtAction ? [{ key: 'noCourt', label: t('case.form.noCourtAction'), children: t('case.form.noCourtActionValue') }] : []),
  ];

  // Account and evidence ids in the history, by the names the case already shows.
  const names = new Map<string, string>([...c.assignees.map((a) => [a.userId, a.displayName] as const), ...c.evidence.map((e) => [e.id, e.fileName] as const)]);
  const handlers = c.assignees.map((a) => t('case.panelMember', { name: a.displayName, role: t(k(`case.panelRole.${a.role}`)) })).join(t('common.listSeparator'));

  return (
    <div className="case-page">
      <PageHeader title={pageTitle} intro={c.title} extra={<Link to="/cases">{t('case.back')}</Link>} />
      <ProblemAlert problem={problem} onClose={() => setProblem(null)} />
      {reloaded && <Alert type="warning" showIcon title={t('case.reloaded')} closable={{ onClose: () => setReloaded(false), 'aria-label': t('common.dismiss') }} />}
      {done && <Alert type="success" showIcon title={t('case.actionDone', { action: pick(done.label) })} closable={{ onClose: () => setDone(null), 'aria-label': t('common.dismiss') }} />}

      <Section title={t('case.summarySection')} id="case-summary">
        <p className="case-next">
          <strong>{t('case.labelColon', { label: t('case.next') })}</strong>
          {pick(c.next)}
        </p>
        <Descriptions
          bordered
          size="small"
          column={{ xs: 1, sm: 1, md: 2 }}
          items={[
            { key: 'number', label: t('case.number'), children: <span className="mono">{c.number}</span> },
            { key: 'status', label: t('case.status'), children: <CaseStatusTag label={c.statusLabel} terminal={c.terminal} /> },
            { key: 'matter', label: t('case.matter'), children: pick(c.matterTitle) },
            { key: 'org', label: t('case.org'), children: pick({ zh: c.org.nameZh, en: c.org.nameEn }) },
            { key: 'received', label: t('case.received'), children: formatDate(c.receivedOn, locale, false) },
            { key: 'role', label: t('case.viewerRole'), children: t(k(`case.viewerRole.${c.viewerRole}`)) },
            { key: 'grade', label: t('case.grade'), children: `${t(k(`case.grade.${c.grade}`))}${c.fastTrack ? t('case.fastTrack') : ''}` },
            { key: 'panel', label: t('case.panel'), children: handlers || '—' },
            { key: 'version', label: t('case.version'), children: <span className="mono">{c.version}</span> },
          ]}
        />
      </Section>

      <Section title={t('case.actionsSection')} id="case-actions">
        {c.availableActions.length === 0 ? (
          <p>{t('case.actionsNone')}</p>
        ) : (
          <ul className="case-actions">
            {c.availableActions.map((a) => {
              const reasonId = `blocked-${a.action}`;
              return (
                <li key={a.action}>
                  <Button type={a.blocked ? 'default' : 'primary'} disabled={!!a.blocked} aria-describedby={a.blocked ? reasonId : undefined} onClick={() => setOpen(a)}>
                    {pick(a.label)}
                  </Button>
                  {a.blocked && (
                    <span className="case-blocked" id={reasonId}>
                      {t('case.actionBlocked', { reason: a.blocked.messages[locale] })}
                    </span>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </Section>

      <Section title={t('case.deadlinesSection')} id="case-deadlines">
        <Table<CaseDeadline>
          rowKey={(d) => `${d.name}-${d.startDate}`}
          size="small"
          pagination={false}
          dataSource={c.deadlines}
          scroll={{ x: 1000 }}
          caption={<span className="sr-only">{t('case.deadlinesSection')}</span>}
          locale={{ emptyText: <div className="empty-text">{t('case.deadlinesNone')}</div> }}
          columns={[
            {
              title: t('case.col.deadline'),
              key: 'label',
              width: 190,
              render: (_, d) => (
                <>
                  {pick(d.label)} <span className="field-hint">{lengthText(d.length, d.unit)}</span>
                  {d.kind === 'internal' && <span className="case-internal">{t('case.internalTarget')}</span>}
                </>
              ),
            },
            { title: t('case.col.owedBy'), key: 'owedBy', width: 100, render: (_, d) => t(k(`clock.owedBy.${d.owedBy}`)) },
            {
              title: t('case.col.due'),
              key: 'due',
              width: 200,
              render: (_, d) => (
                <>
                  {formatDate(d.dueDate, locale)}
                  {d.provisional && (d.state === 'running' || d.state === 'paused') && <span className="case-provisional">{t('case.provisional')}</span>}
                </>
              ),
            },
            { title: t('case.col.left'), key: 'left', width: 110, render: (_, d) => <LeftCell d={d} /> },
            {
              title: t('case.col.state'),
              key: 'state',
              width: 120,
              render: (_, d) => (
                <span className="case-deadline-line">
                  {t(k(`clock.state.${d.state}`))}
                  {(d.state === 'running' || d.state === 'paused') && d.alert !== 'none' && <AlertTag alert={d.alert} />}
                </span>
              ),
            },
            {
              title: t('case.col.basis'),
              key: 'basis',
              render: (_, d) => (
                <>
                  <span className="case-basis">{pick(d.basis)}</span> <ConfidenceTag c={d.confidence} />
                </>
              ),
            },
          ]}
        />
      </Section>

      <Section title={t('case.partiesSection')} id="case-parties">
        <h3 className="subheading">{t('case.requester')}</h3>
        <Descriptions bordered size="small" column={1} items={party(c.parties.requester)} />
        <h3 className="subheading">{t('case.respondent')}</h3>
        <Descriptions bordered size="small" column={1} items={party(c.parties.respondent)} />
        <p className="field-hint">
          {t('case.labelValue', { label: t('case.submittedBy'), value: c.parties.submittedBy.displayName })}
        </p>
      </Section>

      <Section title={t('case.requestSection')} id="case-request">
        <Descriptions bordered size="small" column={1} items={requestItems} />
      </Section>

      <Section title={t('case.documentsSection')} id="case-documents">
        <Table<CaseDocument>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={c.documents}
          scroll={{ x: 800 }}
          caption={<span className="sr-only">{t('case.documentsSection')}</span>}
          locale={{ emptyText: <div className="empty-text">{t('case.documentsNone')}</div> }}
          columns={[
            { title: t('case.col.document'), key: 'title', render: (_, d) => pick(d.title) },
            { title: t('case.col.docNumber'), key: 'number', render: (_, d) => <span className="mono">{d.number}</span> },
            { title: t('case.col.issued'), key: 'issued', render: (_, d) => formatDateTime(d.createdAt, locale) },
            { title: t('case.col.downloads'), key: 'links', render: (_, d) => <DocumentLinks d={d} /> },
          ]}
        />
      </Section>

      <Section title={t('case.evidenceSection')} id="case-evidence">
        <Table<CaseDetail['evidence'][number]>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={c.evidence}
          scroll={{ x: 800 }}
          caption={<span className="sr-only">{t('case.evidenceSection')}</span>}
          locale={{ emptyText: <div className="empty-text">{t('case.evidenceNone')}</div> }}
          columns={[
            { title: t('case.col.fileName'), key: 'fileName', render: (_, e) => <span className="case-break">{e.fileName}</span> },
            { title: t('case.col.party'), key: 'party', render: (_, e) => (`case.party.${e.party}` in zhCN ? t(k(`case.party.${e.party}`)) : e.party) },
            { title: t('case.col.size'), key: 'size', render: (_, e) => formatSize(e.size) },
            { title: 'SHA-256', key: 'sha256', render: (_, e) => <code className="mono">{e.sha256 ? `${e.sha256.slice(0, 16)}…` : '—'}</code> },
            { title: t('case.col.added'), key: 'added', render: (_, e) => formatDateTime(e.addedAt, locale) },
          ]}
        />
      </Section>

      <Section title={t('case.historySection')} id="case-history">
        <Table<CaseDetail['history'][number]>
          rowKey="seq"
          size="small"
          pagination={false}
          dataSource={c.history}
          scroll={{ x: 1000 }}
          caption={<span className="sr-only">{t('case.historySection')}</span>}
          columns={[
            { title: t('case.col.time'), key: 'time', render: (_, e) => formatDateTime(e.occurredAt, locale) },
            { title: t('case.col.step'), key: 'step', render: (_, e) => pick(e.label) },
            { title: t('case.col.actor'), key: 'actor', render: (_, e) => [roleName(e.actor.role), e.actor.displayName].filter(Boolean).join(' ') },
            {
              title: t('case.col.change'),
              key: 'change',
              render: (_, e) => (e.fromStatus && e.fromStatus !== e.toStatus ? t('case.statusChange', { from: statusLabel(e.fromStatus), to: statusLabel(e.toStatus) }) : statusLabel(e.toStatus)),
            },
            { title: t('case.col.details'), key: 'details', render: (_, e) => (e.payload ? <PayloadList payload={e.payload} names={names} /> : <span className="field-hint">{t('case.historyInternal')}</span>) },
          ]}
        />
      </Section>

      <ActionModal
        detail={c}
        action={open}
        onClose={() => setOpen(null)}
        onDone={(d) => {
          setDone(open);
          setOpen(null);
          setReloaded(false);
          setProblem(null);
          setDetail(d);
        }}
        onConflict={(p) => {
          setOpen(null);
          setDone(null);
          setProblem(p);
          setReloaded(true);
          void load();
        }}
      />
    </div>
  );
}
