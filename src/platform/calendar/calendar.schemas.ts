import { z } from 'zod';
import { DomainError } from '../errors';
import { CalendarErrors } from './calendar.errors';
import { WEEKDAY_EN, WEEKDAY_ZH, isIsoDate, toDayNumber, weekdayOf } from './dates';

/**
 * The shape of one year's 国务院办公厅关于YYYY年部分节假日安排的通知, as shipped in
 * `data/cn-2020-2026.json` and as an administrator uploads it for the next year.
 *
 * Why the data must be importable rather than compiled in: the State Council publishes each
 * year's arrangement only in Oct–Dec of the year before (全国年节及纪念日放假办法 第7条 allows
 * 调休), and in 2020 it changed the Spring Festival holiday mid-year (国办发明电〔2020〕1号).
 *
 * Refusal messages carry both languages: the English text is the zod `message`, the Chinese
 * one travels in the issue's `params.zh` (see `summarizeIssues`).
 */

/**
 * How far into the previous December a notice may reach. Found in the data: the 2023 notice
 * puts 元旦 on 2022-12-31 至 2023-01-02, and the 2019 notice made Saturday 2018-12-29 a working
 * day. Nothing earlier than the last week of December has ever been seen.
 */
export const PREVIOUS_YEAR_WINDOW_FROM = '12-25';

type Ctx = z.core.$RefinementCtx<unknown>;

function issue(ctx: Ctx, path: (string | number)[], zh: string, en: string): void {
  ctx.addIssue({ code: 'custom', path, message: en, params: { zh } });
}

/** A real date written `YYYY-MM-DD`. */
export const IsoDate = z.string().superRefine((s, ctx) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) {
    issue(ctx, [], `“${s}”不是 YYYY-MM-DD 格式的日期`, `"${s}" is not a date in YYYY-MM-DD form`);
  } else if (!isIsoDate(s)) {
    issue(ctx, [], `“${s}”不是真实存在的日期`, `"${s}" is not a real calendar date`);
  }
});

/** State Council notices are published on www.gov.cn; anything else is not the primary source. */
const GovCnUrl = z.string().superRefine((s, ctx) => {
  let url: URL | undefined;
  try {
    url = new URL(s);
  } catch {
    url = undefined;
  }
  const ok =
    url !== undefined &&
    (url.protocol === 'https:' || url.protocol === 'http:') &&
    (url.hostname === 'gov.cn' || url.hostname.endsWith('.gov.cn'));
  if (!ok) {
    issue(ctx, [], `“${s}”不是 gov.cn 上的网址（国务院办公厅通知的原文出处）`, `"${s}" is not a gov.cn address (where State Council notices are published)`);
  }
});

const Name = z.string().trim().min(1).max(60);

export const HolidayBlock = z
  .strictObject({ name: Name, nameEn: Name, from: IsoDate, to: IsoDate })
  .superRefine((b, ctx) => {
    if (isIsoDate(b.from) && isIsoDate(b.to) && b.from > b.to) {
      issue(ctx, ['to'], `放假区间“${b.name}”的结束日 ${b.to} 早于开始日 ${b.from}`, `holiday block "${b.nameEn}" ends (${b.to}) before it starts (${b.from})`);
    }
  });
export type HolidayBlock = z.infer<typeof HolidayBlock>;

export const AdjustedWorkday = z.strictObject({ name: Name, nameEn: Name, date: IsoDate });
export type AdjustedWorkday = z.infer<typeof AdjustedWorkday>;

/** A later notice that changed the year's arrangement, e.g. the 2020 COVID extension of 春节. */
export const NoticeAmendment = z.strictObject({
  title: Name.max(200),
  url: GovCnUrl,
  publishedOn: IsoDate.nullable().optional(),
  note: z.string().max(1000).optional(),
});
export type NoticeAmendment = z.infer<typeof NoticeAmendment>;

function inNoticeRange(date: string, year: number): boolean {
  const y = Number(date.slice(0, 4));
  return y === year || (y === year - 1 && date.slice(5) >= PREVIOUS_YEAR_WINDOW_FROM);
}

