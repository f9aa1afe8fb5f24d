import { Table } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { toProblem, type Problem } from '../../api';
import { PageHeader, Section } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Loading } from '../../components/RequireAuth';
import { formatDate } from '../../format';
import { useI18n } from '../../i18n';
import { AlertTag, CaseStatusTag } from './caseParts';
import { useCasesApi, type SupervisionView } from './casesApi';
import './cases.css';

type Flagged = SupervisionView['cases'][number];
type ByOrg = SupervisionView['byOrg'][number];

/** 督办: open, due-soon and overdue cases by office, and the cases to follow up with the article behind each deadline. */
export function SupervisionPage() {
  const { t, pick, locale } = useI18n();
  const casesApi = useCasesApi();
  const [data, setData] = useState<SupervisionView | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  useEffect(() => {
    casesApi.supervision().then(setData, (e) => setProblem(toProblem(e)));
  }, [casesApi]);

  return (
    <>
      <PageHeader
        title={t('supervision.title')}
        intro={data ? t('supervision.intro', { days: data.dueSoonWorkingDays, today: formatDate(data.today, locale) }) : undefined}
      />
      <ProblemAlert problem={problem} />
      {!data && !problem && <Loading />}
      {data && (
        <>
          <Section title={t('supervision.byOrg')} id="supervision-orgs">
            <Table<ByOrg>
              rowKey={(r) => r.org.id}
              size="small"
              pagination={false}
              dataSource={data.byOrg}
              caption={<span className="sr-only">{t('supervision.byOrg')}</span>}
              locale={{ emptyText: <div className="empty-text">{t('supervision.noOrgs')}</div> }}
              columns={[
                { title: t('supervision.col.org'), key: 'org', render: (_, r) => pick({ zh: r.org.nameZh, en: r.org.nameEn }) },
                { title: t('supervision.col.open'), key: 'open', align: 'right', render: (_, r) => r.open },
                { title: t('supervision.col.dueSoon'), key: 'dueSoon', align: 'right', render: (_, r) => r.dueSoon },
                { title: t('supervision.col.overdue'), key: 'overdue', align: 'right', render: (_, r) => r.overdue },
              ]}
            />
          </Section>
          <Section title={t('supervision.flagged')} id="supervision-cases">
            <Table<Flagged>
              rowKey={(r) => `${r.id}-${r.clock.name}`}
              size="small"
              pagination={false}
              dataSource={data.cases}
              scroll={{ x: 1100 }}
              caption={<span className="sr-only">{t('supervision.flagged')}</span>}
              locale={{ emptyText: <div className="empty-text">{t('supervision.none')}</div> }}
              columns={[
                {
                  title: t('cases.col.number'),
                  key: 'number',
                  render: (_, r) => (
                    <Link className="case-list-number" to={`/cases/${r.id}`}>
                      {r.number}
                    </Link>
                  ),
                },
                { title: t('cases.col.org'), key: 'org', render: (_, r) => pick({ zh: r.org.nameZh, en: r.org.nameEn }) },
                { title: t('cases.col.status'), key: 'status', render: (_, r) => <CaseStatusTag label={r.statusLabel} /> },
                { title: t('supervision.col.clock'), key: 'clock', render: (_, r) => pick(r.clock.label) },
                { title: t('supervision.col.due'), key: 'due', render: (_, r) => formatDate(r.clock.dueDate, locale, false) },
                { title: t('supervision.col.alert'), key: 'alert', render: (_, r) => <AlertTag alert={r.clock.alert} /> },
                { title: t('supervision.col.basis'), key: 'basis', render: (_, r) => <span className="case-basis">{pick(r.clock.basis)}</span> },
              ]}
            />
          </Section>
        </>
      )}
    </>
  );
}
