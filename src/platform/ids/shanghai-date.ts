/**
 * Today's calendar date in Shanghai, whatever the time zone of the machine or browser.
 *
 * China has kept UTC+8 without daylight saving since 1991, so a fixed offset is exact for every
 * "now" the platform will see and needs no Intl time-zone data in the browser bundle.
 */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

export function shanghaiToday(now: Date = new Date()): CalendarDate {
  const shifted = new Date(now.getTime() + SHANGHAI_OFFSET_MS);
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

export function formatCalendarDate(d: CalendarDate): string {
  return `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

export function compareCalendarDates(a: CalendarDate, b: CalendarDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/** Proleptic Gregorian validity; no lower bound on the year (GB 11643 examples include 1880). */
export function isRealDate(d: CalendarDate): boolean {
  if (d.month < 1 || d.month > 12 || d.day < 1) return false;
  const leap = (d.year % 4 === 0 && d.year % 100 !== 0) || d.year % 400 === 0;
  const daysInMonth = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][d.month - 1];
  return d.day <= daysInMonth;
}
