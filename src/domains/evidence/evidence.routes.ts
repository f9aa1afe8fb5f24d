import { Readable } from 'node:stream';
import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { ctxOf } from '../../platform/http/base-app';
import type { AppEnv, Platform } from '../../platform/http/context';
import { body, IdParam, json, problems, tag } from '../../platform/http/openapi-helpers';
import { ProblemSchema } from '../../platform/http/problem';
import { route } from '../../platform/http/route';
import { EvidenceReceipt } from '../ledger/receipt-format';
import * as S from './evidence.schemas';
import * as service from './evidence.service';
import type { EvidenceDeps } from './evidence.service';

/**
 * Evidence over HTTP. Uploading is two requests, so that provenance is committed before the
 * platform reads the file and the file itself streams without multipart parsing:
 *
 *   POST /api/evidence                 JSON provenance → 201, status receiving, links.content
 *   PUT  /api/evidence/{id}/content    the raw file as the body → 201, status preserved
 *
 * The PUT route is exempt from the global JSON body limit and enforces ZHIBAO_EVIDENCE_MAX_BYTES
 * while streaming (the route declares `ownBodyLimit`).
 */

const Binary = z.string().openapi({ type: 'string', format: 'binary' });
// Wrapped by the extended z: receipt-format.ts uses plain zod (it runs in the browser too), and its
// schemas lack `.openapi` when that module is evaluated before @hono/zod-openapi.
const ReceiptSchema = z.object(EvidenceReceipt.shape).strict().openapi('EvidenceReceipt');

