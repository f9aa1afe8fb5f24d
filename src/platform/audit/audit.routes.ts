import { stream } from 'hono/streaming';
import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { ctxOf } from '../http/base-app';
import type { AppEnv, Platform } from '../http/context';
import { json, problems, tag } from '../http/openapi-helpers';
import { route } from '../http/route';
import { exportAuditCsv, recordAudit, searchAudit } from './audit';

const AuditQuery = z.object({
  from: z.iso.datetime({ offset: true }).optional().openapi({ description: 'Inclusive lower bound (ISO 8601)' }),
  to: z.iso.datetime({ offset: true }).optional().openapi({ description: 'Exclusive upper bound (ISO 8601)' }),
  actor: z.string().max(100).optional().openapi({ description: 'Login or user id' }),
  action: z.string().max(100).optional().openapi({ description: 'Action prefix, e.g. `auth.` or `pii.reveal`' }),
  targetType: z.string().max(50).optional(),
  targetId: z.string().max(100).optional(),
  outcome: z.enum(['success', 'denied', 'failed']).optional(),
  text: z.string().max(100).optional().openapi({ description: 'Free text in action, target or details' }),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.coerce.number().int().min(1).optional().openapi({ description: 'Page: rows with an id below this' }),
});

const AuditRecord = z
  .object({
    id: z.number().int(),
    at: z.string(),
    actorUserId: z.string().nullable(),
    actorLogin: z.string().nullable(),
    actorRoles: z.array(z.string()),
    actorOrgId: z.string().nullable(),
    via: z.string(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    action: z.string(),
    targetType: z.string().nullable(),
    targetId: z.string().nullable(),
    outcome: z.enum(['success', 'denied', 'failed']),
    details: z.record(z.string(), z.unknown()),
    requestId: z.string().nullable(),
  })
  .openapi('AuditRecord');

function toFilter(q: z.infer<typeof AuditQuery>) {
  return { ...q, from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined };
}

export function registerAuditRoutes(app: OpenAPIHono<AppEnv>, platform: Platform) {
  app.openapi(
    route({
      method: 'get', path: '/api/audit', permission: 'audit.read', ...tag('Audit'), operationId: 'searchAudit',
      summary: 'Search the audit log (newest first; page with `before`)',
      request: { query: AuditQuery },
      responses: { 200: json(z.object({ items: z.array(AuditRecord), nextBefore: z.number().int().nullable() }).openapi('AuditPage'), 'Audit rows'), ...problems },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const rows = await searchAudit(platform.db, toFilter(q));
      // The audit log itself holds personal data (addresses, logins): reading it is audited.
      await recordAudit(platform.db, ctxOf(c, platform).actor, { action: 'audit.search', targetType: 'audit_log', details: { filter: q, returned: rows.length } });
      const items = rows.map((r) => ({ ...r, at: r.at.toISOString(), outcome: r.outcome as 'success', details: r.details as Record<string, unknown> }));
      return c.json({ items, nextBefore: rows.length === q.limit ? rows[rows.length - 1].id : null }, 200);
    },
  );

  app.openapi(
    route({
      method: 'get', path: '/api/audit/export.csv', permission: 'audit.read', ...tag('Audit'), operationId: 'exportAudit',
      summary: 'Export the matching audit rows as CSV (UTF-8 with BOM); the export itself is audited',
      request: { query: AuditQuery.omit({ limit: true, before: true }) },
      responses: { 200: { content: { 'text/csv': { schema: z.string() } }, description: 'CSV file' }, ...problems },
    }),
    async (c) => {
      const q = c.req.valid('query');
      await recordAudit(platform.db, ctxOf(c, platform).actor, { action: 'audit.export', targetType: 'audit_log', details: { filter: q } });
      c.header('content-type', 'text/csv; charset=utf-8');
      c.header('content-disposition', `attachment; filename="zhibao-audit-${new Date().toISOString().slice(0, 10)}.csv"`);
      return stream(c, async (s) => {
        for await (const chunk of exportAuditCsv(platform.db, toFilter({ ...q, limit: 1 }))) await s.write(chunk);
      }) as never;
    },
  );
}
