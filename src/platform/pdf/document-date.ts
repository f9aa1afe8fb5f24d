import { isIsoDate } from '../calendar/dates';
import { DomainError } from '../errors';
import { DocumentErrors } from './pdf.errors';

/**
 * A date as official documents print it: `2026年11月25日`, Arabic numerals, year in full, month
 * and day without a leading zero (GB/T 9704-2012 党政机关公文格式 7.3.5.2, 成文日期).
 */
export function formatDocumentDate(isoDate: string): string {
  if (!isIsoDate(isoDate)) throw new DomainError(DocumentErrors['document.invalid_date'], { date: String(isoDate) });
  const [y, m, d] = isoDate.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}
