import type { Writable } from 'node:stream';
import { z } from 'zod';
import { ConfigError } from '../platform/config';
import { DataDirLockedError } from '../platform/db/data-dir-lock';
import { DomainError, errorText, exitCodeFor, isDomainError, registeredErrorCodes, type Locale } from '../platform/errors';
import { fieldErrors, summarise } from '../platform/http/validation';
import './cli.errors';

/** Where a command writes: lines for people, a stream for bulk output (CSV). */
export interface CliIo {
  /** One line of standard output (no trailing newline). */
  out: (s: string) => void;
  /** One line of standard error (no trailing newline). */
  err: (s: string) => void;
  setExitCode: (n: number) => void;
  /** Standard output as a stream, for output too large to hold in memory. */
  stdout: Writable;
}

/** An error the server answered with (RFC 9457 problem document), shown as the server worded it. */
export class RemoteProblem extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly messages: Record<Locale, string>,
  ) {
    super(messages.en);
    this.name = 'RemoteProblem';
  }
}

export interface Report {
  lines: string[];
  exitCode: number;
}

/**
 * Turns anything a command threw into lines in Chinese and English and an exit code:
 * the exit code of the error code (1 for a refused request, 2 for a failure of the system),
 * 2 for anything unexpected, with the stack only under `--debug`.
 */
export function describeFailure(e: unknown, debug = false): Report {
  if (isDomainError(e)) return domainReport(e);
  if (e instanceof RemoteProblem) {
    const exitCode = registeredErrorCodes().includes(e.code) ? exitCodeFor(e.code) : e.status >= 500 ? 2 : 1;
    return { lines: [e.messages['zh-CN'], e.messages.en], exitCode };
  }
  if (e instanceof z.ZodError) {
    const errors = fieldErrors(e, 'zh-CN');
    return {
      lines: [errorText('validation.failed', 'zh-CN', { summary: summarise(errors, 'zh-CN') }), errorText('validation.failed', 'en', { summary: summarise(errors, 'en') })],
      exitCode: exitCodeFor('validation.failed'),
    };
  }
  // These carry both languages in one message already.
  if (e instanceof ConfigError || e instanceof DataDirLockedError) return { lines: e.message.split('\n'), exitCode: 1 };
  if (e instanceof Error && e.constructor.name === 'DatabaseUnavailableError') return { lines: [e.message], exitCode: 2 };
  const reason = e instanceof Error ? e.message : String(e);
  const lines = [errorText('cli.unexpected', 'zh-CN', { reason }), errorText('cli.unexpected', 'en', { reason })];
  if (debug && e instanceof Error && e.stack) lines.push(e.stack);
  else lines.push('（加 --debug 显示详细信息 / add --debug for details）');
  return { lines, exitCode: exitCodeFor('cli.unexpected') };
}

function domainReport(e: DomainError): Report {
  const details = e.details as { zhSummary?: string; enSummary?: string } | undefined;
  // A validation error built for HTTP carries a summary per language.
  if (e.code === 'validation.failed' && details?.zhSummary !== undefined) {
    return {
      lines: [errorText(e.code, 'zh-CN', { summary: details.zhSummary }), errorText(e.code, 'en', { summary: details.enSummary ?? '' })],
      exitCode: exitCodeFor(e.code),
    };
  }
  return { lines: [errorText(e.code, 'zh-CN', e.params), errorText(e.code, 'en', e.params)], exitCode: exitCodeFor(e.code) };
}

export function reportFailure(io: CliIo, e: unknown, debug = false): void {
  const { lines, exitCode } = describeFailure(e, debug);
  for (const line of lines) io.err(line);
  io.setExitCode(exitCode);
}

/** The process's own streams. */
export function processIo(): CliIo {
  return {
    out: (s) => process.stdout.write(`${s}\n`),
    err: (s) => process.stderr.write(`${s}\n`),
    setExitCode: (n) => {
      process.exitCode = n;
    },
    stdout: process.stdout,
  };
}
