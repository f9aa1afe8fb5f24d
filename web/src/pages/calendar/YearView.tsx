import type { CalendarDay } from '../../api';
import { formatDate, monthName, weekdayShort } from '../../format';
import { useI18n } from '../../i18n';

const WEEK = [1, 2, 3, 4, 5, 6, 0]; // Monday first, as Chinese calendars print it.

function Month({ year, month, days }: { year: number; month: number; days: CalendarDay[] }) {
  const { t, locale } = useI18n();
  const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
  const lead = (first + 6) % 7;
  const cells: (CalendarDay | null)[] = [...Array<null>(lead).fill(null), ...days];
  while (cells.length % 7) cells.push(null);
  const rows: (CalendarDay | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) rows.push(cells.slice(i, i + 7));

  const describe = (d: CalendarDay) => {
    const name = locale === 'en' ? d.nameEn : d.name;
    const kind = t(`calendar.kind.${d.kind}`);
    return `${formatDate(d.date, locale)}: ${kind}${name ? ` (${name})` : ''}`;
  };

  return (
    <table className="month-table">
      <caption>{monthName(month, locale)}</caption>
      <thead>
        <tr>
          {WEEK.map((w) => (
            <th key={w} scope="col" abbr={weekdayShort(w, locale)}>
              {weekdayShort(w, locale)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, i) => (
          <tr key={i}>
            {row.map((d, j) =>
              d ? (
                <td key={j} className={`day-${d.kind}`} title={describe(d)}>
                  <span aria-hidden="true">{Number(d.date.slice(8))}</span>
                  {(d.kind === 'holiday' || d.kind === 'adjusted_workday') && (
                    <span className="day-mark" aria-hidden="true">
                      {d.kind === 'holiday' ? t('calendar.markHoliday') : t('calendar.markWork')}
                    </span>
                  )}
                  <span className="sr-only">{describe(d)}</span>
                </td>
              ) : (
                <td key={j} />
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Twelve month grids with holidays (休) and adjusted working days (班) marked. */
export function YearView({ year, days }: { year: number; days: CalendarDay[] }) {
  const { t } = useI18n();
  const byMonth = Array.from({ length: 12 }, (_, m) => days.filter((d) => Number(d.date.slice(5, 7)) === m + 1));
  return (
    <>
      <ul className="calendar-legend" aria-label={t('calendar.legend')}>
        <li>
          <span className="legend-swatch legend-workday" aria-hidden="true" /> {t('calendar.kind.workday')}
        </li>
        <li>
          <span className="legend-swatch legend-weekend" aria-hidden="true" /> {t('calendar.kind.weekend')}
        </li>
        <li>
          <span className="legend-swatch legend-holiday" aria-hidden="true" /> {t('calendar.legendMarked', { kind: t('calendar.kind.holiday'), mark: t('calendar.markHoliday') })}
        </li>
        <li>
          <span className="legend-swatch legend-adjusted" aria-hidden="true" /> {t('calendar.legendMarked', { kind: t('calendar.kind.adjusted_workday'), mark: t('calendar.markWork') })}
        </li>
      </ul>
      <div className="months">
        {byMonth.map((ds, m) => (
          <Month key={m} year={year} month={m + 1} days={ds} />
        ))}
      </div>
    </>
  );
}

/** The year's holidays and adjusted working days as a list, grouped by name. */
export function SpecialDays({ days }: { days: CalendarDay[] }) {
  const { t, locale } = useI18n();
  const special = days.filter((d) => d.kind === 'holiday' || d.kind === 'adjusted_workday');
  const groups = new Map<string, { name: string; holidays: string[]; workdays: string[] }>();
  for (const d of special) {
    const name = (locale === 'en' ? d.nameEn : d.name) ?? t(`calendar.kind.${d.kind}`);
    const g = groups.get(name) ?? { name, holidays: [], workdays: [] };
    (d.kind === 'holiday' ? g.holidays : g.workdays).push(d.date);
    groups.set(name, g);
  }
  // In order of each holiday's first day (a group's make-up working day may come earlier).
  const ordered = [...groups.values()].sort((a, b) => (a.holidays[0] ?? a.workdays[0]).localeCompare(b.holidays[0] ?? b.workdays[0]));
  if (!groups.size) return <p>{t('calendar.noSpecial')}</p>;
  const range = (dates: string[]) =>
    dates.length === 1 ? formatDate(dates[0], locale, false) : t('calendar.range', { from: formatDate(dates[0], locale, false), to: formatDate(dates[dates.length - 1], locale, false), n: dates.length });
  return (
    <table className="special-days">
      <caption className="sr-only">{t('calendar.specialTitle')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('calendar.holidayName')}</th>
          <th scope="col">{t('calendar.kind.holiday')}</th>
          <th scope="col">{t('calendar.kind.adjusted_workday')}</th>
        </tr>
      </thead>
      <tbody>
        {ordered.map((g) => (
          <tr key={g.name}>
            <th scope="row">{g.name}</th>
            <td>{g.holidays.length ? range(g.holidays) : '—'}</td>
            <td>{g.workdays.length ? g.workdays.map((d) => formatDate(d, locale)).join(t('common.listSeparator')) : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
