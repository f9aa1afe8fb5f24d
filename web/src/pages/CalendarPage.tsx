import { Select, Table } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, toProblem, type CalendarDay, type CalendarOverview, type CalendarYearInfo, type Problem } from '../api';
import { PageHeader, Section } from '../components/PageHeader';
import { ProblemAlert } from '../components/ProblemAlert';
import { StatusTag } from '../components/StatusTag';
import { formatDate, formatDateTime } from '../format';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { NoticeImport } from './calendar/NoticeImport';
import { SpecialDays, YearView } from './calendar/YearView';

export function CalendarPage() {
  const { t, locale } = useI18n();
  const { can } = useSession();
  const [overview, setOverview] = useState<CalendarOverview | null>(null);
  const [year, setYear] = useState<number | null>(null);
  const [days, setDays] = useState<CalendarDay[] | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  const loadOverview = useCallback(async (select?: number) => {
    try {
      const o = await api.calendar();
      setOverview(o);
      const thisYear = new Date().getFullYear();
      const years = o.years.map((y) => y.year);
      setYear((current) => select ?? current ?? (years.includes(thisYear) ? thisYear : (years[years.length - 1] ?? null)));
    } catch (e) {
      setProblem(toProblem(e));
    }
  }, []);

  useEffect(() => {
    void loadOverview();
  }, [loadOverview]);

  useEffect(() => {
    if (year === null) return;
    setDays(null);
    api.calendarYear(year).then((r) => setDays(r.days), (e) => setProblem(toProblem(e)));
  }, [year]);

  const years = [...(overview?.years ?? [])].sort((a, b) => b.year - a.year);

  return (
    <>
      <PageHeader
        title={t('calendar.title')}
        intro={overview ? t('calendar.intro', { from: overview.coverage.from, to: overview.coverage.to }) : undefined}
      />
      <ProblemAlert problem={problem} onClose={() => setProblem(null)} />
      <Section title={t('calendar.yearsTitle')} id="calendar-years">
        <Table<CalendarYearInfo>
          rowKey="year"
          size="small"
          dataSource={years}
          loading={!overview && !problem}
          pagination={false}
          scroll={{ x: 800 }}
          caption={<span className="sr-only">{t('calendar.yearsTitle')}</span>}
          columns={[
            { title: t('calendar.year'), dataIndex: 'year' },
            {
              title: t('calendar.notice'),
              key: 'notice',
              render: (_, y) => (
                <a href={y.sourceUrl} target="_blank" rel="noreferrer noopener" lang="zh-CN">
                  {y.noticeTitle}
                  <span className="sr-only">{t('common.newWindow')}</span>
                </a>
              ),
            },
            { title: t('calendar.publishedOn'), dataIndex: 'publishedOn', render: (v: string | null) => (v ? formatDate(v, locale, false) : '—') },
            {
              title: t('calendar.source'),
              dataIndex: 'source',
              render: (s: CalendarYearInfo['source']) => <StatusTag tone={s === 'import' ? 'info' : 'off'}>{t(`calendar.source.${s}`)}</StatusTag>,
            },
            { title: t('calendar.importedAt'), dataIndex: 'importedAt', render: (v: string) => formatDateTime(v, locale) },
          ]}
        />
      </Section>
      {year !== null && (
        <Section
          title={t('calendar.yearTitle', { year })}
          id="calendar-year"
          extra={
            <div className="year-picker">
              <label htmlFor="calendar-year-select">{t('calendar.chooseYear')}</label>
              <Select
                id="calendar-year-select"
                value={year}
                onChange={setYear}
                style={{ width: 120 }}
                options={years.map((y) => ({ value: y.year, label: String(y.year) }))}
              />
            </div>
          }
        >
          {days ? (
            <>
              <h3 className="subheading">{t('calendar.specialTitle')}</h3>
              <SpecialDays days={days} />
              <h3 className="subheading">{t('calendar.monthsTitle')}</h3>
              <YearView year={year} days={days} />
            </>
          ) : (
            <p role="status">{t('common.loading')}</p>
          )}
        </Section>
      )}
      {can('calendar.manage') && <NoticeImport onImported={(y) => void loadOverview(y)} />}
    </>
  );
}
