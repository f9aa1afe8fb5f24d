import type { WorkingCalendar } from '../../../platform/calendar/calendar';
import { addDays, isWeekendDayNumber, toDayNumber } from '../../../platform/calendar/dates';

/**
 * Statutory clocks. A period is counted from the day after the event that starts it
 * (民法典 第201条: 开始的当日不计入) in one of three units:
 *
 * - `workingDay`: official working days (rest days and holidays left out, adjusted working
 *   days counted) — the national CNIPA measures count docketing and service this way;
 * - `calendarDay`: natural days; a period whose last day is a rest day ends on the next working
 *   day (民事诉讼法 第85条, 民法典 第203条) — Shanghai's 2002 regulation counts in "日";
 * - `month`: ends on the same day of the last month, or that month's last day when it has no
 *   such day (民法典 第202条), with the same rest-day rule.
 *
 * A period that runs past the last year whose State Council holiday notice is loaded is still
 * computed — a three-month clock started in November always does — counting that year's days as
 * an ordinary Monday-to-Friday week less the holidays fixed by date, and marked `provisional`, which the
 * case page shows; the clock scan computes it again (`recomputeDue`) once the notice is imported.
 */

export type ClockUnit = 'workingDay' | 'calendarDay' | 'month';

export interface Period {
  length: number;
  unit: ClockUnit;
}

export interface Due {
  date: string;
  /** Part of the period lies beyond the loaded holiday notices. */
  provisional: boolean;
}

// The holidays fixed by calendar date in 全国年节及纪念日放假办法 (2024) 第二条: 元旦, 劳动节 (2 days),
// 国庆节 (3 days). The lunar holidays and the swapped days are known only from each year's notice.
const FIXED_HOLIDAYS = new Set(['01-01', '05-01', '05-02', '10-01', '10-02', '10-03']);

class Days {
  provisional = false;
  private readonly last: number;
  constructor(private readonly calendar: WorkingCalendar) {
    this.last = toDayNumber(calendar.coverage().to);
  }
  working(date: string): boolean {
    const n = toDayNumber(date);
    if (n <= this.last) return this.calendar.isWorkingDay(date);
    this.provisional = true;
    return !isWeekendDayNumber(n) && !FIXED_HOLIDAYS.has(date.slice(5));
  }
  rollForward(date: string): string {
    let d = date;
    while (!this.working(d)) d = addDays(d, 1);
    return d;
  }
  addWorking(start: string, n: number): string {
    let d = start;
    for (let left = n; left > 0; ) {
      d = addDays(d, 1);
      if (this.working(d)) left--;
    }
    return d;
  }
  /** Working days in (a, b]. */
  between(a: string, b: string): number {
    let count = 0;
    for (let d = addDays(a, 1); d <= b; d = addDays(d, 1)) if (this.working(d)) count++;
    return count;
  }
}

export function addMonthsRaw(start: string, months: number): string {
  const [y, m, d] = start.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

/** The last day of a period that starts on `start` (the event's date in Asia/Shanghai). */
export function computeDue(calendar: WorkingCalendar, start: string, period: Period): Due {
  const days = new Days(calendar);
  let date: string;
  if (period.unit === 'workingDay') date = days.addWorking(start, period.length);
  else if (period.unit === 'calendarDay') date = days.rollForward(addDays(start, period.length));
  else date = days.rollForward(addMonthsRaw(start, period.length));
  return { date, provisional: days.provisional };
}

export function dueDate(calendar: WorkingCalendar, start: string, period: Period): string {
  return computeDue(calendar, start, period).date;
}

/** Adds a period to an already computed due date (an approved extension). */
export function extendDue(calendar: WorkingCalendar, due: string, by: Period): Due {
  return computeDue(calendar, due, by);
}

/**
 * A paused clock (补正, 中止) resumes with the time it had left: the due date moves by the days
 * it stood still, counted in the clock's own kind of day, and still ends on a working day.
 */
export function shiftForPause(calendar: WorkingCalendar, due: string, unit: ClockUnit, pausedOn: string, resumedOn: string): Due {
  const days = new Days(calendar);
  if (resumedOn <= pausedOn) return { date: due, provisional: false };
  if (unit === 'workingDay') {
    const stood = days.between(pausedOn, resumedOn);
    return { date: days.addWorking(due, stood), provisional: days.provisional };
  }
  const stood = toDayNumber(resumedOn) - toDayNumber(pausedOn);
  return { date: days.rollForward(addDays(due, stood)), provisional: days.provisional };
}

/** How many days (of the clock's kind) a pause from `pausedOn` to `resumedOn` stood still. */
export function daysStoodStill(calendar: WorkingCalendar, unit: ClockUnit, pausedOn: string, resumedOn: string): number {
  if (resumedOn <= pausedOn) return 0;
  if (unit === 'workingDay') return new Days(calendar).between(pausedOn, resumedOn);
  return toDayNumber(resumedOn) - toDayNumber(pausedOn);
}

/**
 * The due date computed again from the start: the period, then each approved extension, then the
 * days paused — used when the holiday notice for a provisional date's year has been imported.
 */
export function recomputeDue(calendar: WorkingCalendar, clock: { startDate: string; length: number; unit: ClockUnit; extendedBy: Period[]; stoodStill: number }): Due {
  let due = computeDue(calendar, clock.startDate, { length: clock.length, unit: clock.unit });
  let provisional = due.provisional;
  for (const ext of clock.extendedBy) {
    due = extendDue(calendar, due.date, ext);
    provisional ||= due.provisional;
  }
  if (clock.stoodStill > 0) {
    const days = new Days(calendar);
    const date = clock.unit === 'workingDay' ? days.addWorking(due.date, clock.stoodStill) : days.rollForward(addDays(due.date, clock.stoodStill));
    return { date, provisional: provisional || days.provisional };
  }
  return { date: due.date, provisional };
}

/** Working days from `today` to `due` (0 on the day itself, negative once overdue). */
export function workingDaysLeft(calendar: WorkingCalendar, today: string, due: string): number {
  const days = new Days(calendar);
  return today <= due ? days.between(today, due) : -days.between(due, today);
}
