import { DownloadOutlined } from '@ant-design/icons';
import { Button, Form, Input, Select, Table } from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { api, toProblem, type AuditFilter, type AuditOutcome, type AuditRecord, type Problem } from '../api';
import { useAllowClear } from '../components/a11y';
import { DateField } from '../components/DateField';
import { PageHeader, Section } from '../components/PageHeader';
import { ProblemAlert } from '../components/ProblemAlert';
import { StatusTag } from '../components/StatusTag';
import { formatDateTime } from '../format';
import { useI18n } from '../i18n';
import { SearchButtons } from '../components/SearchButtons';

const PAGE_SIZE = 50;

interface Values {
  from?: Dayjs | null;
  to?: Dayjs | null;
  actor?: string;
  action?: string;
  outcome?: AuditOutcome;
  text?: string;
}

function toFilter(v: Values): AuditFilter {
  const s = (x?: string) => (x && x.trim() ? x.trim() : undefined);
  return {
    from: v.from ? v.from.toISOString() : undefined,
    to: v.to ? v.to.toISOString() : undefined,
    actor: s(v.actor),
    action: s(v.action),
    outcome: v.outcome || undefined,
    text: s(v.text),
  };
}

const OUTCOME_TONE = { success: 'ok', denied: 'warn', failed: 'bad' } as const;

export function AuditPage() {
  const { t, locale } = useI18n();
  const allowClear = useAllowClear();
  const [form] = Form.useForm<Values>();
  const [filter, setFilter] = useState<AuditFilter>({});
  // Cursors of the pages seen so far: page n starts below cursors[n] (undefined = newest).
  const [cursors, setCursors] = useState<(number | undefined)[]>([undefined]);
  const [pageIndex, setPageIndex] = useState(0);
  const [data, setData] = useState<{ items: AuditRecord[]; nextBefore: number | null } | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [loading, setLoading] = useState(false);

  const load = useCallback(async () => {
    setLoading(true);
    setProblem(null);
    try {
      setData(await api.audit({ ...filter, limit: PAGE_SIZE, before: cursors[pageIndex] }));
    } catch (e) {
      setProblem(toProblem(e));
      setData(null);
    } finally {
      setLoading(false);
    }
  }, [filter, cursors, pageIndex]);

  useEffect(() => {
    void load();
  }, [load]);

  const search = (v: Values) => {
    setFilter(toFilter(v));
    setCursors([undefined]);
    setPageIndex(0);
  };

  const next = () => {
    if (!data?.nextBefore) return;
    setCursors((c) => [...c.slice(0, pageIndex + 1), data.nextBefore ?? undefined]);
    setPageIndex((i) => i + 1);
  };

  return (
    <>
      <PageHeader title={t('audit.title')} intro={t('audit.intro')} />
      <Section title={t('audit.filtersTitle')} id="audit-filters-section">
        <Form<Values> form={form} name="audit-filters" layout="vertical" onFinish={search} className="filters">
          <div className="filter-grid">
            <Form.Item name="from" label={t('audit.from')}>
              <DateField showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="to" label={t('audit.to')}>
              <DateField showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="actor" label={t('audit.actor')} extra={t('audit.actorHelp')}>
              <Input allowClear={allowClear} maxLength={100} />
            </Form.Item>
            <Form.Item name="action" label={t('audit.action')} extra={t('audit.actionHelp')}>
              <Input allowClear={allowClear} maxLength={100} spellCheck={false} />
            </Form.Item>
            <Form.Item name="outcome" label={t('audit.outcome')}>
              <Select
                allowClear={allowClear}
                placeholder={t('common.all')}
                options={(['success', 'denied', 'failed'] as const).map((o) => ({ value: o, label: t(`outcome.${o}`) }))}
              />
            </Form.Item>
            <Form.Item name="text" label={t('audit.text')} extra={t('audit.textHelp')}>
              <Input allowClear={allowClear} maxLength={100} />
            </Form.Item>
          </div>
          <SearchButtons
            wrap
            onReset={() => {
              form.resetFields();
              search({});
            }}
          >
            <Button icon={<DownloadOutlined aria-hidden />} href={api.auditExportUrl(filter)} download>
              {t('audit.export')}
            </Button>
          </SearchButtons>
          <p className="field-hint" style={{ marginTop: 8 }}>
            {t('audit.exportHelp')}
          </p>
        </Form>
      </Section>
      <ProblemAlert problem={problem} listFieldErrors />
      <Section title={t('audit.resultsTitle')} id="audit-results">
        <Table<AuditRecord>
          rowKey="id"
          size="small"
          loading={loading}
          dataSource={data?.items ?? []}
          pagination={false}
          scroll={{ x: 1100 }}
          caption={<span className="sr-only">{t('audit.resultsTitle')}</span>}
          locale={{ emptyText: <div className="empty-text">{t('audit.none')}</div> }}
          expandable={{
            columnTitle: <span className="sr-only">{t('audit.more')}</span>,
            expandedRowRender: (r) => (
              <div>
                <p>
                  {t('audit.userAgent')}: {r.userAgent ?? '—'}
                  <br />
                  {t('audit.requestId')}: <span className="mono">{r.requestId ?? '—'}</span>
                  <br />
                  {t('audit.roles')}: {r.actorRoles.length ? r.actorRoles.join(', ') : '—'}
                </p>
                <pre className="details-json">{JSON.stringify(r.details, null, 2)}</pre>
              </div>
            ),
          }}
          columns={[
            { title: t('audit.at'), dataIndex: 'at', render: (v: string) => formatDateTime(v, locale), width: 190 },
            {
              title: t('audit.actor'),
              key: 'actor',
              render: (_, r) => (
                <span>
                  <span className="mono">{r.actorLogin ?? t('audit.anonymous')}</span> <span className="field-hint">({r.via})</span>
                </span>
              ),
            },
            { title: t('audit.action'), dataIndex: 'action', render: (v: string) => <span className="mono">{v}</span> },
            {
              title: t('audit.target'),
              key: 'target',
              render: (_, r) => <span className="mono">{r.targetType ? `${r.targetType}${r.targetId ? `: ${r.targetId}` : ''}` : '—'}</span>,
            },
            { title: t('audit.outcome'), dataIndex: 'outcome', render: (o: AuditOutcome) => <StatusTag tone={OUTCOME_TONE[o]}>{t(`outcome.${o}`)}</StatusTag> },
            { title: t('audit.ip'), dataIndex: 'ip', render: (v: string | null) => <span className="mono">{v ?? '—'}</span> },
          ]}
        />
        <nav className="pager" aria-label={t('audit.pager')}>
          <Button disabled={pageIndex === 0 || loading} onClick={() => setPageIndex((i) => Math.max(0, i - 1))}>
            {t('common.prevPage')}
          </Button>
          <span>{t('audit.pageN', { n: pageIndex + 1 })}</span>
          <Button disabled={!data?.nextBefore || loading} onClick={next}>
            {t('common.nextPage')}
          </Button>
        </nav>
      </Section>
    </>
  );
}