/** RFC 6266 attachment header with an ASCII fallback and the UTF-8 name. */
function attachment(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

// Served as downloads only; types a browser would render as active content go out as bytes.
const ACTIVE_TYPES = /^(text\/html|image\/svg\+xml|application\/xml|text\/xml)/;

export function registerEvidenceRoutes(app: OpenAPIHono<AppEnv>, platform: Platform, deps: EvidenceDeps) {
  const limit = platform.config.ZHIBAO_EVIDENCE_MAX_BYTES;

  app.openapi(
    route({
      method: 'post', path: '/api/evidence', permission: 'evidence.create', ...tag('Evidence'), operationId: 'recordEvidence',
      summary: 'Step 1 of an upload: record the provenance (who, when, how obtained, what it belongs to) before the file',
      description: `Answers with status \`receiving\` and \`links.content\`, where the file goes next (PUT, within ${service.UPLOAD_WINDOW_MINUTES} minutes, at most ${limit} bytes).`,
      request: body(S.EvidenceCreate),
      responses: { 201: json(S.Evidence, 'Provenance recorded; upload the file to links.content'), 413: json(ProblemSchema, 'declaredSize over the limit'), ...problems },
    }),
    async (c) => c.json(await service.recordEvidence(ctxOf(c, platform), c.req.valid('json')), 201),
  );

  app.openapi(
    route({
      method: 'put', path: '/api/evidence/{id}/content', permission: 'evidence.create', ...tag('Evidence'), operationId: 'uploadEvidenceContent',
      ownBodyLimit: true,
      summary: 'Step 2 of an upload: the file itself as the raw body; hashed (SHA-256, SM3), timestamped (RFC 3161) and appended to the ledger',
      description: `Any content type; the media type is sniffed from the bytes. At most ${limit} bytes (ZHIBAO_EVIDENCE_MAX_BYTES), checked against Content-Length and while streaming. Only the person who recorded the provenance may upload, once.`,
      request: { params: IdParam, body: { content: { 'application/octet-stream': { schema: Binary } }, required: true } },
      responses: {
        201: json(S.Evidence, 'Preserved: digests, trusted time and ledger index'),
        413: json(ProblemSchema, 'File over the limit (nothing kept)'),
        503: json(ProblemSchema, 'Storage or time-stamping unavailable (nothing kept)'),
        ...problems,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const header = c.req.header('content-length');
      const length = header !== undefined && /^\d+$/.test(header) ? Number(header) : undefined;
      const raw = c.req.raw.body;
      // preventCancel: stopping early (size limit) must not tear down the connection before the
      // 413 answer is written; the server drains what is left of the body afterwards.
      const source = raw ? raw.values({ preventCancel: true }) : null;
      return c.json(await service.receiveContent(ctxOf(c, platform), deps, id, source, length), 201);
    },
  );

  app.openapi(
    route({
      method: 'get', path: '/api/evidence', permission: 'evidence.read', ...tag('Evidence'), operationId: 'listEvidence',
      summary: 'Evidence in reach, newest first (applicants: their own and their principals’; staff: their organisations’ staff uploads)',
      request: { query: S.EvidenceListQuery },
      responses: { 200: json(S.EvidencePage, 'Evidence'), ...problems },
    }),
    async (c) => c.json(await service.listEvidence(ctxOf(c, platform), c.req.valid('query')), 200),
  );

  app.openapi(
    route({
      method: 'get', path: '/api/evidence/{id}', permission: 'evidence.read', ...tag('Evidence'), operationId: 'getEvidence',
      summary: 'One piece of evidence: provenance, digests, trusted time, ledger index',
      request: { params: IdParam },
      responses: { 200: json(S.Evidence, 'Evidence'), ...problems },
    }),
    async (c) => c.json(await service.getEvidence(ctxOf(c, platform), c.req.valid('param').id), 200),
  );

  app.openapi(
    route({
      method: 'get', path: '/api/evidence/{id}/file', permission: 'evidence.read', ...tag('Evidence'), operationId: 'downloadEvidenceFile',
      summary: 'The stored file, byte for byte (audited)',
      request: { params: IdParam },
      responses: { 200: { content: { 'application/octet-stream': { schema: Binary } }, description: 'The file' }, 503: json(ProblemSchema, 'File missing from storage'), ...problems },
    }),
    async (c) => {
      const { row, stream } = await service.openEvidenceFile(ctxOf(c, platform), deps, c.req.valid('param').id);
      const type = row.mediaType && !ACTIVE_TYPES.test(row.mediaType) ? row.mediaType : 'application/octet-stream';
      return c.body(Readable.toWeb(stream) as unknown as ReadableStream, 200, {
        'content-type': type,
        'content-length': String(row.size),
        'content-disposition': attachment(row.fileName),
        'x-content-type-options': 'nosniff',
        'content-security-policy': "sandbox; default-src 'none'",
        'cache-control': 'private, no-store',
      }) as never;
    },
  );

  app.openapi(
    route({
      method: 'get', path: '/api/evidence/{id}/receipt', permission: 'evidence.read', ...tag('Evidence'), operationId: 'getEvidenceReceipt',
      summary: 'The receipt (存证凭证): digests, ledger entry, inclusion proof, signed checkpoint, verifier keys, RFC 3161 token',
      description: 'Verify offline with `npx zhibao ledger verify-receipt receipt.json <file>` and `openssl ts -verify` (docs/evidence.md).',
      request: { params: IdParam },
      responses: { 200: json(ReceiptSchema, 'Receipt (download)'), ...problems },
    }),
    async (c) => {
      const receipt = await service.receiptFor(ctxOf(c, platform), deps, c.req.valid('param').id);
      c.header('content-disposition', `attachment; filename="zhibao-receipt-${receipt.receiptId}.json"`);
      c.header('cache-control', 'private, no-store');
      return c.json(receipt, 200);
    },
  );

  app.openapi(
    route({
      method: 'get', path: '/api/public/evidence/{id}/receipt', permission: 'public', ...tag('Evidence'), operationId: 'getPublicEvidenceReceipt',
      summary: 'The receipt for whoever holds the file: answered only when `sha256` is the file’s SHA-256 (the QR code’s link)',
      request: { params: IdParam, query: S.PublicReceiptQuery },
      responses: { 200: json(ReceiptSchema, 'Receipt'), ...problems },
    }),
    async (c) => {
      const receipt = await service.publicReceipt(ctxOf(c, platform), deps, c.req.valid('param').id, c.req.valid('query').sha256);
      c.header('cache-control', 'no-store');
      return c.json(receipt, 200);
    },
  );
}
