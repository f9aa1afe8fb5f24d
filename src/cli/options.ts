import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { InvalidArgumentError } from 'commander';
import { z } from 'zod';
import { DomainError } from '../platform/errors';
import './cli.errors';

/** Parsers for option values; a bad value is a usage error that commander reports. */

/** `a, b,,c` → `['a', 'b', 'c']` (order kept, duplicates dropped). */
export function parseList(value: string): string[] {
  const items = [...new Set(value.split(',').map((s) => s.trim()).filter(Boolean))];
  if (items.length === 0) throw new InvalidArgumentError('至少需要一项（以逗号分隔）/ give at least one item (comma-separated)');
  return items;
}

export function parsePositiveInteger(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < 1) throw new InvalidArgumentError('应为正整数 / must be a positive whole number');
  return n;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A bound of an audit export as an ISO 8601 instant with offset. A plain date is a day in
 * Asia/Shanghai: `from` starts at its first moment; `to` includes the whole day (the API's
 * upper bound is exclusive, so it becomes the next day's first moment).
 */
export function parseTimeBound(value: string, bound: 'from' | 'to'): string {
  const v = value.trim();
  const m = DATE.exec(v);
  if (m) {
    const day = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    if (day.toISOString().slice(0, 10) !== v) throw new InvalidArgumentError(`日期 ${v} 不存在 / ${v} is not a real date`);
    if (bound === 'to') day.setUTCDate(day.getUTCDate() + 1);
    return `${day.toISOString().slice(0, 10)}T00:00:00+08:00`;
  }
  if (DATETIME_WITH_OFFSET.test(v) && !Number.isNaN(Date.parse(v))) return v;
  throw new InvalidArgumentError(
    '应为日期 YYYY-MM-DD（北京时间）或带时区的时间，如 2025-10-01T08:00:00+08:00 / use a date YYYY-MM-DD (Beijing time) or a time with offset, e.g. 2025-10-01T08:00:00+08:00',
  );
}

/** The import format: `--format` when given, else the file's extension. */
export function importFormat(file: string, explicit?: 'json' | 'csv'): 'json' | 'csv' {
  if (explicit) return explicit;
  const ext = path.extname(file).toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.csv') return 'csv';
  throw new DomainError('cli.format_unknown', { file });
}

export async function readTextFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e));
    throw new DomainError('cli.file_unreadable', { file, reason });
  }
}

/**
 * Parses option values with a service's input schema, naming the options (`--name`) rather
 * than the schema's fields (`displayName`) in the error.
 */
export function parseWithOptionNames<T extends z.ZodType>(schema: T, input: unknown, optionNames: Record<string, string>): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => {
    const field = String(issue.path[0] ?? '');
    return field in optionNames ? { ...issue, path: [optionNames[field], ...issue.path.slice(1)] } : issue;
  });
  throw new z.ZodError(issues);
}
