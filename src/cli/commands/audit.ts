import fs from 'node:fs';
import { once } from 'node:events';
import { Readable, type Writable } from 'node:stream';
import { Option, type Command } from 'commander';
import { DomainError } from '../../platform/errors';
import { withTarget } from '../access';
import { parseTimeBound } from '../options';
import { guard, say, type CliRuntime } from '../runtime';

interface AuditExportOptions {
  from?: string;
  to?: string;
  actor?: string;
  action?: string;
  outcome?: 'success' | 'denied' | 'failed';
  output?: string;
}

/** `zhibao audit export`: the audit log (审计日志) as CSV, newest first; the export itself is audited. */
export function registerAuditCommands(program: Command, rt: CliRuntime): void {
  const audit = program.command('audit').description('The audit log (审计日志)');

  audit
    .command('export')
    .description('Export the matching audit rows as CSV (UTF-8 with BOM, opens in spreadsheet software), newest first')
    .option('--from <time>', 'first moment included: a date YYYY-MM-DD (Beijing time) or an ISO time with offset', (v) => parseTimeBound(v, 'from'))
    .option('--to <time>', 'last moment: a date includes that whole day; an ISO time with offset is excluded', (v) => parseTimeBound(v, 'to'))
    .option('--actor <login>', 'user name or user id of whoever acted (CLI actions are "cli:<os user>")')
    .option('--action <prefix>', 'action prefix, e.g. "auth." or "org.import"')
    .addOption(new Option('--outcome <outcome>', 'only rows with this outcome').choices(['success', 'denied', 'failed']))
    .option('-o, --output <file>', 'write to this file instead of standard output')
    .addHelpText('after', '\nWhile a server holds the data directory this calls GET /api/audit/export.csv with ZHIBAO_API_TOKEN (scope audit:read).')
    .action(guard(rt, (opts: AuditExportOptions) => exportAudit(rt, opts)));
}

async function exportAudit(rt: CliRuntime, opts: AuditExportOptions): Promise<void> {
  const filter = { from: opts.from, to: opts.to, actor: opts.actor, action: opts.action, outcome: opts.outcome };
  await withTarget(rt.config(), { command: 'audit export', http: { scopes: ['audit:read'] } }, async (target) => {
    let chunks: AsyncIterable<string | Uint8Array>;
    if (target.kind === 'direct') {
      const { exportAuditCsv, recordAudit } = await import('../../platform/audit/audit');
      await recordAudit(target.platform.db, target.ctx.actor, { action: 'audit.export', targetType: 'audit_log', details: { filter } });
      chunks = exportAuditCsv(target.platform.db, {
        ...filter,
        from: filter.from ? new Date(filter.from) : undefined,
        to: filter.to ? new Date(filter.to) : undefined,
      });
    } else {
      const res = await target.server.request('GET', '/api/audit/export.csv', { query: filter });
      if (!res.body) throw new DomainError('cli.server_response_invalid', { baseUrl: target.server.opts.baseUrl, status: res.status });
      chunks = Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>);
    }
    if (opts.output) {
      await writeFile(opts.output, chunks);
      say(rt.io.err, `审计日志已导出至 ${opts.output}`, `Audit log exported to ${opts.output}`);
    } else {
      await pipeInto(rt.io.stdout, chunks);
    }
  });
}

/** Writes with back-pressure and leaves the stream open (standard output must not be ended). */
async function pipeInto(stream: Writable, chunks: AsyncIterable<string | Uint8Array>): Promise<void> {
  for await (const chunk of chunks) {
    if (!stream.write(chunk)) await once(stream, 'drain');
  }
}

async function writeFile(file: string, chunks: AsyncIterable<string | Uint8Array>): Promise<void> {
  const stream = fs.createWriteStream(file);
  let streamError: NodeJS.ErrnoException | undefined;
  stream.on('error', (e) => (streamError = e));
  try {
    await once(stream, 'open');
    await pipeInto(stream, chunks);
    stream.end();
    await once(stream, 'finish');
  } catch (e) {
    stream.destroy();
    if (!streamError) throw e;
    throw new DomainError('cli.file_unwritable', { file, reason: streamError.code ?? streamError.message });
  }
}
