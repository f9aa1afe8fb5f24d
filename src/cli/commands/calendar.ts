import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { DomainError, errorText, exitCodeFor, isDomainError } from '../../platform/errors';
import { CalendarErrors as E } from '../../platform/calendar/calendar.errors';
import type { WorkingCalendar } from '../../platform/calendar/calendar';
import { parseNotice, type CalendarNotice } from '../../platform/calendar/calendar.schemas';

export interface CalendarCliDeps {
  loadCalendar: () => Promise<WorkingCalendar>;
  importNotice: (notice: CalendarNotice) => Promise<{ year: number; days: number }>;
  out: (s: string) => void;
  err: (s: string) => void;
  setExitCode: (n: number) => void;
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
        const cal = await deps.loadCalendar();
        const result = cal.add(date, duration);
        deps.out(result.date);
        if (result.rolledOverFrom) {
          // The raw last day was a rest day; 民事诉讼法 第85条 moves the end to the next working day.
          const info = cal.dayInfo(result.rolledOverFrom);
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
        await checkFitsLoadedCalendar(deps, notice);
        const { year, days } = await deps.importNotice(notice);
        deps.out(`已导入 ${year} 年节假日安排（${notice.noticeTitle}），共 ${days} 天`);
        deps.out(`Imported the ${year} public-holiday arrangement (${days} day${days === 1 ? '' : 's'})`);
      }),
    );

  return calendar;
}

/** Refuses early when the new notice would leave a gap or contradict a neighbouring year. */
async function checkFitsLoadedCalendar(deps: CalendarCliDeps, notice: CalendarNotice): Promise<void> {
  let current: WorkingCalendar;
  try {
    current = await deps.loadCalendar();
  } catch (e) {
    // Nothing imported yet: the first notice always fits.
    if (isDomainError(e) && e.code === E['calendar.no_notices']) return;
    throw e;
  }
  current.withNotice(notice);
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

/** Prints a domain error in both languages on stderr and sets the exit code (1 for 4xx). */
async function guarded(deps: CalendarCliDeps, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (e) {
    if (!isDomainError(e)) {
      deps.err(errorText('internal', 'zh-CN'));
      deps.err(`${errorText('internal', 'en')}: ${e instanceof Error ? e.message : String(e)}`);
      deps.setExitCode(exitCodeFor('internal'));
      return;
    }
    deps.err(errorText(e.code, 'zh-CN', e.params));
    deps.err(errorText(e.code, 'en', e.params));
    deps.setExitCode(exitCodeFor(e.code));
  }
}
