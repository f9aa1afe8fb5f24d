/**
 * Chinese working-day calendar and period arithmetic (pure: no I/O, no clock).
 *
 * Working day = (Monday–Friday and not in a holiday block) or a listed adjusted working day
 * (调休上班日). Holidays come from the State Council's yearly notice, because the statutory list
 * (全国年节及纪念日放假办法 第2条) is only the starting point: 第6条 moves holidays that fall on a
 * weekend and 第7条 lets the State Council combine holidays with weekends by 调休.
 *
 * The calendar covers whole, contiguous years (1 January of the first loaded notice to
 * 31 December of the last). Any operation that needs a day outside that range throws
 * `calendar.out_of_range` rather than guessing "weekends only": before a year's notice is
 * published nobody knows, e.g., whether a Saturday will be a working day.
 *
 * Known limit: a notice may reach back into the previous December (2023's 元旦 began on
 * 2022-12-31; the 2019 notice made Saturday 2018-12-29 a working day). So the last week of the
 * last loaded year can still change when the next notice arrives.
 */
import rawDefaultNotices from './data/cn-2020-2026.json';
import { DomainError } from '../errors';
import { CalendarErrors as E } from './calendar.errors';
import { parseNotice, parseNotices, type CalendarNotice } from './calendar.schemas';
import { fromDayNumber, isIsoDate, isWeekendDayNumber, toDayNumber } from './dates';

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'adjusted_workday';

export interface DayInfo {
  date: string;
  working: boolean;
  kind: DayKind;
  /** Name of the holiday (for `holiday`) or of the holiday it was swapped for (`adjusted_workday`). */
  name?: string;
  nameEn?: string;
}

/** The legal rule a computed date rests on, in both languages, for display beside the result. */
export interface LegalBasis {
  id: 'working-days' | 'cpl-art-85';
  zh: string;
  en: string;
}

export interface AddResult {
  date: string;
  /** Set when the raw last day was a rest day and the period was extended (民事诉讼法 第85条). */
  rolledOverFrom?: string;
  basis: LegalBasis;
}

export type DurationUnit = 'wd' | 'd';
export type Duration = `${number}${DurationUnit}`;

/** One day an arrangement notice sets apart from the ordinary Mon–Fri week. */
export interface NoticeDay {
  date: string;
  kind: 'holiday' | 'adjusted_workday';
  name: string;
  nameEn: string;
  year: number;
}

export const BASIS_WORKING_DAYS: LegalBasis = {
  id: 'working-days',
  zh: '按工作日计算，不含法定节假日和休息日，调休上班日计入（《中华人民共和国行政许可法》第八十二条）；开始的当日不计入（《中华人民共和国民法典》第二百零一条）',
  en: 'Counted in working days: statutory holidays and rest days are left out and adjusted working days count (Administrative Licensing Law of the PRC, art. 82); the starting day is not counted (Civil Code of the PRC, art. 201)',
};

export const BASIS_CPL_ART_85: LegalBasis = {
  id: 'cpl-art-85',
  zh: '按自然日计算，期间开始的日不计算在期间内；期间届满的最后一日是法定休假日的，以法定休假日后的第一日为期间届满的日期（《中华人民共和国民事诉讼法》第八十五条）',
  en: 'Counted in calendar days without the starting day; when the last day is a statutory rest day, the period ends on the first day after the rest days (Civil Procedure Law of the PRC, art. 85)',
};

const DURATION = /^(\d{1,6})(wd|d)$/;

/** Parses `5wd` (working days) or `15d` (calendar days); months/years are deliberately not supported. */
export function parseDuration(value: string): { n: number; unit: DurationUnit } {
  const m = DURATION.exec(typeof value === 'string' ? value.trim() : '');
  if (!m) throw new DomainError(E['calendar.bad_duration'], { value: String(value) });
  return { n: Number(m[1]), unit: m[2] as DurationUnit };
}

