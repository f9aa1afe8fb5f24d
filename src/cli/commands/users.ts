import { Option, type Command } from 'commander';
import { DomainError } from '../../platform/errors';
import { withTarget } from '../access';
import { parseList, parseWithOptionNames } from '../options';
import { guard, say, type CliRuntime } from '../runtime';

interface UserCreateOptions {
  login: string;
  name: string;
  org: string;
  roles: string[];
  password?: string;
  kind: 'staff' | 'system';
  email?: string;
}

interface StaffCreated {
  account: { login: string; kind: string; roles: string[] };
  initialPassword: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `zhibao user create`: a staff (工作人员) or system (系统) account with roles in one organisation. */
export function registerUserCommands(program: Command, rt: CliRuntime): void {
  const user = program.command('user').description('Staff and system accounts (工作人员账号 / 系统账号)');

  user
    .command('create')
    .description('Create a staff or system account in an organisation, with roles; a generated initial password is printed once')
    .requiredOption('--login <login>', 'user name (用户名): 3–64 lower-case letters, digits, dots, underscores or hyphens')
    .requiredOption('--name <name>', 'display name (姓名), e.g. "黄浦办案员 陈静"')
    .requiredOption('--org <code>', 'code of the organisation (机构代码), e.g. sh-huangpu-ipo')
    .requiredOption('--roles <roles>', 'comma-separated roles (角色): case_officer, reviewer, supervisor, mediator, judge, police_liaison, auditor, administrator, …', parseList)
    .option('--password <password>', 'initial password (at least 10 characters with letters and digits); better left out, so one is generated and not kept in the shell history')
    .addOption(new Option('--kind <kind>', 'staff: signs in on the web with a second factor; system: a machine client (court, platform) that uses API tokens only').choices(['staff', 'system']).default('staff'))
    .option('--email <email>', 'e-mail address')
    .addHelpText('after', '\nWhile a server holds the data directory this calls POST /api/users with ZHIBAO_API_TOKEN (scopes users:write and orgs:read).')
    .action(guard(rt, (opts: UserCreateOptions) => createUser(rt, opts)));
}

async function createUser(rt: CliRuntime, opts: UserCreateOptions): Promise<void> {
  const { StaffCreate } = await import('../../domains/identity/identity.schemas');
  // Checked before the database is opened; the organisation is resolved from its code afterwards.
  const input = parseWithOptionNames(
    StaffCreate.omit({ orgId: true }),
    { login: opts.login, displayName: opts.name, email: opts.email, roles: opts.roles, password: opts.password, kind: opts.kind },
    { login: '--login', displayName: '--name', email: '--email', roles: '--roles', password: '--password', kind: '--kind' },
  );
  const scopes = UUID.test(opts.org) ? ['users:write'] : ['users:write', 'orgs:read'];
  const created = await withTarget(rt.config(), { command: 'user create', http: { scopes } }, async (target): Promise<StaffCreated> => {
    if (target.kind === 'direct') {
      const [{ findOrgByCode }, { createStaff }] = await Promise.all([
        import('../../domains/orgs/orgs.service'),
        import('../../domains/identity/accounts.service'),
      ]);
      const org = UUID.test(opts.org) ? { id: opts.org } : await findOrgByCode(target.platform.db, opts.org);
      if (!org) throw new DomainError('cli.org_not_found', { code: opts.org });
      return createStaff(target.ctx, { ...input, orgId: org.id });
    }
    let orgId = opts.org;
    if (!UUID.test(opts.org)) {
      const { items } = await target.server.getJson<{ items: { id: string; code: string }[] }>('/api/orgs');
      const org = items.find((o) => o.code === opts.org);
      if (!org) throw new DomainError('cli.org_not_found', { code: opts.org });
      orgId = org.id;
    }
    return target.server.postJson<StaffCreated>('/api/users', { ...input, orgId });
  });
  const { account, initialPassword } = created;
  const { out } = rt.io;
  const roles = account.roles.join(', ');
  if (account.kind === 'system') {
    say(out, `已创建系统账号 ${account.login}（机构 ${opts.org}，角色 ${roles}）`, `Created the system account ${account.login} (organisation ${opts.org}, roles ${roles})`);
  } else {
    say(
      out,
      `已创建工作人员账号 ${account.login}（机构 ${opts.org}，角色 ${roles}）；首次登录时需绑定身份验证器`,
      `Created the staff account ${account.login} (organisation ${opts.org}, roles ${roles}); an authenticator is set up at first sign-in`,
    );
  }
  if (initialPassword) say(out, `初始密码（只显示这一次）：${initialPassword}`, `Initial password (shown only this once): ${initialPassword}`);
}
