import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import { z } from '@hono/zod-openapi';
import { registerAuditRoutes } from './platform/audit/audit.routes';
import { registerCalendarRoutes } from './platform/calendar/calendar.routes';
import { journalLength } from './platform/db/client';
import { DomainError } from './platform/errors';
import { createBaseApp } from './platform/http/base-app';
import type { Platform } from './platform/http/context';
import { renderDocsPage } from './platform/http/docs-page';
import { json, tag } from './platform/http/openapi-helpers';
import { route } from './platform/http/route';
import { registerIdsRoutes } from './platform/ids/ids.routes';
import { TOKEN_SCOPES } from './platform/permissions';
import { resolveSession, resolveToken, SESSION_COOKIE } from './domains/identity/auth.service';
import { registerIdentityRoutes } from './domains/identity/identity.routes';
import { registerOrgRoutes } from './domains/orgs/orgs.routes';
import { registerLedgerRoutes } from './domains/ledger';
import { createTsa, registerTsaRoutes, type Tsa } from './domains/ledger/tsa';
import { createBlobStorage, registerEvidenceRoutes, type BlobStorage, type EvidenceDeps } from './domains/evidence';
import { createDocumentIssuer, matterRegistry, registerCaseRoutes } from './domains/cases';

export const VERSION = '0.1.0';
const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../web/dist');

const Health = z
  .object({
    status: z.literal('ok'),
    version: z.string(),
    engine: z.enum(['pglite', 'postgres']),
    migrationLevel: z.number().int(),
    migrationsExpected: z.number().int(),
    time: z.string(),
  })
  .openapi('Health');

/** The composition root: the API, its documentation and the web app in one Hono app. */
/**
 * `tsa`: the internal RFC 3161 signer, served at POST /tsa (none when an external TSA is configured).
 * `timestamping`: the TSA that stamps evidence (default: `tsa`, else created from the configuration on first use).
 * `evidenceStorage`: where evidence files go (default: from the configuration).
 */
export function createApp(platform: Platform, opts: { tsa?: Tsa; timestamping?: Tsa; evidenceStorage?: BlobStorage } = {}) {
  const app = createBaseApp(platform, { session: resolveSession, token: resolveToken, sessionCookie: SESSION_COOKIE });

  app.openapi(
    route({
      method: 'get', path: '/api/health', permission: 'public', ...tag('System'), operationId: 'health',
      summary: 'Liveness: database engine and migration level',
      responses: { 200: json(Health, 'Healthy') },
    }),
    async (c) =>
      c.json(
        {
          status: 'ok' as const,
          version: VERSION,
          engine: platform.database.engine,
          migrationLevel: await platform.database.migrationLevel(),
          migrationsExpected: journalLength(),
          time: platform.now().toISOString(),
        },
        200,
      ),
  );

  registerIdentityRoutes(app, platform);
  registerOrgRoutes(app, platform);
  registerAuditRoutes(app, platform);
  registerCalendarRoutes(app, platform);
  registerIdsRoutes(app, platform);
  registerLedgerRoutes(app, platform);
  if (opts.tsa) registerTsaRoutes(app, opts.tsa);
  let evidenceTsa: Promise<Tsa> | undefined = opts.timestamping ?? opts.tsa ? Promise.resolve((opts.timestamping ?? opts.tsa)!) : undefined;
  const evidenceDeps: EvidenceDeps = {
    storage: opts.evidenceStorage ?? createBlobStorage(platform.config),
    tsa: () => {
      evidenceTsa ??= createTsa(platform.config, { now: platform.now });
      evidenceTsa.catch(() => (evidenceTsa = undefined));
      return evidenceTsa;
    },
  };
  registerEvidenceRoutes(app, platform, evidenceDeps);
  registerCaseRoutes(app, platform, { registry: matterRegistry(platform.config), documents: createDocumentIssuer(evidenceDeps), evidence: evidenceDeps });

  app.openAPIRegistry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'Browser session; state changes also need the `X-CSRF-Token` header from `/api/auth/me`' });
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', description: `API token (\`zhibao token create\`). Scopes: ${TOKEN_SCOPES.join(', ')}` });

  const docConfig = {
    openapi: '3.1.0',
    info: {
      title: 'Zhibao 知保',
      version: VERSION,
      description: 'Intellectual-property protection platform. Errors are RFC 9457 problem documents with a stable `code` and messages in zh-CN and en.',
    },
  };
  app.doc31('/api/openapi.json', docConfig);
  let docsHtml: string | undefined;
  app.get('/api/docs', (c) => {
    docsHtml ??= renderDocsPage(app.getOpenAPI31Document(docConfig) as never);
    return c.html(docsHtml);
  });

  app.all('/api/*', (c) => {
    throw new DomainError('route.not_found', { method: c.req.method, path: c.req.path });
  });

  // The bundle is looked up per request (index.html cached once found): `vite build` empties
  // web/dist first, and a server started meanwhile must serve the UI as soon as it exists.
  const indexFile = path.join(WEB_DIST, 'index.html');
  let indexHtml: string | undefined;
  app.use('/assets/*', async (c, next) => {
    await next();
    if (c.res.status === 200) c.header('cache-control', 'public, max-age=31536000, immutable');
  });
  app.use('/*', serveStatic({ root: path.relative(process.cwd(), WEB_DIST) }));
  app.get('*', (c) => {
    if (indexHtml === undefined && fs.existsSync(indexFile)) indexHtml = fs.readFileSync(indexFile, 'utf8');
    if (indexHtml !== undefined) return c.html(indexHtml);
    return c.text('Web UI not built: run `npm run build:web` (npm start does it). / 网页尚未构建：请运行 npm run build:web。', 503);
  });
  return app;
}
