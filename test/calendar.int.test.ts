import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp, type Session } from './support/test-app';

/**
 * A made-up notice for 2027 in the documented shape (`CalendarNotice`): the State Council
 * publishes the real one in late 2026. Weekdays: 2027-01-01 is a Friday.
 */
function notice2027(): Record<string, unknown> {
  return {
    year: 2027,
    noticeTitle: '国务院办公厅关于2027年部分节假日安排的通知（测试用）',
    sourceUrl: 'https://www.gov.cn/zhengce/content/202611/content_0000000.htm',
    publishedOn: '2026-11-10',
    holidays: [
      { name: '元旦', nameEn: "New Year's Day", from: '2027-01-01', to: '2027-01-03' },
      { name: '春节', nameEn: 'Spring Festival', from: '2027-02-06', to: '2027-02-14' },
      { name: '清明节', nameEn: 'Qingming Festival', from: '2027-04-03', to: '2027-04-05' },
      { name: '劳动节', nameEn: 'Labour Day', from: '2027-05-01', to: '2027-05-05' },
      { name: '国庆节', nameEn: 'National Day', from: '2027-10-01', to: '2027-10-07' },
    ],
    workdays: [
      { name: '春节', nameEn: 'Spring Festival', date: '2027-02-20' },
      { name: '劳动节', nameEn: 'Labour Day', date: '2027-05-08' },
      { name: '国庆节', nameEn: 'National Day', date: '2027-09-26' },
      { name: '国庆节', nameEn: 'National Day', date: '2027-10-09' },
    ],
  };
}

