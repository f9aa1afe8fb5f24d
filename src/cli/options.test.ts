import { InvalidArgumentError } from 'commander';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../platform/errors';
import { importFormat, parseList, parsePositiveInteger, parseTimeBound, parseWithOptionNames } from './options';

describe('option parsers of the zhibao command line', () => {
  it('splits a comma-separated list, trimming blanks and dropping repeats', () => {
    expect(parseList(' case_officer, reviewer,,case_officer ')).toEqual(['case_officer', 'reviewer']);
    expect(() => parseList(' , ')).toThrow(InvalidArgumentError);
  });

  it('accepts only positive whole numbers of days', () => {
    expect(parsePositiveInteger('30')).toBe(30);
    for (const bad of ['0', '-1', '1.5', 'ten', '']) expect(() => parsePositiveInteger(bad)).toThrow(InvalidArgumentError);
  });

  it('reads a plain date as a day in Beijing time, the upper bound including that whole day', () => {
    expect(parseTimeBound('2025-10-01', 'from')).toBe('2025-10-01T00:00:00+08:00');
    expect(parseTimeBound('2025-10-01', 'to')).toBe('2025-10-02T00:00:00+08:00');
    expect(parseTimeBound('2025-12-31', 'to')).toBe('2026-01-01T00:00:00+08:00');
  });

  it('keeps a time that carries its offset and refuses one without', () => {
    expect(parseTimeBound('2025-10-01T08:30:00+08:00', 'to')).toBe('2025-10-01T08:30:00+08:00');
    expect(parseTimeBound('2025-10-01T00:30Z', 'from')).toBe('2025-10-01T00:30Z');
    expect(() => parseTimeBound('2025-10-01T08:30:00', 'from')).toThrow(/with offset/);
    expect(() => parseTimeBound('2025-02-29', 'from')).toThrow(/not a real date/);
    expect(() => parseTimeBound('yesterday', 'from')).toThrow(InvalidArgumentError);
  });

  it('takes the import format from --format, else from the extension in any case', () => {
    expect(importFormat('tree.JSON')).toBe('json');
    expect(importFormat('/tmp/orgs.csv')).toBe('csv');
    expect(importFormat('export.txt', 'csv')).toBe('csv');
    expect(() => importFormat('orgs.xlsx')).toThrow(DomainError);
  });

  it('names the command-line options, not the schema fields, in validation errors', () => {
    const schema = z.object({ displayName: z.string().min(2), roles: z.array(z.enum(['judge'])) });
    let thrown: unknown;
    try {
      parseWithOptionNames(schema, { displayName: 'x', roles: ['king'] }, { displayName: '--name', roles: '--roles' });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(z.ZodError);
    expect((thrown as z.ZodError).issues.map((i) => i.path.join('.'))).toEqual(['--name', '--roles.0']);
    expect(parseWithOptionNames(schema, { displayName: 'ok', roles: ['judge'] }, {})).toEqual({ displayName: 'ok', roles: ['judge'] });
  });
});
