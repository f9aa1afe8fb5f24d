import fs from 'node:fs';
import { Command } from 'commander';
import type { Config } from '../platform/config';
import { parseConfig } from '../platform/config';
import { DomainError } from '../platform/errors';
import '../platform/calendar/calendar.errors';
import { withTarget } from './access';
import { registerAuditCommands } from './commands/audit';
import { periodEndOf, registerCalendarCommands, type PeriodEnd } from './commands/calendar';
import { registerDatabaseCommands } from './commands/database';
import { registerLedgerCommands } from './commands/ledger';
import { registerOrgCommands } from './commands/orgs';
import { registerTotpCommands } from './commands/totp';
import { registerTokenCommands } from './commands/tokens';
import { registerUserCommands } from './commands/users';
import { registerValidateCommands } from './commands/validate';
import type { CliIo } from './io';
import type { CliRuntime } from './runtime';

const VERSION = (JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

const ACCESS_HELP = `
Database access (数据库访问):
  With DATABASE_URL the CLI opens PostgreSQL itself, also while servers run.
  Without it the CLI opens the embedded PGlite database in ZHIBAO_DATA_DIR (default .data)
  when no process holds that directory; one PGlite directory is one process, so while a
  server holds it, calendar, org import, user create and audit export call the server at
  ZHIBAO_BASE_URL (default http://localhost:PORT) with the API token in ZHIBAO_API_TOKEN,
  and migrate, seed and token create refuse until the server is stopped.
  Actions are audited as "cli:<os user>".

Exit codes: 0 success, 1 refused (bad input, not found, conflict, usage), 2 system failure.`;

export interface ProgramOptions {
  io: CliIo;
  /** The environment the configuration is parsed from (only `parseConfig` reads it). */
  env?: Record<string, string | undefined>;
}

/** The whole `zhibao` command tree; `index.ts` runs it on the process, tests on captured output. */
export function buildProgram({ io, env }: ProgramOptions): Command {
  const program = new Command('zhibao');
  let config: Config | undefined;
  const rt: CliRuntime = {
    io,
    config: () => (config ??= parseConfig(env)),
    debug: () => program.opts<{ debug?: boolean }>().debug === true,
  };

  program
    .description('知保 Zhibao: command line for the intellectual-property protection platform')
    .version(VERSION, '-V, --version', 'print the version')
    .option('--debug', 'print stack traces of unexpected errors')
    .helpOption('-h, --help', 'show help for a command')
    .addHelpCommand('help [command]', 'show help for a command')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.err(s.replace(/\n$/, '')),
      // Commander words its usage errors in English; the Chinese line says what kind of error it is.
      outputError: (s, write) => write(`命令用法有误，请参阅 zhibao --help / usage error:\n${s}`),
    })
    .showHelpAfterError('(zhibao <command> --help 查看用法 / shows the usage)')
    .addHelpText('after', ACCESS_HELP);

  registerDatabaseCommands(program, rt);
  registerOrgCommands(program, rt);
  registerUserCommands(program, rt);
  registerTokenCommands(program, rt);
  registerCalendarCommands(program, {
    addPeriod: (start, duration) => addPeriod(rt, start, duration),
    importNotice: (notice) =>
      withTarget(rt.config(), { command: 'calendar import', http: { scopes: ['calendar:write'] } }, async (target) => {
        if (target.kind === 'http') return target.server.postJson<{ year: number; days: number }>('/api/calendar/notices', notice);
        const { importNotice } = await import('../platform/calendar/calendar.service');
        return importNotice(target.ctx, notice);
      }),
    out: io.out,
    err: io.err,
    setExitCode: io.setExitCode,
    debug: rt.debug,
  });
  registerValidateCommands(program, io);
  registerAuditCommands(program, rt);
  registerTotpCommands(program, rt);
  registerLedgerCommands(program, rt);
  return program;
}

/** The deadline from the local database, or from the server's public endpoint while it holds the data directory. */
async function addPeriod(rt: CliRuntime, start: string, duration: string): Promise<PeriodEnd> {
  const [{ parseDuration }, { isIsoDate }] = await Promise.all([import('../platform/calendar/calendar'), import('../platform/calendar/dates')]);
  // Bad input is refused before the database is opened.
  parseDuration(duration);
  if (!isIsoDate(start)) throw new DomainError('calendar.bad_date', { value: start });
  return withTarget(rt.config(), { command: 'calendar add', http: { scopes: [] } }, async (target) => {
    if (target.kind === 'direct') {
      const { loadCalendar } = await import('../platform/calendar/calendar.service');
      return periodEndOf(await loadCalendar(target.platform.db), start, duration);
    }
    const result = await target.server.getJson<{ date: string; rolledOverFrom?: string }>('/api/calendar/add', { start, duration });
    if (!result.rolledOverFrom) return { date: result.date };
    const { days } = await target.server.getJson<{ days: { date: string; name?: string; nameEn?: string }[] }>(
      `/api/calendar/years/${result.rolledOverFrom.slice(0, 4)}`,
    );
    const day = days.find((d) => d.date === result.rolledOverFrom);
    return { date: result.date, rolledOverFrom: result.rolledOverFrom, rolledOverDay: { name: day?.name, nameEn: day?.nameEn } };
  });
}
