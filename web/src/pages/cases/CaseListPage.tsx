import { Checkbox, Form, Input, Select, Table } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { useAllowClear } from '../../components/a11y';
import { PageHeader, Section } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { SearchButtons } from '../../components/SearchButtons';
import { usePagedList } from '../../components/usePagedList';
import { formatDate } from '../../format';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { CaseStatusTag, DeadlineLine } from './caseParts';
import { useCasesApi, type CaseListItem, type CaseQuery, type MatterType } from './casesApi';
import './cases.css';

const PAGE_SIZE = 20;

type Filter = Omit<CaseQuery, 'limit' | 'offset'>;

interface FormValues {
  q?: string;
  status?: string;
  assignedToMe?: boolean;
  alert?: 'due_soon' | 'overdue';
  open?: 'true' | 'false';
  sort?: 'due' | 'updated' | 'received';
}

/** 我的事项 for applicants; the work queue for staff. */
export function CaseListPage() {
  const { t, locale, pick } = useI18n();
  const { session, can } = useSession();
  const casesApi = useCasesApi();
  const allowClear = useAllowClear();
  const [form] = Form.useForm<FormValues>();
  const staff = session?.account.kind === 'staff';
  const initial: Filter = staff ? { sort: 'due', open: 'true' } : { sort: 'updated' };
  const { setFilter, data, problem, loading, pagination } = usePagedList<Filter, CaseListItem>(
    (filter, limit, offset) => casesApi.list({ ...filter, limit, offset }),
    PAGE_SIZE,
    initial,
  );
  const [types, setTypes] = useState<MatterType[]>([]);

  useEffect(() => {
    casesApi.matterTypes().then((r) => setTypes(r.items), () => setTypes([]));
  }, [casesApi]);

  // Every status of every matter type, once (labels from the API, in both languages).
  const statusOptions = [...new Map(types.flatMap((m) => m.statuses.map((s) => [s.code, { value: s.code, label: pick(s.label) }] as const))).values()];

  const terminal = (c: CaseListItem) => types.find((m) => m.code === c.matterType)?.statuses.find((s) => s.code === c.status)?.terminal;

  const toFilter = (v: FormValues): Filter => ({
    q: v.q?.trim() || undefined,
    status: v.status,
    assignee: v.assignedToMe ? 'me' : undefined,
    alert: v.alert,
    open: v.open,
    sort: v.sort ?? initial.sort,
  });

  const columns = [
    {
      title: t('cases.col.number'),
      key: 'number',
      render: (_: unknown, c: CaseListItem) => (
        <>
          <Link className="case-list-number" to={`/cases/${c.id}`}>
            {c.number}
          </Link>
          <span className="case-list-title">{pick(c.matterTitle)}</span>
        </>
      ),
    },
    { title: t('cases.col.parties'), key: 'parties', render: (_: unknown, c: CaseListItem) => t('cases.partiesValue', { requester: c.requesterName, respondent: c.respondentName }) },
    { title: t('cases.col.status'), key: 'status', render: (_: unknown, c: CaseListItem) => <CaseStatusTag label={c.statusLabel} terminal={terminal(c)} /> },
    { title: t('cases.col.next'), key: 'next', render: (_: unknown, c: CaseListItem) => pick(c.next) },
    { title: t('cases.col.deadline'), key: 'deadline', render: (_: unknown, c: CaseListItem) => <DeadlineLine d={c.nextDeadline} /> },
    { title: t('cases.col.org'), key: 'org', render: (_: unknown, c: CaseListItem) => pick({ zh: c.org.nameZh, en: c.org.nameEn }) },
    { title: t('cases.col.received'), key: 'received', render: (_: unknown, c: CaseListItem) => formatDate(c.receivedOn, locale, false) },
  ];

  return (
    <>
      <PageHeader
        title={t(staff ? 'cases.list.titleStaff' : 'cases.list.title')}
        intro={t(staff ? 'cases.list.introStaff' : 'cases.list.intro')}
        extra={
          can('case.submit') && (
            <Link className="primary-link" to="/matters">
              {t('cases.list.new')}
            </Link>
          )
        }
      />
      <ProblemAlert problem={problem} />
      <Section title={t('cases.list.searchTitle')} id="cases-search-section">
        <Form<FormValues> form={form} name="cases-search" layout="inline" className="filters" initialValues={{ sort: initial.sort, open: initial.open }} onFinish={(v) => setFilter(toFilter(v))}>
          <Form.Item name="q" label={t('cases.list.q')}>
            <Input allowClear={allowClear} placeholder={t('cases.list.qPlaceholder')} maxLength={100} style={{ minWidth: 260 }} />
          </Form.Item>
          <Form.Item name="status" label={t('cases.list.status')}>
            <Select allowClear={allowClear} placeholder={t('common.all')} style={{ minWidth: 150 }} options={statusOptions} />
          </Form.Item>
          <Form.Item name="open" label={t('cases.list.open')}>
            <Select
              allowClear={allowClear}
              placeholder={t('common.all')}
              style={{ minWidth: 120 }}
              options={(['true', 'false'] as const).map((o) => ({ value: o, label: t(`cases.list.open.${o}`) }))}
            />
          </Form.Item>
          {staff && (
            <Form.Item name="alert" label={t('cases.list.alert')}>
              <Select
                allowClear={allowClear}
                placeholder={t('common.all')}
                style={{ minWidth: 130 }}
                options={(['due_soon', 'overdue'] as const).map((a) => ({ value: a, label: t(`cases.list.alert.${a}`) }))}
              />
            </Form.Item>
          )}
          <Form.Item name="sort" label={t('cases.list.sort')}>
            <Select style={{ minWidth: 200 }} options={(['due', 'updated', 'received'] as const).map((s) => ({ value: s, label: t(`cases.list.sort.${s}`) }))} />
          </Form.Item>
          {staff && (
            <Form.Item name="assignedToMe" valuePropName="checked">
              <Checkbox>{t('cases.list.assignedToMe')}</Checkbox>
            </Form.Item>
          )}
          <SearchButtons
            onReset={() => {
              form.resetFields();
              setFilter(initial);
            }}
          />
        </Form>
      </Section>
      <Section title={t('cases.list.tableTitle')} id="cases-list">
        <Table<CaseListItem>
          rowKey="id"
          loading={loading}
          dataSource={data?.items ?? []}
          scroll={{ x: 1100 }}
          caption={<span className="sr-only">{t('cases.list.tableTitle')}</span>}
          locale={{ emptyText: <div className="empty-text">{t('cases.list.none')}</div> }}
          pagination={pagination}
          columns={columns}
        />
      </Section>
    </>
  );
}
