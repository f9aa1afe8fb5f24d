import { defineErrors } from '../errors';

/**
 * Errors of the Chinese working-day calendar.
 *
 * `calendar.out_of_range` is deliberately loud: working days depend on the State Council's
 * yearly notice (全国年节及纪念日放假办法 第7条 lets it move rest days), so a deadline in a year
 * whose notice has not been imported cannot be computed by assuming "Mon–Fri" — the answer
 * could be off by a whole Golden Week.
 */
export const CalendarErrors = defineErrors({
  'calendar.out_of_range': {
    status: 422,
    zh: '日期 {date} 超出已载入的工作日历范围（{from} 至 {to}，即 {years} 年）。请管理员先导入《国务院办公厅关于{year}年部分节假日安排的通知》，再计算该期限',
    en: 'The date {date} is outside the loaded working-day calendar ({from} to {to}, i.e. {years}). An administrator must first import the State Council notice on the {year} public holidays (国务院办公厅关于{year}年部分节假日安排的通知) before this period can be computed',
  },
  'calendar.bad_date': {
    status: 400,
    zh: '日期“{value}”无效，应为 YYYY-MM-DD 格式的真实日期',
    en: 'The date "{value}" is not valid; use a real date in YYYY-MM-DD form',
  },
  'calendar.bad_duration': {
    status: 400,
    zh: '期间“{value}”无效：只支持“N个工作日”（如 5wd）或“N个自然日”（如 15d），N 为非负整数；不支持按月或按年计算',
    en: 'The period "{value}" is not valid: only N working days (e.g. 5wd) or N calendar days (e.g. 15d) with N a non-negative whole number are supported; months and years are not',
  },
  'calendar.notice_invalid': {
    status: 400,
    zh: '节假日安排通知的数据有误：{summaryZh}',
    en: 'The public-holiday notice is not valid: {summaryEn}',
  },
  'calendar.notice_conflict': {
    status: 409,
    zh: '节假日安排数据相互矛盾：{date} 在 {yearA} 年通知中为“{kindA}”，在 {yearB} 年通知中为“{kindB}”',
    en: 'The holiday notices contradict each other: {date} is "{kindA}" in the {yearA} notice but "{kindB}" in the {yearB} notice',
  },
  'calendar.duplicate_year': {
    status: 409,
    zh: '{year} 年的节假日安排通知重复载入',
    en: 'The public-holiday notice for {year} is loaded twice',
  },
  'calendar.years_not_contiguous': {
    status: 422,
    zh: '已载入的节假日安排年份不连续（已有 {years}，缺少 {missing}）；请导入缺少年份的国务院办公厅通知',
    en: 'The loaded public-holiday years are not contiguous (have {years}, missing {missing}); import the State Council notices for the missing years',
  },
  'calendar.no_notices': {
    status: 422,
    zh: '尚未导入任何年度的节假日安排通知，无法计算工作日；请管理员导入国务院办公厅通知',
    en: 'No public-holiday notice has been imported, so working days cannot be computed; an administrator must import the State Council notice',
  },
  'calendar.file_unreadable': {
    status: 400,
    zh: '无法读取文件 {file}：{reason}',
    en: 'Cannot read the file {file}: {reason}',
  },
});
