import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { DomainError } from '../../platform/errors';
import { CalendarErrors as E } from '../../platform/calendar/calendar.errors';
import type { WorkingCalendar } from '../../platform/calendar/calendar';
import { parseNotice, type CalendarNotice } from '../../platform/calendar/calendar.schemas';
import { describeFailure } from '../io';

/** The last day of a period, as the calendar in force (local database or running server) computes it. */
export interface PeriodEnd {
  date: string;
  /** Set when the raw last day was a rest day and the period was extended (民事诉讼法 第85条). */
  rolledOverFrom?: string;
  /** The holiday that rest day belongs to, when it is one. */
  rolledOverDay?: { name?: string; nameEn?: string };
}

export interface CalendarCliDeps {
  addPeriod: (start: string, duration: string) => Promise<PeriodEnd>;
  /** Stores the notice; refuses one that does not fit the years already loaded. */
  importNotice: (notice: CalendarNotice) => Promise<{ year: number; days: number }>;
  out: (s: string) => void;
  err: (s: string) => void;
  setExitCode: (n: number) => void;
  debug?: () => boolean;
}

/** `addPeriod` on a calendar held in this process. */
export function periodEndOf(cal: WorkingCalendar, start: string, duration: string): PeriodEnd {
  const result = cal.add(start, duration);
  if (!result.rolledOverFrom) return { date: result.date };
  const info = cal.dayInfo(result.rolledOverFrom);
  return { date: result.date, rolledOverFrom: result.rolledOverFrom, rolledOverDay: { name: info.name, nameEn: info.nameEn } };
}

/**
 * `zhibao calendar add <date> <duration>` and `zhibao calendar import <file.json>`.
 *
 * `add` prints only the resulting date on stdout so scripts can capture it
 * (`due=$(zhibao calendar add 2025-09-26 5wd)`); explanations go to stderr.
 */
export function registerCalendarCommands(program: Command, deps: CalendarCliDeps): Command {
  const calendar = program
    .command('calendar')
    .description('中国工作日历与期限计算 / Chinese working-day calendar and period arithmetic');

  calendar
    .command('add')
    .argument('<date>', '起算日 YYYY-MM-DD（当日不计入） / start date, not itself counted')
    .argument('<duration>', 'Nwd = N 个工作日, Nd = N 个自然日 / N working days or N calendar days')
    .description('计算期限届满日 / compute the last day of a period')
    .action((date: string, duration: string) =>
      guarded(deps, async () => {
        const result = await deps.addPeriod(date, duration);
        deps.out(result.date);
        if (result.rolledOverFrom) {
          // The raw last day was a rest day; 民事诉讼法 第85条 moves the end to the next working day.
          const info = result.rolledOverDay ?? {};
          const zhWhat = info.name ? `法定休假日（${info.name}）` : '休息日';
          const enWhat = info.nameEn ? `a statutory rest day (${info.nameEn})` : 'a weekend rest day';
          deps.err(
            `注意：按自然日计算的届满日 ${result.rolledOverFrom} 是${zhWhat}，依《中华人民共和国民事诉讼法》第八十五条顺延至其后的第一个工作日 ${result.date}`,
          );
          deps.err(
            `Note: the last calendar day ${result.rolledOverFrom} is ${enWhat}; under art. 85 of the Civil Procedure Law of the PRC the period ends on the next working day, ${result.date}`,
          );
        }
      }),
    );

  calendar
    .command('import')
    .argument('<file>', '国务院办公厅节假日安排通知的 JSON 文件 / JSON file of the State Council holiday notice')
    .description('导入某一年的节假日安排 / import one year’s public-holiday arrangement')
    .action((file: string) =>
      guarded(deps, async () => {
        const notice = parseNotice(parseJson(await readText(file)));
        const { year, days } = await deps.importNotice(notice);
        deps.out(`已导入 ${year} 年节假日安排（${notice.noticeTitle}），共 ${days} 天`);
        deps.out(`Imported the ${year} public-holiday arrangement (${days} day${days === 1 ? '' : 's'})`);
      }),
    );

  return calendar;
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e));
    throw new DomainError(E['calendar.file_unreadable'], { file, reason });
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new DomainError(E['calendar.notice_invalid'], {
      summaryZh: `文件不是有效的 JSON（${why}）`,
      summaryEn: `the file is not valid JSON (${why})`,
    });
  }
}

/** Prints a failure in both languages on stderr and sets the exit code (1 for a refused request). */
async function guarded(deps: CalendarCliDeps, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (e) {
    const { lines, exitCode } = describeFailure(e, deps.debug?.() ?? false);
    for (const line of lines) deps.err(line);
    deps.setExitCode(exitCode);
  }
}
