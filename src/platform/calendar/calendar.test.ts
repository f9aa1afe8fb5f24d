import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DomainError, errorText } from '../errors';
import {
  BASIS_CPL_ART_85,
  BASIS_WORKING_DAYS,
  WorkingCalendar,
  defaultCalendar,
  defaultNotices,
  expandNotice,
  parseDuration,
  todayInShanghai,
} from './calendar';
import type { CalendarNotice } from './calendar.schemas';
import { addDays, fromDayNumber, toDayNumber, weekdayOf } from './dates';

const cal = defaultCalendar();

function notice(year: number): CalendarNotice {
  const n = defaultNotices.find((x) => x.year === year);
  if (!n) throw new Error(`no shipped notice for ${year}`);
  return n;
}

function thrown(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

describe('the shipped notices', () => {
  it('cover 2020 through 2026, one notice per year', () => {
    expect(defaultNotices.map((n) => n.year)).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    expect(cal.coverage()).toEqual({ from: '2020-01-01', to: '2026-12-31' });
  });

  it('cite the gov.cn notice of each year', () => {
    for (const n of defaultNotices) {
      expect(n.noticeTitle).toBe(`国务院办公厅关于${n.year}年部分节假日安排的通知`);
      expect(new URL(n.sourceUrl).hostname).toBe('www.gov.cn');
    }
    expect(notice(2025).sourceUrl).toBe('https://www.gov.cn/zhengce/content/202411/content_6986382.htm');
    expect(notice(2026).sourceUrl).toBe('https://www.gov.cn/zhengce/content/202511/content_7047090.htm');
  });

  it('list exactly the 2025 holidays and the five adjusted working days of rules §9.3', () => {
    const n = notice(2025);
    expect(n.holidays.map((b) => [b.from, b.to])).toEqual([
      ['2025-01-01', '2025-01-01'],
      ['2025-01-28', '2025-02-04'],
      ['2025-04-04', '2025-04-06'],
      ['2025-05-01', '2025-05-05'],
      ['2025-05-31', '2025-06-02'],
      ['2025-10-01', '2025-10-08'],
    ]);
    expect(n.workdays.map((w) => w.date)).toEqual(['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11']);
  });

  it('list exactly the 2026 holidays and the six adjusted working days of rules §9.3', () => {
    const n = notice(2026);
    expect(n.holidays.map((b) => [b.from, b.to])).toEqual([
      ['2026-01-01', '2026-01-03'],
      ['2026-02-15', '2026-02-23'],
      ['2026-04-04', '2026-04-06'],
      ['2026-05-01', '2026-05-05'],
      ['2026-06-19', '2026-06-21'],
      ['2026-09-25', '2026-09-27'],
      ['2026-10-01', '2026-10-07'],
    ]);
    expect(n.workdays.map((w) => w.date)).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
  });

  it.each([
    // year, days inside holiday blocks, adjusted working days, working days in the year
    [2020, 30, 6, 249],
    [2021, 31, 7, 250],
    [2022, 31, 7, 249],
    [2023, 27, 7, 249],
    [2024, 28, 8, 251],
    [2025, 28, 5, 248],
    [2026, 33, 6, 248],
  ])('give %i a plausible count of holiday days, adjusted working days and working days', (year, holidayDays, adjusted, workingDays) => {
    const days = expandNotice(notice(year));
    expect(days.filter((d) => d.kind === 'holiday')).toHaveLength(holidayDays);
    expect(days.filter((d) => d.kind === 'adjusted_workday')).toHaveLength(adjusted);
    const first = year === 2020 ? '2020-01-01' : `${year - 1}-12-31`;
    const counted = cal.workingDaysBetween(first, `${year}-12-31`) + (year === 2020 && cal.isWorkingDay('2020-01-01') ? 1 : 0);
    expect(counted).toBe(workingDays);
  });

  it('take away exactly the statutory number of weekday holidays net of 调休 (11 until 2024, 13 from 2025; 2020 two more for COVID)', () => {
    // 全国年节及纪念日放假办法 第2条: 11 days, 13 days after the 2024 revision. 调休 only moves
    // days around, so weekday days off minus adjusted working days must equal that number.
    const expected: Record<number, number> = { 2020: 13, 2021: 11, 2022: 11, 2023: 11, 2024: 11, 2025: 13, 2026: 13 };
    for (const n of defaultNotices) {
      const days = expandNotice(n);
      const weekdayOff = days.filter((d) => d.kind === 'holiday' && weekdayOf(d.date) >= 1 && weekdayOf(d.date) <= 5).length;
      const adjusted = days.filter((d) => d.kind === 'adjusted_workday').length;
      expect([n.year, weekdayOff - adjusted]).toEqual([n.year, expected[n.year]]);
    }
  });

  it('record the 2020 COVID extension of the Spring Festival as an amendment', () => {
    const n = notice(2020);
    expect(n.amendments?.[0]?.title).toBe('国务院办公厅关于延长2020年春节假期的通知');
    expect(n.amendments?.[0]?.url).toBe('https://www.gov.cn/zhengce/content/2020-01/27/content_5472352.htm');
    expect(n.holidays.find((b) => b.name === '春节')).toMatchObject({ from: '2020-01-24', to: '2020-02-02' });
    // The original notice had Saturday 1 February as a working day; the extension dropped it.
    expect(cal.dayInfo('2020-02-01')).toMatchObject({ working: false, kind: 'holiday' });
    expect(cal.isWorkingDay('2020-01-31')).toBe(false);
    expect(cal.isWorkingDay('2020-02-03')).toBe(true);
  });

  it('keep the 2023 New Year block that starts on 2022-12-31 in the 2023 notice', () => {
    expect(notice(2023).holidays[0]).toMatchObject({ name: '元旦', from: '2022-12-31', to: '2023-01-02' });
    expect(cal.dayInfo('2022-12-31')).toMatchObject({ kind: 'holiday', name: '元旦' });
  });
});

describe('dayInfo and isWorkingDay', () => {
  it('tell ordinary weekdays, weekends, holidays and adjusted working days apart', () => {
    expect(cal.dayInfo('2025-09-26')).toEqual({ date: '2025-09-26', working: true, kind: 'workday' });
    expect(cal.dayInfo('2025-09-27')).toEqual({ date: '2025-09-27', working: false, kind: 'weekend' });
    expect(cal.dayInfo('2025-09-28')).toEqual({
      date: '2025-09-28',
      working: true,
      kind: 'adjusted_workday',
      name: '国庆节、中秋节',
      nameEn: 'National Day and Mid-Autumn Festival',
    });
    expect(cal.dayInfo('2025-10-03')).toMatchObject({ working: false, kind: 'holiday', name: '国庆节、中秋节' });
  });

  it('count a weekend day inside a holiday block as a holiday, not a weekend', () => {
    expect(cal.dayInfo('2025-10-04')).toMatchObject({ kind: 'holiday', working: false });
  });

  it('agree with isWorkingDay on every covered day', () => {
    for (let d = toDayNumber('2020-01-01'); d <= toDayNumber('2026-12-31'); d++) {
      const date = fromDayNumber(d);
      expect(cal.isWorkingDay(date)).toBe(cal.dayInfo(date).working);
    }
  });
});

describe('addWorkingDays', () => {
  it('gives 2025-10-10 for 2025-09-26 + 5 working days, counting the adjusted Sunday 2025-09-28', () => {
    expect(cal.addWorkingDays('2025-09-26', 5)).toBe('2025-10-10');
  });

  it('does not count the start day even when it is a working day', () => {
    expect(cal.addWorkingDays('2025-09-22', 1)).toBe('2025-09-23');
  });

  it('starts counting from the next working day when the start is a holiday', () => {
    expect(cal.addWorkingDays('2025-10-01', 1)).toBe('2025-10-09');
  });

  it('returns the start date itself for zero working days', () => {
    expect(cal.addWorkingDays('2025-10-01', 0)).toBe('2025-10-01');
  });

  it('handles a large N spanning several years', () => {
    const end = cal.addWorkingDays('2020-01-01', 1000);
    expect(cal.workingDaysBetween('2020-01-01', end)).toBe(1000);
    expect(cal.isWorkingDay(end)).toBe(true);
  });

  it('refuses negative or fractional counts', () => {
    expect(thrown(() => cal.addWorkingDays('2025-01-06', -1)).code).toBe('calendar.bad_duration');
    expect(thrown(() => cal.addWorkingDays('2025-01-06', 1.5)).code).toBe('calendar.bad_duration');
  });
});

describe('addCalendarDays (民事诉讼法 第85条)', () => {
  it('rolls 2025-09-20 + 15 days from the National Day holiday (2025-10-05) to 2025-10-09', () => {
    expect(cal.addCalendarDays('2025-09-20', 15)).toEqual({ date: '2025-10-09', rolledOverFrom: '2025-10-05', basis: BASIS_CPL_ART_85 });
  });

  it('does not roll over when the last day is a working day', () => {
    expect(cal.addCalendarDays('2025-03-03', 10)).toEqual({ date: '2025-03-13', basis: BASIS_CPL_ART_85 });
  });

  it('rolls an ordinary Saturday over to Monday', () => {
    expect(cal.addCalendarDays('2025-03-03', 12)).toMatchObject({ date: '2025-03-17', rolledOverFrom: '2025-03-15' });
  });

  it('does not roll over an adjusted working Saturday, which is a working day', () => {
    expect(cal.addCalendarDays('2025-10-01', 10)).toEqual({ date: '2025-10-11', basis: BASIS_CPL_ART_85 });
  });

  it('rolls across the whole Spring Festival block', () => {
    expect(cal.addCalendarDays('2026-02-01', 14)).toMatchObject({ date: '2026-02-24', rolledOverFrom: '2026-02-15' });
  });

  it('rolls a last day in the 2020 COVID extension to 2020-02-03', () => {
    expect(cal.addCalendarDays('2020-01-21', 10)).toMatchObject({ date: '2020-02-03', rolledOverFrom: '2020-01-31' });
  });

  it('applies the rule to zero days too, and handles large N', () => {
    expect(cal.addCalendarDays('2025-03-03', 0)).toEqual({ date: '2025-03-03', basis: BASIS_CPL_ART_85 });
    expect(cal.addCalendarDays('2020-01-02', 2000)).toMatchObject({ date: '2025-06-24' });
  });
});

describe('add with a duration string', () => {
  it('reads 5wd as working days and 15d as calendar days', () => {
    expect(cal.add('2025-09-26', '5wd')).toEqual({ date: '2025-10-10', basis: BASIS_WORKING_DAYS });
    expect(cal.add('2025-09-20', '15d')).toEqual({ date: '2025-10-09', rolledOverFrom: '2025-10-05', basis: BASIS_CPL_ART_85 });
  });

  it.each(['3m', '1y', '-5d', '5', 'wd', '5 wd', '1.5d', '5WD', ''])('refuses the duration "%s"', (d) => {
    const e = thrown(() => cal.add('2025-09-26', d));
    expect(e.code).toBe('calendar.bad_duration');
    expect(errorText(e.code, 'zh-CN', e.params)).toContain('不支持按月或按年计算');
    expect(errorText(e.code, 'en', e.params)).toContain('months and years are not');
  });

  it('parses durations without a calendar', () => {
    expect(parseDuration('12wd')).toEqual({ n: 12, unit: 'wd' });
    expect(parseDuration(' 30d ')).toEqual({ n: 30, unit: 'd' });
  });
});

describe('workingDaysBetween', () => {
  it('counts working days in (a, b] and is negative backwards', () => {
    expect(cal.workingDaysBetween('2025-09-26', '2025-10-10')).toBe(5);
    expect(cal.workingDaysBetween('2025-10-10', '2025-09-26')).toBe(-5);
    expect(cal.workingDaysBetween('2025-10-01', '2025-10-01')).toBe(0);
  });
});

describe('refusals outside the loaded years', () => {
  it('refuses a date before the first loaded year and names the notice to import', () => {
    const e = thrown(() => cal.isWorkingDay('2019-12-31'));
    expect(e.code).toBe('calendar.out_of_range');
    expect(e.params).toMatchObject({ date: '2019-12-31', from: '2020-01-01', to: '2026-12-31', year: '2019' });
    expect(errorText(e.code, 'zh-CN', e.params)).toContain('国务院办公厅关于2019年部分节假日安排的通知');
    expect(errorText(e.code, 'en', e.params)).toContain('2020–2026');
    expect(e.status).toBe(422);
  });

  it('refuses to count past the last loaded day instead of assuming weekends only', () => {
    const e = thrown(() => cal.addWorkingDays('2026-12-28', 5));
    expect(e.code).toBe('calendar.out_of_range');
    expect(e.params).toMatchObject({ date: '2027-01-01', year: '2027' });
    expect(errorText(e.code, 'zh-CN', e.params)).toContain('请管理员先导入《国务院办公厅关于2027年部分节假日安排的通知》');
  });

  it('refuses calendar days whose last day or roll-over lies beyond the loaded years', () => {
    expect(thrown(() => cal.addCalendarDays('2026-12-20', 15)).params).toMatchObject({ date: '2027-01-04' });
    // Inside the loaded years the roll-over still works (Saturday 2026-12-26 → Monday).
    expect(cal.addCalendarDays('2026-12-20', 6)).toMatchObject({ date: '2026-12-28', rolledOverFrom: '2026-12-26' });
    // Thursday 2026-12-31 is the last loaded day: a period ending there is fine.
    expect(cal.addCalendarDays('2026-12-20', 11)).toEqual({ date: '2026-12-31', basis: BASIS_CPL_ART_85 });
  });

  it('refuses a start or end date outside coverage in every operation', () => {
    for (const f of [
      () => cal.dayInfo('2027-01-01'),
      () => cal.addWorkingDays('2019-12-31', 1),
      () => cal.addCalendarDays('2019-12-31', 1),
      () => cal.add('2027-01-04', '1d'),
      () => cal.workingDaysBetween('2025-01-01', '2027-06-01'),
      () => cal.workingDaysBetween('2019-06-01', '2025-01-01'),
    ]) {
      expect(thrown(f).code).toBe('calendar.out_of_range');
    }
  });

  it('refuses malformed or impossible dates', () => {
    for (const d of ['2025-02-29', '2025-13-01', '2025/01/01', '20250101', 'today']) {
      const e = thrown(() => cal.isWorkingDay(d));
      expect(e.code).toBe('calendar.bad_date');
      expect(e.params).toEqual({ value: d });
    }
  });
});

describe('building a calendar', () => {
  it('refuses an empty list', () => {
    expect(thrown(() => WorkingCalendar.fromNotices([])).code).toBe('calendar.no_notices');
  });

  it('refuses years that are not contiguous', () => {
    const e = thrown(() => WorkingCalendar.fromNotices([notice(2020), notice(2022)]));
    expect(e.code).toBe('calendar.years_not_contiguous');
    expect(e.params).toEqual({ years: '2020, 2022', missing: '2021' });
  });

  it('refuses the same year twice', () => {
    expect(thrown(() => WorkingCalendar.fromNotices([notice(2025), notice(2025)])).code).toBe('calendar.duplicate_year');
  });

  it('covers whole years of a single notice', () => {
    const c = WorkingCalendar.fromNotices([notice(2025)]);
    expect(c.coverage()).toEqual({ from: '2025-01-01', to: '2025-12-31' });
    expect(thrown(() => c.addWorkingDays('2025-12-30', 2)).params).toMatchObject({ years: '2025', year: '2026' });
  });

  it('refuses notices that make one date both a holiday and a working day', () => {
    // The 2023 notice opens 元旦 on 2022-12-31; a 2022 notice calling that Saturday a working day contradicts it.
    const n2022: CalendarNotice = { ...notice(2022), workdays: [...notice(2022).workdays, { name: '元旦', nameEn: "New Year's Day", date: '2022-12-31' }] };
    const e = thrown(() => WorkingCalendar.fromNotices([n2022, notice(2023)]));
    expect(e.code).toBe('calendar.notice_conflict');
    expect(e.params).toMatchObject({ date: '2022-12-31', yearA: 2022, yearB: 2023 });
  });

  it('extends coverage when next year’s notice is added', () => {
    const c = WorkingCalendar.fromNotices([notice(2025)]);
    const wider = c.withNotice(notice(2026));
    expect(wider.coverage()).toEqual({ from: '2025-01-01', to: '2026-12-31' });
    // 2026-01-01…03 are 元旦 and Sunday 2026-01-04 is an adjusted working day.
    expect(wider.addWorkingDays('2025-12-30', 2)).toBe('2026-01-04');
    expect(c.coverage().to).toBe('2025-12-31');
  });

  it('replaces a year’s notice on re-import, as the 2020 amendment would have', () => {
    const original2020: CalendarNotice = {
      ...notice(2020),
      amendments: undefined,
      holidays: notice(2020).holidays.map((b) => (b.name === '春节' ? { ...b, to: '2020-01-30' } : b)),
      workdays: [...notice(2020).workdays, { name: '春节', nameEn: 'Spring Festival', date: '2020-02-01' }].sort((a, b) => a.date.localeCompare(b.date)),
    };
    const before = WorkingCalendar.fromNotices([original2020]);
    expect(before.isWorkingDay('2020-01-31')).toBe(true);
    expect(before.dayInfo('2020-02-01').kind).toBe('adjusted_workday');
    const after = before.withNotice(notice(2020));
    expect(after.isWorkingDay('2020-01-31')).toBe(false);
    expect(after.years()).toEqual([2020]);
  });
});

describe('todayInShanghai', () => {
  it('gives the Shanghai date, which is ahead of UTC in the evening', () => {
    expect(todayInShanghai(new Date('2025-09-30T15:59:59Z'))).toBe('2025-09-30');
    expect(todayInShanghai(new Date('2025-09-30T16:00:00Z'))).toBe('2025-10-01');
    expect(todayInShanghai(new Date('2025-12-31T16:30:00Z'))).toBe('2026-01-01');
  });

  it('refuses an invalid Date', () => {
    expect(thrown(() => todayInShanghai(new Date('nope'))).code).toBe('calendar.bad_date');
  });
});

describe('properties', () => {
  const first = toDayNumber('2020-01-01');
  const last = toDayNumber('2025-12-31');
  // Starts up to the end of 2025 and counts up to 200 working days always stay inside 2020–2026.
  const start = fc.integer({ min: first, max: last }).map(fromDayNumber);
  const count = fc.integer({ min: 0, max: 200 });

  it('addWorkingDays lands on a working day strictly after the start', () => {
    fc.assert(
      fc.property(start, fc.integer({ min: 1, max: 200 }), (d, n) => {
        const r = cal.addWorkingDays(d, n);
        return cal.isWorkingDay(r) && r > d;
      }),
    );
  });

  it('addWorkingDays(d, a + b) equals addWorkingDays(addWorkingDays(d, a), b)', () => {
    fc.assert(
      fc.property(start, fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), (d, a, b) => {
        return cal.addWorkingDays(d, a + b) === cal.addWorkingDays(cal.addWorkingDays(d, a), b);
      }),
    );
  });

  it('workingDaysBetween undoes addWorkingDays', () => {
    fc.assert(fc.property(start, count, (d, n) => cal.workingDaysBetween(d, cal.addWorkingDays(d, n)) === n));
  });

  it('addWorkingDays returns the first day with the wanted count (no working day is skipped)', () => {
    fc.assert(
      fc.property(start, fc.integer({ min: 1, max: 60 }), (d, n) => {
        const r = cal.addWorkingDays(d, n);
        return cal.workingDaysBetween(d, addDays(r, -1)) === n - 1;
      }),
    );
  });

  it('addCalendarDays ends on a working day, on or after start + n, with only rest days skipped', () => {
    fc.assert(
      fc.property(start, fc.integer({ min: 0, max: 300 }), (d, n) => {
        const raw = addDays(d, n);
        const r = cal.addCalendarDays(d, n);
        if (!cal.isWorkingDay(r.date)) return false;
        if (r.rolledOverFrom === undefined) return r.date === raw;
        return r.rolledOverFrom === raw && !cal.isWorkingDay(raw) && cal.workingDaysBetween(raw, r.date) === 1;
      }),
    );
  });
});
