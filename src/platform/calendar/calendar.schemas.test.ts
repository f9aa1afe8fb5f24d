import { describe, expect, it } from 'vitest';
import { DomainError, errorText } from '../errors';
import { defaultNotices } from './calendar';
import { CalendarNotice, parseNotice, parseNotices, summarizeIssues, type CalendarNoticeInput } from './calendar.schemas';

const base2025 = (): CalendarNoticeInput => structuredClone(defaultNotices.find((n) => n.year === 2025)!) as CalendarNoticeInput;

/** The English messages of a refused notice. */
function messages(input: unknown): string[] {
  const r = CalendarNotice.safeParse(input);
  expect(r.success).toBe(false);
  return r.success ? [] : r.error.issues.map((i) => i.message);
}

describe('CalendarNotice schema', () => {
  it('accepts every shipped notice', () => {
    expect(parseNotices(structuredClone(defaultNotices))).toHaveLength(7);
  });

  it('accepts a notice without publishedOn and records it as unknown', () => {
    const n = base2025();
    delete n.publishedOn;
    expect(parseNotice(n).publishedOn).toBeNull();
  });

  it('refuses a date that is not written YYYY-MM-DD', () => {
    const n = base2025();
    n.holidays[0].from = '2025/01/01';
    expect(messages(n)).toContain('"2025/01/01" is not a date in YYYY-MM-DD form');
  });

  it('refuses a date that does not exist', () => {
    const n = base2025();
    n.workdays[0].date = '2025-02-29';
    expect(messages(n)).toContain('"2025-02-29" is not a real calendar date');
  });

  it('refuses a holiday block that ends before it starts', () => {
    const n = base2025();
    n.holidays[1] = { ...n.holidays[1], from: '2025-02-04', to: '2025-01-28' };
    expect(messages(n)).toContain('holiday block "Spring Festival" ends (2025-01-28) before it starts (2025-02-04)');
  });

  it('refuses overlapping holiday blocks', () => {
    const n = base2025();
    n.holidays.push({ name: '测试', nameEn: 'Test', from: '2025-02-03', to: '2025-02-05' });
    expect(messages(n)).toContain('holiday block "Test" (2025-02-03 to 2025-02-05) overlaps "Spring Festival" (2025-01-28 to 2025-02-04)');
  });

  it('refuses holiday dates outside the notice year', () => {
    const n = base2025();
    n.holidays[5] = { ...n.holidays[5], from: '2026-10-01', to: '2026-10-08' };
    const m = messages(n);
    expect(m).toContain('holiday start 2026-10-01 is not within 2025 (the earliest allowed is 25 December of the previous year)');
    expect(m).toContain('holiday end 2026-10-08 is not within 2025');
  });

  it('allows a New Year block to start in the last days of the previous December, as in the 2023 notice', () => {
    const n2023 = defaultNotices.find((n) => n.year === 2023)!;
    expect(n2023.holidays[0].from).toBe('2022-12-31');
    expect(() => parseNotice(structuredClone(n2023))).not.toThrow();
  });

  it('allows an adjusted working day in the last days of the previous December, as in the 2019 notice (2018-12-29)', () => {
    const n2019 = {
      year: 2019,
      noticeTitle: '国务院办公厅关于2019年部分节假日安排的通知',
      sourceUrl: 'https://www.gov.cn/zhengce/content/2018-12/06/content_5346276.htm',
      publishedOn: '2018-12-06',
      holidays: [{ name: '元旦', nameEn: "New Year's Day", from: '2018-12-30', to: '2019-01-01' }],
      workdays: [{ name: '元旦', nameEn: "New Year's Day", date: '2018-12-29' }],
    };
    expect(parseNotice(n2019).workdays[0].date).toBe('2018-12-29');
  });

  it('refuses a block starting earlier than 25 December of the previous year', () => {
    const n = base2025();
    n.holidays[0] = { ...n.holidays[0], from: '2024-12-20' };
    expect(messages(n)).toContain('holiday start 2024-12-20 is not within 2025 (the earliest allowed is 25 December of the previous year)');
  });

  it('refuses an adjusted working day on a weekday', () => {
    const n = base2025();
    n.workdays[0].date = '2025-09-29';
    expect(messages(n)).toContain('adjusted working day 2025-09-29 is a Monday; an adjusted working day must be a Saturday or Sunday');
  });

  it('refuses an adjusted working day inside a holiday block', () => {
    const n = base2025();
    n.workdays.push({ name: '国庆节', nameEn: 'National Day', date: '2025-10-04' });
    expect(messages(n)).toContain(
      'adjusted working day 2025-10-04 falls inside the holiday block "National Day and Mid-Autumn Festival" (2025-10-01 to 2025-10-08)',
    );
  });

  it('refuses the same adjusted working day twice', () => {
    const n = base2025();
    n.workdays.push({ ...n.workdays[0] });
    expect(messages(n)).toContain('adjusted working day 2025-01-26 is listed twice');
  });

  it('refuses an adjusted working day outside the notice year', () => {
    const n = base2025();
    n.workdays.push({ name: '元旦', nameEn: "New Year's Day", date: '2026-01-03' });
    expect(messages(n)).toContain('adjusted working day 2026-01-03 is not within 2025 (the earliest allowed is 25 December of the previous year)');
  });

  it('refuses a source that is not on gov.cn', () => {
    const n = base2025();
    n.sourceUrl = 'https://example.com/gov.cn/notice.htm';
    expect(messages(n)).toContain('"https://example.com/gov.cn/notice.htm" is not a gov.cn address (where State Council notices are published)');
  });

  it('refuses unknown fields, so a typo in an upload is not silently dropped', () => {
    const n = { ...base2025(), amendment: [] };
    expect(CalendarNotice.safeParse(n).success).toBe(false);
  });

  it('refuses a notice without holidays and a year that is not a whole number', () => {
    expect(CalendarNotice.safeParse({ ...base2025(), holidays: [] }).success).toBe(false);
    expect(CalendarNotice.safeParse({ ...base2025(), year: 2025.5 }).success).toBe(false);
  });
});

describe('parseNotice', () => {
  it('throws calendar.notice_invalid with the problems in both languages', () => {
    const n = base2025();
    n.workdays[0].date = '2025-09-29';
    let err: unknown;
    try {
      parseNotice(n);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DomainError);
    const e = err as DomainError;
    expect(e.code).toBe('calendar.notice_invalid');
    expect(e.status).toBe(400);
    expect(errorText(e.code, 'zh-CN', e.params)).toBe(
      '节假日安排通知的数据有误：workdays[0].date：调休上班日 2025-09-29 是星期一，调休上班日必须是星期六或星期日',
    );
    expect(errorText(e.code, 'en', e.params)).toBe(
      'The public-holiday notice is not valid: workdays[0].date: adjusted working day 2025-09-29 is a Monday; an adjusted working day must be a Saturday or Sunday',
    );
  });

  it('summarises built-in zod problems in Chinese too, and caps a long list', () => {
    const r = CalendarNotice.safeParse({ year: '2027' });
    expect(r.success).toBe(false);
    if (r.success) return;
    const s = summarizeIssues(r.error.issues, 2);
    expect(s.summaryZh).toMatch(/^year：缺失或类型不对（.+）；noticeTitle：缺失或类型不对（.+）；另有 \d+ 处问题$/);
    expect(s.summaryEn).toMatch(/^year: .+; noticeTitle: .+; and \d+ more$/);
  });
});
