import { Form, Input, Select, Table } from 'antd';
import { Link } from 'react-router-dom';
import { useAllowClear } from '../../components/a11y';
import { PageHeader, Section } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { usePagedList } from '../../components/usePagedList';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { EvidenceStatusTag } from './EvidenceStatusTag';
import { evidenceApi, formatSize, METHODS, type Evidence, type EvidenceQuery, type EvidenceStatus, type ProvenanceMethod } from './evidenceApi';
import './evidence.css';
import { SearchButtons } from '../../components/SearchButtons';

const PAGE_SIZE = 20;
const STATUSES: EvidenceStatus[] = ['preserved', 'receiving', 'failed'];

type Filter = Pick<EvidenceQuery, 'q' | 'status' | 'method'>;

/** 我的存证: the evidence in reach, newest first, each linking to its receipt page. */
export function EvidenceListPage() {
  const { t, locale } = useI18n();
  const { session, can } = useSession();
  const allowClear = useAllowClear();
  const [form] = Form.useForm<Filter>();
  const { setFilter, data, problem, loading, pagination } = usePagedList<Filter, Evidence>(
    (filter, limit, offset) => evidenceApi.list({ ...filter, limit, offset }),
    PAGE_SIZE,
    {},
  );
  const applicant = session?.account.kind === 'applicant';

  return (
    <>
      <PageHeader
        title={t(applicant ? 'evidence.list.title' : 'evidence.list.titleStaff')}
        intro={t(applicant ? 'evidence.list.intro' : 'evidence.list.introStaff')}
        extra={
          can('evidence.create') && (
            <Link className="primary-link" to="/evidence/new">
              {t('evidence.list.new')}
            </Link>
          )
        }
      />
      <ProblemAlert problem={problem} />
      <Section title={t('evidence.list.searchTitle')} id="evidence-search-section">
        <Form
          form={form}
          name="evidence-search"
          layout="inline"
          className="filters"
          onFinish={(v) => {
            setFilter({ q: v.q?.trim() || undefined, status: v.status, method: v.method });
          }}
        >
          <Form.Item name="q" label={t('evidence.list.q')}>
            <Input allowClear={allowClear} placeholder={t('evidence.list.qPlaceholder')} maxLength={100} style={{ minWidth: 220 }} />
          </Form.Item>
          <Form.Item name="status" label={t('evidence.list.statusFilter')}>
            <Select<EvidenceStatus>
              allowClear={allowClear}
              placeholder={t('common.all')}
              style={{ minWidth: 140 }}
              options={STATUSES.map((s) => ({ value: s, label: t(`evidence.status.${s}`) }))}
            />
          </Form.Item>
          <Form.Item name="method" label={t('evidence.list.methodFilter')}>
            <Select<ProvenanceMethod>
              allowClear={allowClear}
              placeholder={t('common.all')}
              style={{ minWidth: 160 }}
              options={METHODS.map((m) => ({ value: m, label: t(`evidence.method.${m}`) }))}
            />
          </Form.Item>
          <SearchButtons
            onReset={() => {
              form.resetFields();
              setFilter({});
            }}
          />
        </Form>
      </Section>
      <Section title={t('evidence.list.tableTitle')} id="evidence-list">
        <Table<Evidence>
          rowKey="id"
          loading={loading}
          dataSource={data?.items ?? []}
          scroll={{ x: 960 }}
          caption={<span className="sr-only">{t('evidence.list.tableTitle')}</span>}
          locale={{ emptyText: <div className="empty-text">{t('evidence.list.none')}</div> }}
          pagination={pagination}
          columns={[
            { title: t('evidence.col.fileName'), key: 'fileName', render: (_, e) => <Link to={`/evidence/${e.id}`}>{e.fileName}</Link> },
            { title: t('evidence.col.size'), key: 'size', render: (_, e) => formatSize(e.size) },
            { title: t('evidence.col.mediaType'), key: 'mediaType', render: (_, e) => <span className="mono">{e.mediaType ?? '—'}</span> },
            { title: t('evidence.col.method'), key: 'method', render: (_, e) => t(`evidence.method.${e.method}`) },
            { title: t('evidence.col.preservedAt'), key: 'preservedAt', render: (_, e) => formatDateTime(e.preservedAt, locale) },
            { title: t('evidence.col.index'), key: 'index', render: (_, e) => <span className="mono">{e.ledger.index ?? '—'}</span> },
            { title: t('evidence.col.status'), key: 'status', render: (_, e) => <EvidenceStatusTag status={e.status} /> },
          ]}
        />
      </Section>
    </>
  );
}