describe('working-day calendar', () => {
  const t = useTestApp();
  let admin: Session;

  beforeAll(async () => {
    admin = await t.loginAs('admin');
  });

  async function add(start: string, duration: string) {
    return t.request('GET', `/api/calendar/add?${new URLSearchParams({ start, duration })}`);
  }

  it('adds 5 working days to 2025-09-26 across the National Day holiday: 2025-10-10', async () => {
    const res = await add('2025-09-26', '5wd');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ start: '2025-09-26', duration: '5wd', date: '2025-10-10' });
    expect(res.body.rolledOverFrom).toBeUndefined();
    expect(res.body.basis.zh).toBeTruthy();
    expect(res.body.basis.en).toBeTruthy();
  });

  it('adds 15 calendar days to 2025-09-20 and rolls the holiday end over: 2025-10-09 from 2025-10-05', async () => {
    const res = await add('2025-09-20', '15d');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ date: '2025-10-09', rolledOverFrom: '2025-10-05' });
    expect(res.body.basis).toMatchObject({ id: 'cpl-art-85', en: expect.stringContaining('art. 85') });
  });

  it('answers 422 calendar.out_of_range for a 2027 date, asking for the notice to be imported', async () => {
    for (const [start, duration] of [['2027-03-01', '5wd'], ['2026-12-28', '5wd'], ['2026-12-20', '15d']]) {
      const res = await add(start, duration);
      expect(res.status, `${start} + ${duration}`).toBe(422);
      expect(res.body.code).toBe('calendar.out_of_range');
      expect(res.body.messages['zh-CN']).toContain('国务院办公厅关于2027年部分节假日安排的通知');
      expect(res.body.messages.en).toContain('2020–2026');
    }
    expect((await t.request('GET', '/api/calendar/years/2027')).status).toBe(422);
  });

  it('refuses a malformed date or duration with 400', async () => {
    expect((await add('2025-02-30', '5wd')).body.code).toBe('calendar.bad_date');
    expect((await add('2025/09/26', '5wd')).body.code).toBe('calendar.bad_date');
    for (const duration of ['1m', '-5wd', '5', 'wd', '1y', '99999999999999999999wd']) {
      const res = await add('2025-09-26', duration);
      expect(res.status, duration).toBe(400);
      expect(res.body.code, duration).toBe('calendar.bad_duration');
    }
  });

  it('lists a year day by day with the kind of each day', async () => {
    const res = await t.request('GET', '/api/calendar/years/2025');
    expect(res.status).toBe(200);
    expect(res.body.days).toHaveLength(365);
    const day = (d: string) => res.body.days.find((x: { date: string }) => x.date === d);
    expect(day('2025-10-01')).toMatchObject({ working: false, kind: 'holiday', name: '国庆节、中秋节' });
    expect(day('2025-09-28')).toMatchObject({ working: true, kind: 'adjusted_workday' });
    expect(day('2025-09-27')).toMatchObject({ working: false, kind: 'weekend' });
  });

  it('refuses a notice import to anyone but an administrator', async () => {
    const supervisor = await t.loginAs('supervisor');
    expect((await t.request('POST', '/api/calendar/notices', { session: supervisor, body: notice2027() })).status).toBe(403);
    expect((await t.request('POST', '/api/calendar/notices', { body: notice2027() })).status).toBe(401);
  });

  describe('refuses an invalid notice with a message that names the problem', () => {
    const cases: [string, (n: Record<string, any>) => void, string, RegExp, RegExp][] = [
      ['an adjusted working day on a weekday', (n) => (n.workdays[0].date = '2027-02-17'), 'workdays.0.date', /必须是星期六或星期日/, /must be a Saturday or Sunday/],
      ['overlapping holiday blocks', (n) => (n.holidays[1].from = '2027-01-02'), 'holidays.1', /重叠/, /overlaps/],
      ['a holiday block ending before it starts', (n) => (n.holidays[2].to = '2027-04-01'), 'holidays.2.to', /早于开始日/, /ends .* before it starts/],
      ['an adjusted working day inside a holiday block', (n) => (n.workdays[1].date = '2027-05-01'), 'workdays.1.date', /落在放假区间/, /falls inside the holiday block/],
      ['a source outside gov.cn', (n) => (n.sourceUrl = 'https://example.com/notice.htm'), 'sourceUrl', /gov\.cn/, /not a gov\.cn address/],
      ['a date that does not exist', (n) => (n.holidays[0].to = '2027-02-29'), 'holidays.0.to', /不是真实存在的日期/, /not a real calendar date/],
      ['a holiday in another year', (n) => (n.holidays[4].to = '2028-01-02'), 'holidays.4.to', /不在 2027 年内/, /not within 2027/],
      ['an unknown field', (n) => (n.holidayz = []), '(body)', /不认识的字段/, /unknown fields: holidayz/],
    ];
    it.each(cases)('%s', async (_name, spoil, path, zh, en) => {
      const n = notice2027();
      spoil(n as Record<string, any>);
      const res = await t.request('POST', '/api/calendar/notices', { session: admin, body: n });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('validation.failed');
      const error = res.body.errors.find((e: { path: string }) => e.path === path);
      expect(error, JSON.stringify(res.body.errors)).toBeDefined();
      expect(error.messages['zh-CN']).toMatch(zh);
      expect(error.messages.en).toMatch(en);
      expect(res.body.messages['zh-CN']).toMatch(zh);
      expect(res.body.messages.en).toMatch(en);
    });

    it('a year that leaves a gap after the loaded ones', async () => {
      const n = { ...notice2027(), year: 2028, holidays: [{ name: '元旦', nameEn: "New Year's Day", from: '2028-01-01', to: '2028-01-03' }], workdays: [] };
      const res = await t.request('POST', '/api/calendar/notices', { session: admin, body: n });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('calendar.years_not_contiguous');
      expect(res.body.messages.en).toContain('missing 2027');
    });

    it('and still has no 2027 afterwards', async () => {
      expect((await add('2027-03-01', '5wd')).status).toBe(422);
    });
  });

  it('computes 2027 deadlines once an administrator has imported the 2027 notice', async () => {
    const res = await t.request('POST', '/api/calendar/notices', { session: admin, body: notice2027() });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ year: 2027, days: 27 + 4 }); // holiday days and adjusted working days
    expect((await add('2027-03-01', '5wd')).body.date).toBe('2027-03-08');
    // Across the made-up National Day: 30 Sep (Thu) + 1 working day is Fri 8 Oct; Sat 9 Oct is a working day.
    expect((await add('2027-09-30', '1wd')).body.date).toBe('2027-10-08');
    expect((await add('2027-09-30', '2wd')).body.date).toBe('2027-10-09');
    // Across the year end, into the new year's holiday.
    expect((await add('2026-12-28', '5wd')).body.date).toBe('2027-01-05');
    const rolled = await add('2027-01-20', '17d');
    expect(rolled.body).toMatchObject({ date: '2027-02-15', rolledOverFrom: '2027-02-06' });
    const overview = await t.request('GET', '/api/calendar');
    expect(overview.body.coverage).toEqual({ from: '2020-01-01', to: '2027-12-31' });
    expect(overview.body.years.find((y: { year: number }) => y.year === 2027)).toMatchObject({ source: 'import', publishedOn: '2026-11-10' });
    const [audit] = await t.query<{ actor_login: string; target_id: string }>(sql`select actor_login, target_id from audit_log where action = 'calendar.import'`);
    expect(audit).toEqual({ actor_login: 'admin', target_id: '2027' });
  });

  it('replaces a year’s notice when an amended one is imported, even at the same instant as the first import', async () => {
    // The test clock has not moved since the first import: both rows carry the same imported_at.
    const amended = notice2027();
    (amended.holidays as { to: string }[])[4].to = '2027-10-08';
    (amended.workdays as unknown[]).pop();
    amended.amendments = [{ title: '关于调整2027年国庆节放假安排的通知（测试用）', url: 'https://www.gov.cn/zhengce/content/202709/content_0000001.htm', publishedOn: '2027-09-01' }];
    const res = await t.request('POST', '/api/calendar/notices', { session: admin, body: amended });
    expect(res.status, res.text).toBe(200);
    expect((await add('2027-09-30', '1wd')).body.date).toBe('2027-10-11');
  });

  // Runs last: it empties the calendar, as a city starting without the shipped notices would.
  it('accepts a first notice into an empty calendar, which then covers exactly that year', async () => {
    await t.query(sql`delete from calendar_notices`);
    const res = await t.request('POST', '/api/calendar/notices', { session: admin, body: notice2027() });
    expect(res.status, res.text).toBe(200);
    const overview = await t.request('GET', '/api/calendar');
    expect(overview.body.coverage).toEqual({ from: '2027-01-01', to: '2027-12-31' });
    expect((await add('2027-03-01', '5wd')).body.date).toBe('2027-03-08');
    expect((await add('2026-12-28', '5wd')).status).toBe(422);
  });
});
