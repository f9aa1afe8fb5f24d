import path from 'node:path';
import { z } from 'zod';

/**
 * The one place that reads `process.env` (CONVENTIONS rule 6). Each variable carries a
 * description and a `sensitive` flag; `describeConfig()` feeds the README table and the
 * start-up log (sensitive values are never printed).
 */

interface VarMeta {
  description: string;
  sensitive: boolean;
}

const meta: Record<string, VarMeta> = {};

function v<T extends z.ZodType>(name: string, schema: T, description: string, sensitive = false) {
  meta[name] = { description, sensitive };
  return schema;
}

const boolish = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((s) => s === 'true' || s === '1' || s === 'yes');

export const ConfigSchema = z.object({
  PORT: v('PORT', z.coerce.number().int().min(0).max(65535).default(3000), 'HTTP port the server listens on'),
  HOST: v('HOST', z.string().default('0.0.0.0'), 'Interface the server binds to'),
  ZHIBAO_BASE_URL: v(
    'ZHIBAO_BASE_URL',
    z.url().optional(),
    'Public base URL used in links, QR codes and mails (default http://localhost:PORT)',
  ),
  DATABASE_URL: v(
    'DATABASE_URL',
    z.string().regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://').optional(),
    'PostgreSQL connection string; when unset the embedded PGlite database in ZHIBAO_DATA_DIR is used',
    true,
  ),
  ZHIBAO_DATA_DIR: v(
    'ZHIBAO_DATA_DIR',
    z.string().min(1).default('.data'),
    'Directory for the embedded database, generated keys and stored files',
  ),
  ZHIBAO_SECRET_KEY: v(
    'ZHIBAO_SECRET_KEY',
    z.string().regex(/^[0-9a-f]{64}$/i, 'must be 64 hexadecimal characters (32 bytes)').optional(),
    'Key (hex, 32 bytes) that encrypts personal identifiers at rest; generated into the data directory when unset',
    true,
  ),
  ZHIBAO_DEMO: v(
    'ZHIBAO_DEMO',
    boolish.optional(),
    'Load demo accounts on first start (default: true with the embedded database, false with DATABASE_URL)',
  ),
  ZHIBAO_ORG_SEED: v(
    'ZHIBAO_ORG_SEED',
    z.string().default('shanghai'),
    'Organisation tree loaded into an empty database: "shanghai" (built in), "none", or the path of a JSON/CSV file',
  ),
  ZHIBAO_SESSION_HOURS: v(
    'ZHIBAO_SESSION_HOURS',
    z.coerce.number().int().min(1).max(720).default(12),
    'Browser session lifetime in hours',
  ),
  ZHIBAO_COOKIE_SECURE: v(
    'ZHIBAO_COOKIE_SECURE',
    boolish.optional(),
    'Mark cookies Secure (default: true when the base URL is https)',
  ),
  ZHIBAO_SESSION_CACHE_MS: v(
    'ZHIBAO_SESSION_CACHE_MS',
    z.coerce.number().int().min(0).max(60_000).default(5000),
    'How long a process may reuse a resolved session or token before asking the database again (sign-out in another process takes effect within this time; 0 = always ask)',
  ),
  ZHIBAO_LOGIN_MAX_FAILURES: v(
    'ZHIBAO_LOGIN_MAX_FAILURES',
    z.coerce.number().int().min(1).max(100).default(5),
    'Failed logins per account (or per client address ×4) within the window before logins are refused',
  ),
  ZHIBAO_LOGIN_WINDOW_MINUTES: v(
    'ZHIBAO_LOGIN_WINDOW_MINUTES',
    z.coerce.number().int().min(1).max(1440).default(15),
    'Window and lock-out period for login throttling, in minutes',
  ),
  ZHIBAO_BODY_LIMIT_BYTES: v(
    'ZHIBAO_BODY_LIMIT_BYTES',
    z.coerce.number().int().min(1024).default(1_048_576),
    'Largest JSON request body accepted',
  ),
  ZHIBAO_TRUST_PROXY: v(
    'ZHIBAO_TRUST_PROXY',
    boolish.default(false),
    'Take the client address from X-Forwarded-For (only behind a trusted load balancer)',
  ),
  ZHIBAO_API_TOKEN: v(
    'ZHIBAO_API_TOKEN',
    z.string().startsWith('zb_').optional(),
    'API token the CLI sends when it talks to a running server over HTTP (ZHIBAO_BASE_URL)',
    true,
  ),
  MAIL_TRANSPORT: v(
    'MAIL_TRANSPORT',
    z.enum(['outbox', 'smtp']).default('outbox'),
    'outbox: mails are stored in the database outbox table (development); smtp: sent through MAIL_SMTP_URL',
  ),
  MAIL_SMTP_URL: v('MAIL_SMTP_URL', z.string().optional(), 'smtp://user:pass@host:port when MAIL_TRANSPORT=smtp', true),
  MAIL_FROM: v('MAIL_FROM', z.string().default('知保 Zhibao <noreply@zhibao.local>'), 'Sender address of mails'),
  LOG_LEVEL: v('LOG_LEVEL', z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'), 'Log verbosity'),
});

export type RawConfig = z.infer<typeof ConfigSchema>;

export interface Config extends RawConfig {
  baseUrl: string;
  dataDir: string;
  engine: 'pglite' | 'postgres';
  demo: boolean;
  cookieSecure: boolean;
}

export class ConfigError extends Error {}

export function parseConfig(env: Record<string, string | undefined> = process.env): Config {
  const picked: Record<string, string> = {};
  for (const key of Object.keys(meta)) {
    const value = env[key];
    if (value !== undefined && value !== '') picked[key] = value;
  }
  const parsed = ConfigSchema.safeParse(picked);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`配置无效 / invalid configuration:\n${lines.join('\n')}`);
  }
  const raw = parsed.data;
  const baseUrl = (raw.ZHIBAO_BASE_URL ?? `http://localhost:${raw.PORT}`).replace(/\/+$/, '');
  if (raw.MAIL_TRANSPORT === 'smtp' && !raw.MAIL_SMTP_URL) {
    throw new ConfigError('配置无效 / invalid configuration:\n  MAIL_SMTP_URL: required when MAIL_TRANSPORT=smtp');
  }
  const engine = raw.DATABASE_URL ? 'postgres' : 'pglite';
  return {
    ...raw,
    baseUrl,
    dataDir: path.resolve(raw.ZHIBAO_DATA_DIR),
    engine,
    demo: raw.ZHIBAO_DEMO ?? engine === 'pglite',
    cookieSecure: raw.ZHIBAO_COOKIE_SECURE ?? baseUrl.startsWith('https:'),
  };
}

export function describeConfig(): { name: string; description: string; sensitive: boolean }[] {
  return Object.entries(meta).map(([name, m]) => ({ name, ...m }));
}
