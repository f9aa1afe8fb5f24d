import { Form, Input, Table } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { api, type ApplicantSummary, type Organisation } from '../api';
import { useAllowClear } from '../components/a11y';
import { PageHeader, Section } from '../components/PageHeader';
import { ProblemAlert } from '../components/ProblemAlert';
import { StatusTag } from '../components/StatusTag';
import { usePagedList } from '../components/usePagedList';
import { useI18n } from '../i18n';
import { SearchButtons } from '../components/SearchButtons';

const PAGE_SIZE = 20;

export function ApplicantsPage() {
  const { t, pick } = useI18n();
  const allowClear = useAllowClear();
  const [form] = Form.useForm<{ q?: string }>();
  const { setFilter, data, problem, loading, pagination } = usePagedList<{ q?: string }, ApplicantSummary>(
    (filter, limit, offset) => api.applicants({ q: filter.q, limit, offset }),
    PAGE_SIZE,
    {},
  );
  const [districts, setDistricts] = useState<Organisation[]>([]);

  useEffect(() => {
    api.districts().then((r) => setDistricts(r.items), () => setDistricts([]));
  }, []);

  const districtName = (id: string | null) => {
    const d = id ? districts.find((x) => x.id === id) : undefined;
    return d ? pick({ zh: d.nameZh, en: d.nameEn }) : '—';
  };

  return (
    <>
      <PageHeader title={t('applicants.title')} intro={t('applicants.intro')} />
      <ProblemAlert problem={problem} />
      <Section title={t('applicants.searchTitle')} id="applicant-search-section">
        <Form
          form={form}
          name="applicant-search"
          layout="inline"
          onFinish={(v) => {
            setFilter({ q: v.q?.trim() || undefined });
          }}
        >
          <Form.Item name="q" label={t('applicants.q')}>
            <Input allowClear={allowClear} placeholder={t('applicants.qPlaceholder')} maxLength={100} style={{ minWidth: 260 }} />
          </Form.Item>
          <SearchButtons
            onReset={() => {
              form.resetFields();
              setFilter({});
            }}
          />
        </Form>
      </Section>
      <Section title={t('applicants.listTitle')} id="applicant-list">
        <Table<ApplicantSummary>
          rowKey="id"
          loading={loading}
          dataSource={data?.items ?? []}
          scroll={{ x: 900 }}
          caption={<span className="sr-only">{t('applicants.listTitle')}</span>}
          locale={{ emptyText: <div className="empty-text">{t('applicants.none')}</div> }}
          pagination={pagination}
          columns={[
            { title: t('applicants.name'), key: 'name', render: (_, a) => <Link to={`/applicants/${a.id}`}>{a.profile.name}</Link> },
            { title: t('applicants.login'), dataIndex: 'login', render: (v: string) => <span className="mono">{v}</span> },
            {
              title: t('applicants.type'),
              key: 'type',
              render: (_, a) => `${t(`subjectType.${a.profile.subjectType}`)}${a.profile.actsAsAgent ? t('applicants.agentSuffix') : ''}`,
            },
            {
              title: t('applicants.identifier'),
              key: 'identifier',
              render: (_, a) => <span className="mono">{a.profile.subjectType === 'enterprise' ? a.profile.uscc : a.profile.idNumberMasked}</span>,
            },
            { title: t('applicants.district'), key: 'district', render: (_, a) => districtName(a.profile.districtOrgId) },
            {
              title: t('common.status'),
              dataIndex: 'status',
              render: (s: string) => (s === 'active' ? <StatusTag tone="ok">{t('common.active')}</StatusTag> : <StatusTag tone="off">{t('users.disabled')}</StatusTag>),
            },
          ]}
        />
      </Section>
    </>
  );
}