export const CalendarNotice = z
  .strictObject({
    year: z.number().int().min(2000).max(2100),
    noticeTitle: Name.max(200),
    sourceUrl: GovCnUrl,
    publishedOn: IsoDate.nullable().default(null),
    holidays: z.array(HolidayBlock).min(1),
    workdays: z.array(AdjustedWorkday),
    amendments: z.array(NoticeAmendment).optional(),
  })
  .superRefine((n, ctx) => {
    const { year } = n;
    // Field-level date problems are already reported; cross-checks need real dates.
    const dates = [...n.holidays.flatMap((b) => [b.from, b.to]), ...n.workdays.map((w) => w.date)];
    if (n.publishedOn !== null) dates.push(n.publishedOn);
    if (!dates.every(isIsoDate)) return;
    const blocks = n.holidays.map((b, i) => ({ ...b, i }));

    for (const b of blocks) {
      // A block may begin in the last days of December (2023 元旦 began 2022-12-31) but it is
      // still that year's holiday, so it must end inside the year.
      if (!inNoticeRange(b.from, year)) {
        issue(ctx, ['holidays', b.i, 'from'], `放假开始日 ${b.from} 不在 ${year} 年内（最早可为上一年 12 月 25 日）`, `holiday start ${b.from} is not within ${year} (the earliest allowed is 25 December of the previous year)`);
      }
      if (Number(b.to.slice(0, 4)) !== year) {
        issue(ctx, ['holidays', b.i, 'to'], `放假结束日 ${b.to} 不在 ${year} 年内`, `holiday end ${b.to} is not within ${year}`);
      }
    }

    const sorted = [...blocks].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
    for (let k = 1; k < sorted.length; k++) {
      const prev = sorted[k - 1];
      const cur = sorted[k];
      if (cur.from <= prev.to) {
        issue(
          ctx,
          ['holidays', cur.i],
          `放假区间“${cur.name}”（${cur.from} 至 ${cur.to}）与“${prev.name}”（${prev.from} 至 ${prev.to}）重叠`,
          `holiday block "${cur.nameEn}" (${cur.from} to ${cur.to}) overlaps "${prev.nameEn}" (${prev.from} to ${prev.to})`,
        );
      }
    }

    const seen = new Set<string>();
    n.workdays.forEach((w, i) => {
      const path = ['workdays', i, 'date'];
      if (seen.has(w.date)) {
        issue(ctx, path, `调休上班日 ${w.date} 重复列出`, `adjusted working day ${w.date} is listed twice`);
      }
      seen.add(w.date);
      if (!inNoticeRange(w.date, year)) {
        issue(ctx, path, `调休上班日 ${w.date} 不在 ${year} 年内（最早可为上一年 12 月 25 日）`, `adjusted working day ${w.date} is not within ${year} (the earliest allowed is 25 December of the previous year)`);
      }
      // 调休 only turns a weekend rest day into a working day (全国年节及纪念日放假办法 第7条);
      // a weekday "adjusted working day" is a typo in the upload.
      const wd = weekdayOf(w.date);
      if (wd !== 0 && wd !== 6) {
        issue(ctx, path, `调休上班日 ${w.date} 是${WEEKDAY_ZH[wd]}，调休上班日必须是星期六或星期日`, `adjusted working day ${w.date} is a ${WEEKDAY_EN[wd]}; an adjusted working day must be a Saturday or Sunday`);
      }
      const inside = blocks.find((b) => b.from <= w.date && w.date <= b.to);
      if (inside) {
        issue(ctx, path, `调休上班日 ${w.date} 落在放假区间“${inside.name}”（${inside.from} 至 ${inside.to}）内`, `adjusted working day ${w.date} falls inside the holiday block "${inside.nameEn}" (${inside.from} to ${inside.to})`);
      }
    });

    if (n.publishedOn !== null && toDayNumber(n.publishedOn) > toDayNumber(`${year}-12-31`)) {
      issue(ctx, ['publishedOn'], `发布日期 ${n.publishedOn} 晚于 ${year} 年`, `publication date ${n.publishedOn} is after ${year}`);
    }
  });
export type CalendarNotice = z.infer<typeof CalendarNotice>;
/** What an uploader may send: `publishedOn` may be left out. */
export type CalendarNoticeInput = z.input<typeof CalendarNotice>;

const ZH_BY_CODE: Partial<Record<string, string>> = {
  invalid_type: '缺失或类型不对',
  too_small: '太短或为空',
  too_big: '太长或过大',
  unrecognized_keys: '含有不认识的字段',
  invalid_format: '格式不对',
};

function pathText(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)), '');
}

/** Both-language one-line summaries of zod issues, for `calendar.notice_invalid`. */
export function summarizeIssues(issues: readonly z.core.$ZodIssue[], max = 5): { summaryZh: string; summaryEn: string } {
  const shown = issues.slice(0, max);
  const more = issues.length - shown.length;
  const zh = shown.map((i) => {
    const where = pathText(i.path);
    const custom = i.code === 'custom' ? (i.params as { zh?: string } | undefined)?.zh : undefined;
    const text = custom ?? `${ZH_BY_CODE[i.code] ?? '无效'}（${i.message}）`;
    return where ? `${where}：${text}` : text;
  });
  const en = shown.map((i) => {
    const where = pathText(i.path);
    return where ? `${where}: ${i.message}` : i.message;
  });
  return {
    summaryZh: zh.join('；') + (more > 0 ? `；另有 ${more} 处问题` : ''),
    summaryEn: en.join('; ') + (more > 0 ? `; and ${more} more` : ''),
  };
}

/** Validates one uploaded notice; throws `calendar.notice_invalid` with every problem found. */
export function parseNotice(input: unknown): CalendarNotice {
  const r = CalendarNotice.safeParse(input);
  if (r.success) return r.data;
  throw new DomainError(CalendarErrors['calendar.notice_invalid'], summarizeIssues(r.error.issues), r.error.issues);
}

/** Validates a list of notices (the shipped data file, or a bulk import). */
export function parseNotices(input: unknown): CalendarNotice[] {
  const r = z.array(CalendarNotice).safeParse(input);
  if (r.success) return r.data;
  throw new DomainError(CalendarErrors['calendar.notice_invalid'], summarizeIssues(r.error.issues), r.error.issues);
}
