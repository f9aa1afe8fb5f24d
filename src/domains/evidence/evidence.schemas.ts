import { z } from '@hono/zod-openapi';
import { EVIDENCE_STATUSES } from '../../platform/db/tables';
import { PROVENANCE_METHODS, UPLOAD_METHODS } from '../ledger/receipt-format';

/** Input and output DTOs of the evidence API (存证). */

const Hex256 = z.string().regex(/^[0-9a-f]{64}$/, '应为 64 位小写十六进制 / must be 64 lower-case hexadecimal digits');
// A name as the user's system had it: no folders, no control characters.
const FileName = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .regex(/^[^/\\\u0000-\u001f\u007f]+$/, '文件名不能含有路径分隔符或控制字符 / the file name must not contain path separators or control characters');

/** Largest capture log accepted as text (a browser extension's log, a HAR summary). */
export const CAPTURE_LOG_MAX_CHARS = 200_000;

export const WebCapture = z
  .object({
    url: z.url({ protocol: /^https?$/, error: '应为 http(s) 网址 / must be an http(s) URL' }).max(2000).openapi({ example: 'https://shop.example.com/item/123' }),
    captureLog: z.string().min(1).max(CAPTURE_LOG_MAX_CHARS).openapi({ description: 'The capture log (取证过程记录) as text' }),
    capturedAt: z.iso.datetime({ offset: true }).optional().openapi({ description: 'When the page was captured (ISO 8601)' }),
  })
  .strict()
  .openapi('WebCapture');

export const NotarisedCopy = z
  .object({
    notaryOffice: z.string().trim().min(2).max(200).openapi({ example: '上海市东方公证处' }),
    certificateNumber: z.string().trim().min(1).max(100).openapi({ description: '公证书编号', example: '(2026)沪东证经字第123号' }),
  })
  .strict()
  .openapi('NotarisedCopy');

export const Device = z
  .object({ description: z.string().trim().min(2).max(1000).openapi({ description: 'The device and how the file came off it' }) })
  .strict()
  .openapi('DeviceProvenance');

export const BelongsTo = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('preservation') }).strict(),
    z.object({ kind: z.literal('case'), caseId: z.uuid() }).strict(),
  ])
  .openapi('EvidenceBelongsTo', { description: 'A standalone preservation (保全), or a case (not available yet)' });

export const EvidenceCreate = z
  .object({
    fileName: FileName,
    declaredType: z.string().trim().max(127).optional().openapi({ description: 'The type the client names (kept for reference; the platform sniffs the real one)' }),
    declaredSize: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional().openapi({ description: 'Size in bytes, if known: an oversized file is refused before anything is recorded' }),
    method: z.enum(UPLOAD_METHODS).openapi({ description: 'How the evidence was obtained' }),
    webCapture: WebCapture.optional().openapi({ description: 'Required for method web_capture' }),
    notarisedCopy: NotarisedCopy.optional().openapi({ description: 'Required for method notarised_copy' }),
    device: Device.optional().openapi({ description: 'Required for method device' }),
    belongsTo: BelongsTo.default({ kind: 'preservation' }),
    actingFor: z.uuid().optional().openapi({ description: 'An agent uploading for a principal who authorised him: the principal’s user id' }),
  })
  .strict()
  .openapi('EvidenceCreate');
export type EvidenceCreate = z.infer<typeof EvidenceCreate>;

export const Evidence = z
  .object({
    id: z.uuid(),
    status: z.enum(EVIDENCE_STATUSES),
    fileName: z.string(),
    declaredType: z.string().nullable(),
    mediaType: z.string().nullable().openapi({ description: 'Sniffed from the content' }),
    size: z.number().int().nullable(),
    sha256: Hex256.nullable(),
    sm3: Hex256.nullable(),
    method: z.enum(PROVENANCE_METHODS),
    provenance: z
      .object({ webCapture: WebCapture.optional(), notarisedCopy: NotarisedCopy.optional(), device: Device.optional() })
      .openapi({ description: 'Method-specific facts in clear (the ledger entry holds only their SHA-256)' }),
    belongsTo: BelongsTo,
    submitter: z.object({ userId: z.uuid(), role: z.string(), orgId: z.uuid().nullable(), displayName: z.string() }),
    principal: z.object({ userId: z.uuid(), displayName: z.string() }).nullable().openapi({ description: 'The applicant an agent uploaded for' }),
    recordedAt: z.string().openapi({ description: 'Server time at which provenance was recorded, before the file was read' }),
    preservedAt: z.string().nullable(),
    timestamp: z.object({ genTime: z.string(), serial: z.string(), tsa: z.string() }).nullable().openapi({ description: 'RFC 3161 token over the SHA-256' }),
    ledger: z.object({ queueId: z.number().int().nullable(), index: z.number().int().nullable() }),
    failure: z.object({ code: z.string(), messages: z.object({ 'zh-CN': z.string(), en: z.string() }) }).nullable(),
    links: z.object({
      self: z.string(),
      content: z.string().nullable().openapi({ description: 'PUT the file here while the status is receiving' }),
      file: z.string().nullable(),
      receipt: z.string().nullable(),
      publicReceipt: z.string().nullable().openapi({ description: 'Public receipt URL (needs the SHA-256; what the QR code holds)' }),
    }),
    createdAt: z.string(),
  })
  .openapi('Evidence');
export type Evidence = z.infer<typeof Evidence>;

export const EvidenceListQuery = z.object({
  status: z.enum(EVIDENCE_STATUSES).optional(),
  method: z.enum(PROVENANCE_METHODS).optional(),
  q: z.string().trim().max(100).optional().openapi({ description: 'Part of the file name' }),
  sha256: Hex256.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type EvidenceListQuery = z.infer<typeof EvidenceListQuery>;

export const EvidencePage = z.object({ items: z.array(Evidence), total: z.number().int() }).openapi('EvidencePage');

export const PublicReceiptQuery = z.object({
  sha256: Hex256.openapi({ description: 'SHA-256 of the file: only someone holding the file (or its hash) gets the receipt' }),
});
