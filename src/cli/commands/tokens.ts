import type { Command } from 'commander';
import { DomainError } from '../../platform/errors';
import type { Ctx } from '../../platform/http/context';
import '../../domains/identity/identity.errors';
import { withTarget } from '../access';
import { parseList, parsePositiveInteger, parseWithOptionNames } from '../options';
import { guard, type CliRuntime } from '../runtime';

interface TokenCreateOptions {
  user: string;
  scopes: string[];
  name?: string;
  expiresDays?: number;
}

/**
 * `zhibao token create`: issues an API token (API 令牌). Only the token goes to stdout, so
 * `export ZHIBAO_API_TOKEN=$(zhibao token create …)` works; the rest goes to stderr.
 */
export function registerTokenCommands(program: Command, rt: CliRuntime): void {
  const token = program.command('token').description('API tokens (API 令牌) for system clients and for the CLI over HTTP');

  token
    .command('create')
    .description('Issue an API token for an account and print only the token (shown once); needs the database itself, so stop a PGlite server first')
    .requiredOption('--user <login>', 'user name (用户名) of the account the token acts as; its roles still apply')
    .requiredOption(
      '--scopes <scopes>',
      'comma-separated scopes (权限范围), e.g. orgs:write,users:write,orgs:read,calendar:write,audit:read for the CLI over HTTP',
      parseList,
    )
    .option('--name <name>', 'what the token is for (default "<login> via zhibao CLI")')
    .option('--expires-days <days>', 'days until the token expires (default: never)', parsePositiveInteger)
    .action(guard(rt, (opts: TokenCreateOptions) => createToken(rt, opts)));
}

async function createToken(rt: CliRuntime, opts: TokenCreateOptions): Promise<void> {
  const [{ TOKEN_SCOPES }, { TokenCreate }] = await Promise.all([
    import('../../platform/permissions'),
    import('../../domains/identity/identity.schemas'),
  ]);
  // Checked before the database is opened.
  for (const scope of opts.scopes) {
    if (!TOKEN_SCOPES.includes(scope)) throw new DomainError('identity.scope_unknown', { scope: `${scope} (${TOKEN_SCOPES.join(', ')})` });
  }
  const login = opts.user.trim().toLowerCase();
  const input = parseWithOptionNames(
    TokenCreate.omit({ userId: true }),
    { name: opts.name ?? `${login} via zhibao CLI`, scopes: opts.scopes, expiresInDays: opts.expiresDays },
    { name: '--name', scopes: '--scopes', expiresInDays: '--expires-days' },
  );
  const issued = await withTarget(rt.config(), { command: 'token create' }, async (target) => {
    if (target.kind !== 'direct') throw new Error('unreachable: token create needs the database');
    const { createApiToken } = await import('../../domains/identity/auth.service');
    const userId = await userIdOf(target.ctx, login);
    return createApiToken(target.ctx, { ...input, userId });
  });
  rt.io.out(issued.token);
  const until = issued.info.expiresAt ? `，有效期至 ${issued.info.expiresAt}` : '';
  const untilEn = issued.info.expiresAt ? `, expires ${issued.info.expiresAt}` : '';
  rt.io.err(`已为 ${issued.info.userLogin} 签发 API 令牌（权限范围 ${issued.info.scopes.join(', ')}${until}）；令牌只显示这一次`);
  rt.io.err(`Issued an API token for ${issued.info.userLogin} (scopes ${issued.info.scopes.join(', ')}${untilEn}); it is shown only this once`);
}

/** The account with exactly this user name. */
async function userIdOf(ctx: Ctx, login: string): Promise<string> {
  const { accountIdByLogin } = await import('../../domains/identity/accounts.service');
  const id = await accountIdByLogin(ctx.db, login);
  if (!id) throw new DomainError('cli.user_not_found', { login });
  return id;
}
