/**
 * Plain `YYYY-MM-DD` date arithmetic on whole UTC days.
 *
 * Deadlines are about calendar dates, not instants: doing the maths on a day number (days since
 * 1970-01-01, UTC) means neither the server's TZ nor a daylight-saving jump elsewhere can shift a
 * date by one.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** True when `s` is `YYYY-MM-DD` and names a day that exists (no 2025-02-29, no 2025-13-01). */
export function isIsoDate(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  const t = new Date(Date.UTC(y, mo - 1, d));
  // Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear keeps them as written.
  t.setUTCFullYear(y);
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** Day number of a date already checked with `isIsoDate`. */
export function toDayNumber(iso: string): number {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  const d = Number(iso.slice(8, 10));
  const t = new Date(Date.UTC(2000, m - 1, d));
  t.setUTCFullYear(y);
  return Math.round(t.getTime() / MS_PER_DAY);
}

export function fromDayNumber(n: number): string {
  const t = new Date(n * MS_PER_DAY);
  const y = t.getUTCFullYear();
  const yyyy = y >= 0 && y < 10_000 ? String(y).padStart(4, '0') : String(y);
  return `${yyyy}-${String(t.getUTCMonth() + 1).padStart(2, '0')}-${String(t.getUTCDate()).padStart(2, '0')}`;
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOfDayNumber(n: number): number {
  return (((n + 4) % 7) + 7) % 7;
}

export function weekdayOf(iso: string): number {
  return weekdayOfDayNumber(toDayNumber(iso));
}

export function isWeekendDayNumber(n: number): boolean {
  const w = weekdayOfDayNumber(n);
  return w === 0 || w === 6;
}

export function addDays(iso: string, n: number): string {
  return fromDayNumber(toDayNumber(iso) + n);
}

export const WEEKDAY_ZH = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'] as const;
export const WEEKDAY_EN = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
