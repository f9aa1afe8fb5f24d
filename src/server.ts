import { serve } from '@hono/node-server';
import { createApp } from './app';
import { createPlatform } from './platform/bootstrap';
import { ConfigError, parseConfig } from './platform/config';
import { redactUrl } from './platform/db/client';
import { startMailDelivery } from './platform/mail/mail';
import { startLedger } from './domains/ledger';
import { startCheckpointTimestamping } from './domains/ledger/checkpoint-timestamps';
import { createTsa } from './domains/ledger/tsa';
import { ensureBaseData, seedDemo } from './seed';
import { startClockScan } from './domains/cases';

/** `npm start`: migrate, load first-start data, serve API and web UI; stop cleanly on signals. */
async function main() {
  const config = parseConfig();
  const platform = await createPlatform(config);
  const base = await ensureBaseData(platform);
  if (base.orgs) console.log(`已载入机构 ${base.orgs} 个 / loaded ${base.orgs} organisations`);
  if (config.demo && (await seedDemo(platform))) console.log('已载入演示账号 / demo accounts loaded (see README)');

  // The evidence ledger: opened before serving (bad keys or an inconsistent log stop the start), then integrated on a timer.
  const ledger = await startLedger(platform);
  console.log(`存证账本 / ledger ${ledger.origin} (${ledger.log.hash}, keys from ${ledger.keySource})`);
  // Trusted time: every signed checkpoint gets an RFC 3161 token (internal signer, or ZHIBAO_TSA_URL).
  const tsa = await createTsa(config, { now: platform.now });
  const stamping = startCheckpointTimestamping(ledger, tsa);
  const app = createApp(platform, { tsa: tsa.kind === 'internal' ? tsa : undefined, timestamping: tsa });
  // With MAIL_TRANSPORT=outbox mails stay in the table for developers to read: nothing to deliver.
  const mail = config.MAIL_TRANSPORT === 'smtp' ? startMailDelivery(platform, { intervalMs: 15_000 }) : null;
  // Statutory clocks: due-soon and overdue deadlines flagged to assignees and supervisors (督办).
  const clocks = startClockScan(platform, (e) => console.error(`期限扫描失败 / clock scan failed: ${(e as Error).message}`));
  const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
    const where = config.engine === 'pglite' ? `PGlite ${config.dataDir}` : `PostgreSQL ${redactUrl(config.DATABASE_URL!)}`;
    console.log(`知保 Zhibao listening on ${config.baseUrl} (port ${info.port}, ${where})`);
  });
  server.on('error', async (e: NodeJS.ErrnoException) => {
    console.error(
      e.code === 'EADDRINUSE'
        ? `端口 ${config.PORT} 已被占用 / port ${config.PORT} is already in use (set PORT to another port)`
        : `服务器错误 / server error: ${e.message}`,
    );
    clocks.stop();
    await mail?.stop();
    await stamping.stop();
    await ledger.stop();
    await platform.database.close();
    process.exit(1);
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: 正在停止 / stopping`);
    server.close();
    clocks.stop();
    await mail?.stop();
    await stamping.stop();
    await ledger.stop();
    await platform.database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((e: Error) => {
  // Known start-up failures get their own clear message, not a stack trace.
  const known = e instanceof ConfigError || e.name === 'DataDirLockedError' || e.name === 'DomainError' || e.name === 'DatabaseUnavailableError' || e.constructor.name === 'DataDirLockedError' || e.constructor.name === 'DatabaseUnavailableError';
  console.error(known ? e.message : e);
  process.exit(1);
});