/** Every holiday date and adjusted working day a notice lists, in date order. */
export function expandNotice(notice: CalendarNotice): NoticeDay[] {
  const days: NoticeDay[] = [];
  for (const b of notice.holidays) {
    for (let d = toDayNumber(b.from); d <= toDayNumber(b.to); d++) {
      days.push({ date: fromDayNumber(d), kind: 'holiday', name: b.name, nameEn: b.nameEn, year: notice.year });
    }
  }
  for (const w of notice.workdays) {
    days.push({ date: w.date, kind: 'adjusted_workday', name: w.name, nameEn: w.nameEn, year: notice.year });
  }
  return days.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

const KIND_ZH = { holiday: '放假', adjusted_workday: '调休上班' } as const;

export class WorkingCalendar {
  private readonly startDay: number;
  private readonly endDay: number;
  private readonly firstYear: number;
  private readonly lastYear: number;
  private readonly special: Map<string, NoticeDay>;
  /** working[i] for day startDay + i. */
  private readonly working: Uint8Array;
  /** cum[i] = number of working days in [startDay, startDay + i]; makes counting O(1). */
  private readonly cum: Int32Array;
  private readonly loaded: readonly CalendarNotice[];

  private constructor(notices: readonly CalendarNotice[]) {
    if (notices.length === 0) throw new DomainError(E['calendar.no_notices']);
    const sorted = [...notices].sort((a, b) => a.year - b.year);
    for (let k = 1; k < sorted.length; k++) {
      if (sorted[k].year === sorted[k - 1].year) throw new DomainError(E['calendar.duplicate_year'], { year: sorted[k].year });
    }
    const years = sorted.map((n) => n.year);
    const missing: number[] = [];
    for (let y = years[0]; y <= years[years.length - 1]; y++) if (!years.includes(y)) missing.push(y);
    if (missing.length > 0) {
      throw new DomainError(E['calendar.years_not_contiguous'], { years: years.join(', '), missing: missing.join(', ') });
    }

    this.loaded = Object.freeze(sorted);
    this.firstYear = years[0];
    this.lastYear = years[years.length - 1];
    this.startDay = toDayNumber(`${this.firstYear}-01-01`);
    this.endDay = toDayNumber(`${this.lastYear}-12-31`);

    this.special = new Map();
    for (const notice of sorted) {
      for (const day of expandNotice(notice)) {
        const prior = this.special.get(day.date);
        if (prior && prior.kind !== day.kind) {
          throw new DomainError(E['calendar.notice_conflict'], {
            date: day.date,
            yearA: prior.year,
            kindA: KIND_ZH[prior.kind],
            yearB: day.year,
            kindB: KIND_ZH[day.kind],
          });
        }
        if (!prior) this.special.set(day.date, day);
      }
    }

    const length = this.endDay - this.startDay + 1;
    this.working = new Uint8Array(length);
    this.cum = new Int32Array(length);
    let count = 0;
    for (let i = 0; i < length; i++) {
      const day = this.startDay + i;
      const entry = this.special.get(fromDayNumber(day));
      const isWorking = entry ? entry.kind === 'adjusted_workday' : !isWeekendDayNumber(day);
      this.working[i] = isWorking ? 1 : 0;
      count += this.working[i];
      this.cum[i] = count;
    }
  }

  /** Builds a calendar from one notice per year; re-validates each with the `CalendarNotice` schema. */
  static fromNotices(notices: readonly CalendarNotice[]): WorkingCalendar {
    return new WorkingCalendar(notices.map((n) => parseNotice(n)));
  }

  /** A new calendar with `notice` added, replacing any notice for the same year (e.g. an amendment). */
  withNotice(notice: CalendarNotice): WorkingCalendar {
    const parsed = parseNotice(notice);
    return new WorkingCalendar([...this.loaded.filter((n) => n.year !== parsed.year), parsed]);
  }

  /** The loaded notices, in year order. */
  notices(): readonly CalendarNotice[] {
    return this.loaded;
  }

  years(): number[] {
    return this.loaded.map((n) => n.year);
  }

  coverage(): { from: string; to: string } {
    return { from: fromDayNumber(this.startDay), to: fromDayNumber(this.endDay) };
  }

  isWorkingDay(date: string): boolean {
    return this.working[this.indexOf(date)] === 1;
  }

  dayInfo(date: string): DayInfo {
    const i = this.indexOf(date);
    const entry = this.special.get(date);
    if (entry) {
      return { date, working: entry.kind === 'adjusted_workday', kind: entry.kind, name: entry.name, nameEn: entry.nameEn };
    }
    const weekend = isWeekendDayNumber(this.startDay + i);
    return { date, working: !weekend, kind: weekend ? 'weekend' : 'workday' };
  }

  /**
   * The n-th working day after `start`. The start day itself is never counted (期间开始的日不计算
   * 在期间内 — 民事诉讼法 第85条, 民法典 第201条), whether or not it is a working day; n = 0
   * returns `start` unchanged.
   */
  addWorkingDays(start: string, n: number): string {
    this.assertCount(n, 'wd');
    const i = this.indexOf(start);
    if (n === 0) return start;
    return fromDayNumber(this.startDay + this.firstIndexWithCount(this.cum[i] + n));
  }

  /**
   * `start` + n calendar days, then — if that last day is a rest day (statutory holiday, or a
   * weekend day that is not an adjusted working day) — the first working day after it
   * (民事诉讼法 第85条; likewise 民法典 第203条). An adjusted working Saturday is a working day,
   * so a period ending on one does not roll over.
   */
  addCalendarDays(start: string, n: number): AddResult {
    this.assertCount(n, 'd');
    const i = this.indexOf(start);
    const last = i + n;
    if (last >= this.working.length) throw this.outOfRange(this.startDay + last);
    if (this.working[last] === 1) return { date: fromDayNumber(this.startDay + last), basis: BASIS_CPL_ART_85 };
    const j = this.firstIndexWithCount(this.cum[last] + 1);
    return { date: fromDayNumber(this.startDay + j), rolledOverFrom: fromDayNumber(this.startDay + last), basis: BASIS_CPL_ART_85 };
  }

  /** `add('2025-09-26', '5wd')` or `add('2025-09-20', '15d')`. */
  add(start: string, duration: Duration | string): AddResult {
    const { n, unit } = parseDuration(duration);
    if (unit === 'd') return this.addCalendarDays(start, n);
    return { date: this.addWorkingDays(start, n), basis: BASIS_WORKING_DAYS };
  }

  /**
   * Working days in (a, b] — so `workingDaysBetween(d, addWorkingDays(d, n)) === n`.
   * Negative when b is before a.
   */
  workingDaysBetween(a: string, b: string): number {
    const ia = this.indexOf(a);
    const ib = this.indexOf(b);
    return this.cum[ib] - this.cum[ia];
  }

  private indexOf(date: string): number {
    if (!isIsoDate(date)) throw new DomainError(E['calendar.bad_date'], { value: String(date) });
    const day = toDayNumber(date);
    if (day < this.startDay || day > this.endDay) throw this.outOfRange(day);
    return day - this.startDay;
  }

  /** Smallest index whose cumulative working-day count reaches `target` (it is a working day). */
  private firstIndexWithCount(target: number): number {
    const cum = this.cum;
    if (target > cum[cum.length - 1]) throw this.outOfRange(this.endDay + 1);
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cum[mid] >= target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  private assertCount(n: number, unit: DurationUnit): void {
    if (!Number.isSafeInteger(n) || n < 0) throw new DomainError(E['calendar.bad_duration'], { value: `${n}${unit}` });
  }

  private outOfRange(day: number): DomainError {
    const date = fromDayNumber(day);
    return new DomainError(E['calendar.out_of_range'], {
      date,
      from: fromDayNumber(this.startDay),
      to: fromDayNumber(this.endDay),
      years: this.firstYear === this.lastYear ? String(this.firstYear) : `${this.firstYear}–${this.lastYear}`,
      year: date.slice(0, 4),
    });
  }
}

/** The notices shipped with the code (2020–2026), validated when this module loads. */
export const defaultNotices: readonly CalendarNotice[] = Object.freeze(parseNotices(rawDefaultNotices));

let defaultCal: WorkingCalendar | undefined;
/** A calendar of the shipped notices only — deployments should prefer the administrator-imported set. */
export function defaultCalendar(): WorkingCalendar {
  defaultCal ??= WorkingCalendar.fromNotices(defaultNotices);
  return defaultCal;
}

/**
 * The Asia/Shanghai calendar date of an instant. China Standard Time has been a fixed UTC+8
 * without daylight saving since 1992, so a fixed offset is exact and does not depend on the
 * host's TZ or ICU data.
 */
export function todayInShanghai(now: Date): string {
  const t = now.getTime();
  if (!Number.isFinite(t)) throw new DomainError(E['calendar.bad_date'], { value: String(now) });
  return fromDayNumber(Math.floor((t + 8 * 3_600_000) / 86_400_000));
}
