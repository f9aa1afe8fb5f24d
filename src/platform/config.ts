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
  ZHIBAO_PG_POOL_MAX: v(
    'ZHIBAO_PG_POOL_MAX',
    z.coerce.number().int().min(1).max(1000).default(20),
    'Most connections this process opens to PostgreSQL (DATABASE_URL), up to two of them shared by pipelined hot-path lookups; size it with the server\'s max_connections and the number of processes in mind',
  ),
  ZHIBAO_PGLITE_WORKER: v(
    'ZHIBAO_PGLITE_WORKER',
    boolish.default(true),
    'Run the embedded PGlite database in a worker thread, so queries run beside request handling instead of in between (false: in the server thread)',
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
  ZHIBAO_LEDGER_ORIGIN: v(
    'ZHIBAO_LEDGER_ORIGIN',
    z.string().regex(/^[^\s+]+$/, '不能含空白或“+” / must contain no white space and no "+"').max(200).optional(),
    'Origin (name) of the evidence ledger, written in every checkpoint and fixed when the log is created: a schema-less URL without spaces or "+" (default <base URL host>/zhibao/ledger)',
  ),
  ZHIBAO_LEDGER_HASH: v(
    'ZHIBAO_LEDGER_HASH',
    z.enum(['sha256', 'sm3']).optional(),
    'Tree hash of the evidence ledger, fixed when the log is created: sha256 (default) or sm3 (国密)',
  ),
  ZHIBAO_LEDGER_ED25519_SKEY: v(
    'ZHIBAO_LEDGER_ED25519_SKEY',
    z.string().startsWith('PRIVATE+KEY+').optional(),
    'Ed25519 signing key of the ledger in the Go note format (PRIVATE+KEY+<name>+<id>+<key>); with ZHIBAO_LEDGER_SM2_SKEY, required when several processes share one database. Unset: generated into the data directory',
    true,
  ),
  ZHIBAO_LEDGER_SM2_SKEY: v(
    'ZHIBAO_LEDGER_SM2_SKEY',
    z.string().startsWith('PRIVATE+KEY+').optional(),
    'SM2 signing key of the ledger in the Go note format (GM/T 0003, user ID 1234567812345678); set together with ZHIBAO_LEDGER_ED25519_SKEY',
    true,
  ),
  ZHIBAO_LEDGER_INTERVAL_MS: v(
    'ZHIBAO_LEDGER_INTERVAL_MS',
    z.coerce.number().int().min(10).max(60_000).default(200),
    'How often the ledger integrator looks for queued entries, in milliseconds',
  ),
  ZHIBAO_LEDGER_BATCH_SIZE: v(
    'ZHIBAO_LEDGER_BATCH_SIZE',
    z.coerce.number().int().min(1).max(50_000).default(2000),
    'Most queued entries the ledger integrator sequences in one transaction',
  ),
  ZHIBAO_TSA_URL: v(
    'ZHIBAO_TSA_URL',
    z.url().optional(),
    'External RFC 3161 time-stamping authority (http(s) URL; user:password@ for basic auth) used instead of the embedded one; needs ZHIBAO_TSA_CA_PEM',
    true,
  ),
  ZHIBAO_TSA_TIMEOUT_MS: v(
    'ZHIBAO_TSA_TIMEOUT_MS',
    z.coerce.number().int().min(100).max(120_000).default(10_000),
    'How long to wait for the external time-stamping authority, in milliseconds',
  ),
  ZHIBAO_TSA_KEY_PEM: v(
    'ZHIBAO_TSA_KEY_PEM',
    z.string().includes('PRIVATE KEY').optional(),
    'PEM private key (ECDSA P-256) of the embedded time-stamping authority; with ZHIBAO_TSA_CERT_PEM and ZHIBAO_TSA_CA_PEM, required when several processes share one database. Unset: a local CA and TSA certificate are generated into the data directory',
    true,
  ),
  ZHIBAO_TSA_CERT_PEM: v(
    'ZHIBAO_TSA_CERT_PEM',
    z.string().includes('BEGIN CERTIFICATE').optional(),
    'PEM certificate of the time-stamping authority: extendedKeyUsage critical, timeStamping only (RFC 3161 §2.3)',
  ),
  ZHIBAO_TSA_CA_PEM: v(
    'ZHIBAO_TSA_CA_PEM',
    z.string().includes('BEGIN CERTIFICATE').optional(),
    'PEM certificate(s) of the CA that issued the TSA certificate (root last), published to verifiers; with ZHIBAO_TSA_URL, the CA of the external authority',
  ),
  ZHIBAO_TSA_POLICY_OID: v(
    'ZHIBAO_TSA_POLICY_OID',
    z.string().regex(/^[0-2](\.(0|[1-9][0-9]*))+$/, 'must be a dotted object identifier').optional(),
    'TSA policy OID written in every timestamp of the embedded authority (default 2.25.89572587273816771903227779611814537917.1.1)',
  ),
  ZHIBAO_TSA_ACCURACY_MS: v(
    'ZHIBAO_TSA_ACCURACY_MS',
    z.coerce.number().int().min(0).max(60_000).default(1000),
    'Accuracy of the host clock stated in timestamps of the embedded authority, in milliseconds (0: not stated)',
  ),
  ZHIBAO_EVIDENCE_MAX_BYTES: v(
    'ZHIBAO_EVIDENCE_MAX_BYTES',
    z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).default(104_857_600),
    'Largest evidence file accepted, in bytes (default 100 MiB); enforced while the upload streams',
  ),
  ZHIBAO_EVIDENCE_STORAGE: v(
    'ZHIBAO_EVIDENCE_STORAGE',
    z.enum(['local', 's3']).default('local'),
    'Where evidence files are kept: local (<data dir>/evidence, one machine) or s3 (S3-compatible object storage, needs the ZHIBAO_S3_* settings)',
  ),
  ZHIBAO_S3_ENDPOINT: v(
    'ZHIBAO_S3_ENDPOINT',
    z.url().optional(),
    'S3-compatible endpoint URL, e.g. https://s3.cn-east-2.amazonaws.com.cn or http://minio:9000',
  ),
  ZHIBAO_S3_BUCKET: v(
    'ZHIBAO_S3_BUCKET',
    z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a valid bucket name').optional(),
    'Bucket for evidence files',
  ),
  ZHIBAO_S3_REGION: v('ZHIBAO_S3_REGION', z.string().min(1).default('us-east-1'), 'Region used in the S3 request signature (AWS Signature V4)'),
  ZHIBAO_S3_ACCESS_KEY_ID: v('ZHIBAO_S3_ACCESS_KEY_ID', z.string().min(1).optional(), 'Access key id for the S3 bucket', true),
  ZHIBAO_S3_SECRET_ACCESS_KEY: v('ZHIBAO_S3_SECRET_ACCESS_KEY', z.string().min(1).optional(), 'Secret access key for the S3 bucket', true),
  ZHIBAO_S3_PATH_STYLE: v(
    'ZHIBAO_S3_PATH_STYLE',
    boolish.default(false),
    'Address the bucket in the path (http://host/bucket/key, MinIO and most self-hosted stores) instead of the host name',
  ),
  ZHIBAO_S3_PREFIX: v(
    'ZHIBAO_S3_PREFIX',
    z.string().regex(/^[A-Za-z0-9._\/-]*$/, 'letters, digits, ".", "_", "-" and "/" only').default('evidence/'),
    'Key prefix of evidence objects in the bucket',
  ),
  ZHIBAO_PATENT_RULESET: v(
    'ZHIBAO_PATENT_RULESET',
    z.enum(['shanghai-2002', 'cnipa-2015']).default('shanghai-2002'),
    'Which periods patent-infringement adjudication counts: shanghai-2002 (上海市专利保护条例, natural days) or cnipa-2015 (national measures, working days)',
  ),
  ZHIBAO_DOCUMENT_PREFIX: v(
    'ZHIBAO_DOCUMENT_PREFIX',
    z.string().trim().min(1).max(10).default('沪知裁'),
    'First characters of official document numbers (文号), e.g. 沪知裁 gives 沪知裁受字〔2026〕第000123号',
  ),
  ZHIBAO_CLOCK_OVERRIDES: v(
    'ZHIBAO_CLOCK_OVERRIDES',
    z
      .string()
      .regex(
        /^\s*[a-z_]+\.[a-z_]+=\d{1,3}(wd|d|m)(\s*,\s*[a-z_]+\.[a-z_]+=\d{1,3}(wd|d|m))*\s*$/,
        'must look like patent_adjudication.correction=10d,patent_adjudication.fast_track_target=20wd (wd working days, d days, m months)',
      )
      .optional(),
    'Local values for periods without a confirmed statutory source (rules.md S/NF), e.g. patent_adjudication.correction=10d; each one is shown with the rule as set by this office',
  ),
  ZHIBAO_CLOCK_DUE_SOON_WORKING_DAYS: v(
    'ZHIBAO_CLOCK_DUE_SOON_WORKING_DAYS',
    z.coerce.number().int().min(0).max(30).default(2),
    'A deadline this many working days away or less is flagged as due soon (临期) to its assignees and their supervisors',
  ),
  ZHIBAO_CLOCK_SCAN_SECONDS: v(
    'ZHIBAO_CLOCK_SCAN_SECONDS',
    z.coerce.number().int().min(0).max(86_400).default(600),
    'How often the server scans open deadlines for due-soon and overdue ones (0: never; the CLI `zhibao cases scan-clocks` runs one scan)',
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
  /** The evidence ledger's origin: configured, or derived from the base URL's host. */
  ledgerOrigin: string;
  ledgerHash: 'sha256' | 'sm3';
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
  if (Boolean(raw.ZHIBAO_LEDGER_ED25519_SKEY) !== Boolean(raw.ZHIBAO_LEDGER_SM2_SKEY)) {
    throw new ConfigError('配置无效 / invalid configuration:\n  ZHIBAO_LEDGER_ED25519_SKEY, ZHIBAO_LEDGER_SM2_SKEY: set both or neither');
  }
  const [tsaKey, tsaCert, tsaCa] = [raw.ZHIBAO_TSA_KEY_PEM, raw.ZHIBAO_TSA_CERT_PEM, raw.ZHIBAO_TSA_CA_PEM].map(Boolean);
  if (raw.ZHIBAO_TSA_URL ? !tsaCa || tsaKey || tsaCert : tsaKey !== tsaCert || tsaCert !== tsaCa) {
    throw new ConfigError(
      '配置无效 / invalid configuration:\n  ZHIBAO_TSA_*: set ZHIBAO_TSA_KEY_PEM, ZHIBAO_TSA_CERT_PEM and ZHIBAO_TSA_CA_PEM together, or ZHIBAO_TSA_URL with ZHIBAO_TSA_CA_PEM, or none of them',
    );
  }
  if (raw.ZHIBAO_EVIDENCE_STORAGE === 's3') {
    const missing = (['ZHIBAO_S3_ENDPOINT', 'ZHIBAO_S3_BUCKET', 'ZHIBAO_S3_ACCESS_KEY_ID', 'ZHIBAO_S3_SECRET_ACCESS_KEY'] as const).filter((k) => !raw[k]);
    if (missing.length) {
      throw new ConfigError(`配置无效 / invalid configuration:\n  ${missing.join(', ')}: required when ZHIBAO_EVIDENCE_STORAGE=s3`);
    }
  }
  const engine = raw.DATABASE_URL ? 'postgres' : 'pglite';
  return {
    ...raw,
    baseUrl,
    dataDir: path.resolve(raw.ZHIBAO_DATA_DIR),
    engine,
    demo: raw.ZHIBAO_DEMO ?? engine === 'pglite',
    cookieSecure: raw.ZHIBAO_COOKIE_SECURE ?? baseUrl.startsWith('https:'),
    ledgerOrigin: raw.ZHIBAO_LEDGER_ORIGIN ?? `${new URL(baseUrl).hostname}/zhibao/ledger`,
    ledgerHash: raw.ZHIBAO_LEDGER_HASH ?? 'sha256',
  };
}

export function describeConfig(): { name: string; description: string; sensitive: boolean }[] {
  return Object.entries(meta).map(([name, m]) => ({ name, ...m }));
}
