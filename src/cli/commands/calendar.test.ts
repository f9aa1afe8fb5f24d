import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Command, CommanderError } from 'commander';
import { WorkingCalendar, defaultNotices } from '../../platform/calendar/calendar';
import type { CalendarNotice } from '../../platform/calendar/calendar.schemas';
import { periodEndOf, registerCalendarCommands } from './calendar';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zhibao-calendar-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function notice(year: number): CalendarNotice {
  return structuredClone(defaultNotices.find((n) => n.year === year)!);
}

/** A 2027 notice for tests only — invented dates, not the real arrangement. */
function fake2027(): CalendarNotice {
  return {
    year: 2027,
    noticeTitle: '国务院办公厅关于2027年部分节假日安排的通知',
    sourceUrl: 'https://www.gov.cn/zhengce/content/202611/content_0000000.htm',
    publishedOn: null,
    holidays: [{ name: '元旦', nameEn: "New Year's Day", from: '2027-01-01', to: '2027-01-03' }],
    workdays: [],
  };
}

function setup(opts: { notices?: CalendarNotice[] } = {}) {
  const load = () => WorkingCalendar.fromNotices(opts.notices ?? [...defaultNotices]);
  const out: string[] = [];
  const err: string[] = [];
  const imported: CalendarNotice[] = [];
  let exitCode = 0;
  const program = new Command().exitOverride().configureOutput({ writeOut: (s) => out.push(s), writeErr: (s) => err.push(s) });
  registerCalendarCommands(program, {
    addPeriod: async (start, duration) => periodEndOf(load(), start, duration),
    // Like the service: the notice must fit the years already loaded.
    importNotice: async (n) => {
      load().withNotice(n);
      imported.push(n);
      return { year: n.year, days: n.holidays.length + n.workdays.length };
    },
    out: (s) => out.push(s),
    err: (s) => err.push(s),
    setExitCode: (n) => {
      exitCode = n;
    },
  });
  return {
    run: (...args: string[]) => program.parseAsync(args, { from: 'user' }),
    out,
    err,
    imported,
    exitCode: () => exitCode,
  };
}

async function jsonFile(name: string, content: unknown): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content), 'utf8');
  return file;
}

describe('zhibao calendar add', () => {
  it('prints only the date for 2025-09-26 + 5wd', async () => {
    const t = setup();
    await t.run('calendar', 'add', '2025-09-26', '5wd');
    expect(t.out).toEqual(['2025-10-10']);
    expect(t.err).toEqual([]);
    expect(t.exitCode()).toBe(0);
  });

  it('prints the rolled-over date on stdout and explains the roll-over on stderr in both languages', async () => {
    const t = setup();
    await t.run('calendar', 'add', '2025-09-20', '15d');
    expect(t.out).toEqual(['2025-10-09']);
    expect(t.err).toHaveLength(2);
    expect(t.err[0]).toContain('2025-10-05');
    expect(t.err[0]).toContain('国庆节、中秋节');
    expect(t.err[0]).toContain('《中华人民共和国民事诉讼法》第八十五条');
    expect(t.err[1]).toContain('2025-10-05');
    expect(t.err[1]).toContain('art. 85 of the Civil Procedure Law');
    expect(t.exitCode()).toBe(0);
  });

  it('calls a plain weekend a rest day in the roll-over note', async () => {
    const t = setup();
    await t.run('calendar', 'add', '2025-03-03', '12d');
    expect(t.out).toEqual(['2025-03-17']);
    expect(t.err[0]).toContain('2025-03-15 是休息日');
    expect(t.err[1]).toContain('a weekend rest day');
  });

  it('prints no note when a calendar-day period ends on a working day', async () => {
    const t = setup();
    await t.run('calendar', 'add', '2025-03-03', '10d');
    expect(t.out).toEqual(['2025-03-13']);
    expect(t.err).toEqual([]);
  });

  it('refuses a date beyond the loaded years with both texts and exit code 1', async () => {
    const t = setup();
    await t.run('calendar', 'add', '2026-12-28', '5wd');
    expect(t.out).toEqual([]);
    expect(t.err).toHaveLength(2);
    expect(t.err[0]).toContain('请管理员先导入《国务院办公厅关于2027年部分节假日安排的通知》');
    expect(t.err[1]).toContain('An administrator must first import the State Council notice on the 2027 public holidays');
    expect(t.exitCode()).toBe(1);
  });

  it('refuses a month duration and says only wd and d are supported', async () => {
    const t = setup();
    await t.run('calendar', 'add', '2025-09-26', '3m');
    expect(t.out).toEqual([]);
    expect(t.err[1]).toContain('only N working days (e.g. 5wd) or N calendar days (e.g. 15d)');
    expect(t.exitCode()).toBe(1);
  });

  it('refuses an impossible date', async () => {
    const t = setup();
    await t.run('calendar', 'add', '2025-02-30', '5wd');
    expect(t.err[0]).toContain('2025-02-30');
    expect(t.exitCode()).toBe(1);
  });

  it('leaves a missing argument to commander', async () => {
    const t = setup();
    await expect(t.run('calendar', 'add', '2025-09-26')).rejects.toBeInstanceOf(CommanderError);
  });
});

describe('zhibao calendar import', () => {
  it('imports next year’s notice and confirms it', async () => {
    const t = setup();
    const file = await jsonFile('2027.json', fake2027());
    await t.run('calendar', 'import', file);
    expect(t.imported).toHaveLength(1);
    expect(t.imported[0].year).toBe(2027);
    expect(t.out).toEqual([
      '已导入 2027 年节假日安排（国务院办公厅关于2027年部分节假日安排的通知），共 1 天',
      'Imported the 2027 public-holiday arrangement (1 day)',
    ]);
    expect(t.exitCode()).toBe(0);
  });

  it('refuses a notice whose adjusted working day is a weekday, without importing', async () => {
    const bad = notice(2025);
    bad.workdays[0].date = '2025-09-29';
    const t = setup();
    await t.run('calendar', 'import', await jsonFile('bad.json', bad));
    expect(t.imported).toEqual([]);
    expect(t.err[0]).toContain('调休上班日 2025-09-29 是星期一');
    expect(t.err[1]).toContain('an adjusted working day must be a Saturday or Sunday');
    expect(t.exitCode()).toBe(1);
  });

  it('reports the refusal of a year that would leave a gap in the calendar, in both languages', async () => {
    const gap = { ...fake2027(), year: 2028, holidays: [{ name: '元旦', nameEn: "New Year's Day", from: '2028-01-01', to: '2028-01-01' }] };
    const t = setup();
    await t.run('calendar', 'import', await jsonFile('2028.json', gap));
    expect(t.imported).toEqual([]);
    expect(t.err[1]).toContain('missing 2027');
    expect(t.exitCode()).toBe(1);
  });

  it('refuses a file that is not JSON', async () => {
    const t = setup();
    await t.run('calendar', 'import', await jsonFile('broken.json', '{ "year": 2027,'));
    expect(t.err[0]).toContain('文件不是有效的 JSON');
    expect(t.err[1]).toContain('the file is not valid JSON');
    expect(t.exitCode()).toBe(1);
  });

  it('refuses a file that does not exist', async () => {
    const t = setup();
    await t.run('calendar', 'import', join(dir, 'missing.json'));
    expect(t.err[0]).toContain('无法读取文件');
    expect(t.err[1]).toContain('ENOENT');
    expect(t.exitCode()).toBe(1);
  });
});
