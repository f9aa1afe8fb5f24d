import type { Command } from 'commander';
import { DomainError } from '../../platform/errors';
import { readLockHolder } from '../../platform/db/data-dir-lock';
import { planAccess, withTarget } from '../access';
import { guard, say, type CliRuntime } from '../runtime';

/** `zhibao migrate` and `zhibao seed [--demo]`: both need the database itself, never a server. */
export function registerDatabaseCommands(program: Command, rt: CliRuntime): void {
  program
    .command('migrate')
    .description('Apply the database migrations (数据库迁移) and print the migration level')
    .action(guard(rt, () => migrate(rt)));

  program
    .command('seed')
    .description('Load the base data — holiday notices (节假日安排) and the organisation tree (机构) — into an empty database; with --demo also the demo accounts (演示账号). Safe to repeat')
    .option('--demo', 'also load the demo accounts described in the README')
    .action(
      guard(rt, (opts: { demo?: boolean }) =>
        withTarget(
          rt.config(),
          { command: 'seed' },
          async (target) => {
            if (target.kind !== 'direct') return;
            const { ensureBaseData, seedDemo, systemActor, DEMO_STAFF } = await import('../../seed');
            const { findOrgByCode } = await import('../../domains/orgs/orgs.service');
            const base = await ensureBaseData(target.platform);
            let demo = false;
            if (opts.demo) {
              for (const code of new Set(DEMO_STAFF.map((s) => s.org))) {
                if (!(await findOrgByCode(target.platform.db, code))) throw new DomainError('cli.demo_needs_orgs', { code });
              }
              demo = await seedDemo(target.platform, systemActor('cli'));
            }
            const { out } = rt.io;
            if (base.notices) say(out, `已载入 ${base.notices} 个年度的节假日安排`, `Loaded the public-holiday notices of ${base.notices} year(s)`);
            if (base.orgs) say(out, `已载入机构 ${base.orgs} 个`, `Loaded ${base.orgs} organisation(s)`);
            if (demo) say(out, '已载入演示账号（用户名与密码见 README）', 'Loaded the demo accounts (user names and password in the README)');
            if (!base.notices && !base.orgs && !demo) {
              say(
                out,
                opts.demo ? '无需载入：基础数据和演示账号均已存在' : '无需载入：基础数据已存在',
                opts.demo ? 'Nothing to load: the base data and the demo accounts are already there' : 'Nothing to load: the base data is already there',
              );
            }
          },
          { baseData: false },
        ),
      ),
    );
}

async function migrate(rt: CliRuntime): Promise<void> {
  const config = rt.config();
  const plan = planAccess(config, config.engine === 'pglite' ? readLockHolder(config.dataDir) : undefined, { command: 'migrate' });
  if (plan.kind !== 'direct') {
    throw new DomainError('cli.server_holds_data_dir', { dataDir: config.dataDir, pid: plan.holderPid, command: 'migrate' });
  }
  const { openDatabase, journalLength, redactUrl } = await import('../../platform/db/client');
  const database = await openDatabase({ url: config.DATABASE_URL, dataDir: config.dataDir });
  try {
    const level = await database.migrationLevel();
    const expected = journalLength();
    const place = config.engine === 'pglite' ? `PGlite ${config.dataDir}` : `PostgreSQL ${redactUrl(config.DATABASE_URL!)}`;
    say(rt.io.out, `数据库已迁移至第 ${level} 级（共 ${expected} 级；${place}）`, `Database migrated to level ${level} of ${expected} (${place})`);
  } finally {
    await database.close();
  }
}
