import type { Readable } from 'node:stream';
import { createHash, randomUUID } from 'node:crypto';
import { recordAudit } from '../../platform/audit/audit';
import type { Db } from '../../platform/db/client';
import { DomainError, errorText, isDomainError } from '../../platform/errors';
import type { Ctx, Platform } from '../../platform/http/context';
import type { Role } from '../../platform/permissions';
import { applicantScope, orgReach } from '../identity/accounts.service';
import { ledger, openLedger } from '../ledger';
import { EvidenceReceipt, RECEIPT_FORMAT, type ProvenanceMethod } from '../ledger/receipt-format';
import { pemBlocks, toPem } from '../ledger/tsa/asn1';
import type { Tsa } from '../ledger/tsa/tsa';
import { verifyTimestampToken } from '../ledger/tsa/verify';
import { sm3 } from '../ledger/crypto/sm3';
import { encodeEvidenceEntry, provenanceDetails, type ProvenanceFacts } from './evidence-entry';
import './evidence.errors';
import * as repo from './evidence.repo';
import type { EvidenceReach, EvidenceRow } from './evidence.repo';
import type { Evidence, EvidenceCreate, EvidenceListQuery } from './evidence.schemas';
import { EvidenceIntake } from './intake';
import { StorageError, type BlobStorage } from './storage';

/**
 * Evidence preservation (存证), in the order the issue asks for:
 *
 *  1. `recordEvidence`: the provenance (who, when, how obtained, what it belongs to) is
 *     validated and committed with status `receiving` and its audit row, BEFORE the platform
 *     has seen a single byte of the file — so the record of how the file came to be cannot be
 *     shaped by its content;
 *  2. `receiveContent`: the file streams into storage while SHA-256, SM3, the size limit and
 *     the sniffed media type are computed on the way; an RFC 3161 token is obtained over the
 *     SHA-256; then one transaction stores the digests and token, appends the
 *     `evidence.preserved` entry to the ledger and writes the audit row;
 *  3. after that commit the entry is integrated and checkpointed, and `receipt` assembles the
 *     存证凭证: entry, inclusion proof, signed checkpoint, verifier keys, token and certificates.
 *
 * Any failure after step 1 leaves the row `failed` with its reason and removes the stored bytes.
 */

export interface EvidenceDeps {
  storage: BlobStorage;
  /** The platform's time-stamping authority (created on first use). */
  tsa: () => Promise<Tsa>;
}

/** Provenance is fresh only for so long: a file that arrives later gets a new record. */
export const UPLOAD_WINDOW_MINUTES = 60;

const STAFF_EVIDENCE_ROLES: readonly Role[] = ['case_officer', 'reviewer', 'supervisor', 'mediator', 'judge', 'police_liaison'];

/** The role the entry names: `applicant`, or the first evidence-handling staff role the actor holds. */
function submitterRole(ctx: Ctx): string {
  if (ctx.actor.userKind === 'applicant') return 'applicant';
  return STAFF_EVIDENCE_ROLES.find((r) => ctx.actor.roles.includes(r)) ?? ctx.actor.roles[0] ?? 'system';
}

async function reachOf(ctx: Ctx): Promise<EvidenceReach> {
  if (ctx.actor.userKind === 'applicant') return { kind: 'applicant', userIds: await applicantScope(ctx) };
  const orgs = await orgReach(ctx);
  return orgs === null ? { kind: 'staff' } : { kind: 'orgs', orgIds: orgs };
}

const FIELD_OF: Record<ProvenanceMethod, keyof ProvenanceFacts | null> = {
  upload: null,
  issued: null,
  web_capture: 'webCapture',
  notarised_copy: 'notarisedCopy',
  device: 'device',
};

/** Each method needs its own block of facts and no other. */
function checkMethodFields(input: EvidenceCreate): void {
  const needed = FIELD_OF[input.method];
  const given = (['webCapture', 'notarisedCopy', 'device'] as const).filter((k) => input[k] !== undefined);
  const forbidden = given.filter((k) => k !== needed);
  if ((needed && !given.includes(needed)) || forbidden.length) {
    throw new DomainError('evidence.method_fields', { method: input.method, required: needed ?? '-', forbidden: forbidden.join(', ') || '-' });
  }
}

function tsaName(ctx: Pick<Platform, 'config'>, tsa: Tsa): string {
  if (tsa.kind === 'internal' || !ctx.config.ZHIBAO_TSA_URL) return 'internal';
  // The configured URL may carry basic-auth credentials: never into the ledger.
  const url = new URL(ctx.config.ZHIBAO_TSA_URL);
  url.username = '';
  url.password = '';
  return url.toString().slice(0, 300);
}

// ── DTOs ──

function links(ctx: Pick<Platform, 'config'>, row: EvidenceRow): Evidence['links'] {
  const self = `/api/evidence/${row.id}`;
  const preserved = row.status === 'preserved';
  return {
    self,
    content: row.status === 'receiving' && !row.uploadStartedAt ? `${self}/content` : null,
    file: preserved ? `${self}/file` : null,
    receipt: preserved ? `${self}/receipt` : null,
    publicReceipt: preserved ? `${ctx.config.baseUrl}/api/public/evidence/${row.id}/receipt?sha256=${row.sha256}` : null,
  };
}

async function toDtos(ctx: Ctx, rows: EvidenceRow[]): Promise<Evidence[]> {
  const names = await repo.displayNames(ctx.db, rows.flatMap((r) => [r.submitterUserId, ...(r.principalUserId ? [r.principalUserId] : [])]));
  return rows.map((row) => {
    const provenance = (row.provenance ?? {}) as Evidence['provenance'];
    return {
      id: row.id,
      status: row.status as Evidence['status'],
      fileName: row.fileName,
      declaredType: row.declaredType,
      mediaType: row.mediaType,
      size: row.size,
      sha256: row.sha256,
      sm3: row.sm3,
      method: row.method as ProvenanceMethod,
      provenance,
      belongsTo: row.belongsTo === 'case' && row.caseId ? { kind: 'case' as const, caseId: row.caseId } : { kind: 'preservation' as const },
      submitter: { userId: row.submitterUserId, role: row.submitterRole, orgId: row.submitterOrgId, displayName: names.get(row.submitterUserId) ?? '' },
      principal: row.principalUserId ? { userId: row.principalUserId, displayName: names.get(row.principalUserId) ?? '' } : null,
      recordedAt: row.recordedAt.toISOString(),
      preservedAt: row.preservedAt?.toISOString() ?? null,
      timestamp: row.tsaGenTime && row.tsaSerial ? { genTime: row.tsaGenTime.toISOString(), serial: row.tsaSerial, tsa: row.tsaName ?? 'internal' } : null,
      ledger: { queueId: row.ledgerQueueId, index: row.ledgerIndex },
      failure: row.failureCode
        ? { code: row.failureCode, messages: { 'zh-CN': errorText(row.failureCode, 'zh-CN', failureParams(ctx)), en: errorText(row.failureCode, 'en', failureParams(ctx)) } }
        : null,
      links: links(ctx, row),
      createdAt: row.createdAt.toISOString(),
    };
  });
}

const failureParams = (ctx: Pick<Platform, 'config'>) => ({ limit: ctx.config.ZHIBAO_EVIDENCE_MAX_BYTES, minutes: UPLOAD_WINDOW_MINUTES, reason: '-', status: 'failed' });

/** Operator-facing detail of a failure the user sees as a 503 (quiet with LOG_LEVEL=silent). */
function report(ctx: Pick<Platform, 'config'>, line: string): void {
  if (ctx.config.LOG_LEVEL !== 'silent') console.error(line);
}

// ── 1. provenance first ──

export async function recordEvidence(ctx: Ctx, input: EvidenceCreate): Promise<Evidence> {
  checkMethodFields(input);
  if (input.belongsTo.kind === 'case') throw new DomainError('evidence.case_unavailable');
  const limit = ctx.config.ZHIBAO_EVIDENCE_MAX_BYTES;
  if (input.declaredSize !== undefined && input.declaredSize > limit) throw new DomainError('evidence.too_large', { limit });
  if (input.declaredSize === 0) throw new DomainError('evidence.empty');
  let principalUserId: string | null = null;
  if (input.actingFor && input.actingFor !== ctx.actor.userId) {
    if (ctx.actor.userKind !== 'applicant') throw new DomainError('evidence.acting_for_staff');
    if (!(await applicantScope(ctx)).includes(input.actingFor)) throw new DomainError('evidence.principal_not_represented');
    principalUserId = input.actingFor;
  }
  const facts: ProvenanceFacts = {};
  if (input.webCapture) facts.webCapture = input.webCapture;
  if (input.notarisedCopy) facts.notarisedCopy = input.notarisedCopy;
  if (input.device) facts.device = input.device;
  const row = await ctx.db.transaction(async (tx) => {
    const inserted = await repo.insertEvidence(tx, {
      status: 'receiving',
      submitterUserId: ctx.actor.userId!,
      submitterRole: submitterRole(ctx),
      submitterOrgId: ctx.actor.userKind === 'applicant' ? null : ctx.actor.orgId,
      principalUserId,
      method: input.method,
      provenance: facts,
      belongsTo: 'preservation',
      fileName: input.fileName,
      declaredType: input.declaredType || null,
      recordedAt: ctx.now(),
      createdAt: ctx.now(),
      updatedAt: ctx.now(),
    });
    await recordAudit(tx, ctx.actor, {
      action: 'evidence.record',
      targetType: 'evidence',
      targetId: inserted.id,
      details: { method: input.method, principalUserId, declaredSize: input.declaredSize ?? null },
    });
    return inserted;
  });
  return (await toDtos(ctx, [row]))[0];
}

// ── 2. the file ──

async function fail(ctx: Ctx, deps: EvidenceDeps, row: EvidenceRow, error: DomainError, stored: boolean): Promise<never> {
  if (stored) await deps.storage.delete(row.id).catch(() => {});
  await repo.markFailed(ctx.db, row.id, error.code, ctx.now());
  await recordAudit(ctx.db, ctx.actor, { action: 'evidence.upload', targetType: 'evidence', targetId: row.id, outcome: 'failed', details: { code: error.code } });
  throw error;
}

/** Why a content upload cannot start on this row (the caller already knows it is in reach). */
async function refuseUpload(ctx: Ctx, row: EvidenceRow): Promise<never> {
  if (row.status === 'preserved') throw new DomainError('evidence.already_preserved');
  if (row.status === 'failed') {
    const reason = errorText(row.failureCode ?? 'internal', ctx.locale, failureParams(ctx));
    throw new DomainError('evidence.upload_failed_before', { reason });
  }
  if (row.submitterUserId !== ctx.actor.userId) throw new DomainError('evidence.not_submitter');
  throw new DomainError('evidence.upload_in_progress');
}

/**
 * Streams the file of a `receiving` record into storage and preserves it. `body` is the raw
 * request body; `declaredLength` its Content-Length, if any (an oversized one is refused before
 * a byte is read).
 */
export async function receiveContent(
  ctx: Ctx,
  deps: EvidenceDeps,
  id: string,
  body: AsyncIterable<Uint8Array> | null,
  declaredLength: number | undefined,
): Promise<Evidence> {
  const reach = await reachOf(ctx);
  const visible = await repo.findEvidenceInReach(ctx.db, id, reach);
  if (!visible) {
    await recordAudit(ctx.db, ctx.actor, { action: 'evidence.upload', targetType: 'evidence', targetId: id, outcome: 'denied' });
    throw new DomainError('not_found');
  }
  const row = await repo.claimUpload(ctx.db, id, ctx.actor.userId!, ctx.now());
  if (!row) return refuseUpload(ctx, visible);
  const limit = ctx.config.ZHIBAO_EVIDENCE_MAX_BYTES;
  if (ctx.now().getTime() - row.recordedAt.getTime() > UPLOAD_WINDOW_MINUTES * 60_000) {
    return fail(ctx, deps, row, new DomainError('evidence.upload_expired', { minutes: UPLOAD_WINDOW_MINUTES }), false);
  }
  if (declaredLength !== undefined && declaredLength > limit) return fail(ctx, deps, row, new DomainError('evidence.too_large', { limit }), false);
  if (declaredLength === 0 || !body) return fail(ctx, deps, row, new DomainError(body ? 'evidence.empty' : 'evidence.body_missing'), false);

  const intake = new EvidenceIntake(limit);
  try {
    await deps.storage.put(row.id, intake.pipe(body));
  } catch (e) {
    if (isDomainError(e)) return fail(ctx, deps, row, e, true);
    if (e instanceof StorageError) {
      report(ctx, `evidence ${row.id}: ${e.message}`);
      return fail(ctx, deps, row, new DomainError('evidence.storage_failed'), true);
    }
    // The request body failed: the client went away or the connection broke.
    return fail(ctx, deps, row, new DomainError('evidence.upload_interrupted'), true);
  }
  const file = intake.finish();
  if (file.size === 0) return fail(ctx, deps, row, new DomainError('evidence.empty'), true);

  // Trusted time over the SHA-256, checked against the TSA's published CA before it is used.
  let stamp: { token: Buffer; genTime: Date; serial: string; tsa: string };
  try {
    const tsa = await deps.tsa();
    const digest = Buffer.from(file.sha256, 'hex');
    const result = await tsa.timestamp(digest, 'sha256');
    await verifyTimestampToken(result.token, { digest, hash: 'sha256', trustedCaPem: tsa.certificatesPem().ca, tsaCertPem: tsa.certificatesPem().tsa || undefined });
    stamp = { ...result, tsa: tsaName(ctx, tsa) };
  } catch (e) {
    report(ctx, `evidence ${row.id}: timestamp failed: ${(e as Error).message}`);
    return fail(ctx, deps, row, new DomainError('evidence.tsa_unavailable'), true);
  }

  const entry = encodeEvidenceEntry({
    evidenceId: row.id,
    file,
    method: row.method as ProvenanceMethod,
    recordedAt: row.recordedAt,
    details: provenanceDetails(row.method as ProvenanceMethod, row.provenance as ProvenanceFacts, row.principalUserId),
    submitter: { userId: row.submitterUserId, role: row.submitterRole, orgId: row.submitterOrgId },
    belongsTo: { kind: 'preservation' },
    timestamp: { genTime: stamp.genTime, token: stamp.token, tsa: stamp.tsa },
  });
  let preserved: EvidenceRow;
  try {
    preserved = await ctx.db.transaction(async (tx) => {
      const { queueId } = await ledger.append(entry, tx);
      const updated = await repo.markPreserved(
        tx,
        row.id,
        {
          size: file.size,
          sha256: file.sha256,
          sm3: file.sm3,
          mediaType: file.mediaType,
          storageKey: row.id,
          tsaToken: stamp.token,
          tsaGenTime: stamp.genTime,
          tsaSerial: stamp.serial,
          tsaName: stamp.tsa,
          entry,
          ledgerQueueId: queueId,
          preservedAt: ctx.now(),
        },
        ctx.now(),
      );
      if (!updated) throw new DomainError('evidence.upload_in_progress');
      await recordAudit(tx, ctx.actor, {
        action: 'evidence.preserve',
        targetType: 'evidence',
        targetId: row.id,
        details: { sha256: file.sha256, sm3: file.sm3, size: file.size, mediaType: file.mediaType, queueId, tsaSerial: stamp.serial },
      });
      return updated;
    });
  } catch (e) {
    if (!isDomainError(e)) report(ctx, `evidence ${row.id}: preserving failed: ${(e as Error).stack ?? e}`);
    return fail(ctx, deps, row, new DomainError('evidence.storage_failed'), true);
  }
  // Acknowledged: the entry is committed. The index and a checkpoint follow within a round or two.
  try {
    const done = await ledger.awaitIntegration(ctx, preserved.ledgerQueueId!, { checkpointed: true });
    await repo.setLedgerIndex(ctx.db, row.id, done.index);
    preserved = { ...preserved, ledgerIndex: done.index };
  } catch (e) {
    if (!isDomainError(e)) throw e;
    // Still queued (another process holds the integrator): the receipt resolves the index later.
  }
  return (await toDtos(ctx, [preserved]))[0];
}

// ── reads ──

async function rowInReach(ctx: Ctx, id: string, action: string): Promise<EvidenceRow> {
  const row = await repo.findEvidenceInReach(ctx.db, id, await reachOf(ctx));
  if (!row) {
    // Out of reach looks exactly like absent (404), but the attempt is audited.
    await recordAudit(ctx.db, ctx.actor, { action, targetType: 'evidence', targetId: id, outcome: 'denied' });
    throw new DomainError('not_found');
  }
  return row;
}

export async function listEvidence(ctx: Ctx, q: EvidenceListQuery): Promise<{ items: Evidence[]; total: number }> {
  const { rows, total } = await repo.listEvidence(ctx.db, await reachOf(ctx), q);
  await recordAudit(ctx.db, ctx.actor, { action: 'evidence.list', targetType: 'evidence', details: { returned: rows.length, status: q.status ?? null, q: q.q ?? null } });
  return { items: await toDtos(ctx, rows), total };
}

export async function getEvidence(ctx: Ctx, id: string): Promise<Evidence> {
  const row = await rowInReach(ctx, id, 'evidence.read');
  await recordAudit(ctx.db, ctx.actor, { action: 'evidence.read', targetType: 'evidence', targetId: id });
  return (await toDtos(ctx, [row]))[0];
}

export async function openEvidenceFile(ctx: Ctx, deps: EvidenceDeps, id: string): Promise<{ row: EvidenceRow; stream: Readable }> {
  const row = await rowInReach(ctx, id, 'evidence.download');
  if (row.status !== 'preserved') throw new DomainError('evidence.not_preserved', { status: row.status });
  const stream = await deps.storage.get(row.storageKey!);
  await recordAudit(ctx.db, ctx.actor, { action: 'evidence.download', targetType: 'evidence', targetId: id, details: { sha256: row.sha256, size: row.size } });
  return { row, stream };
}

// ── 3. the receipt (存证凭证) ──

async function ledgerIndexOf(platform: Platform, row: EvidenceRow): Promise<number> {
  if (row.ledgerIndex !== null) return row.ledgerIndex;
  try {
    const { index } = await ledger.awaitIntegration(platform, row.ledgerQueueId!, { checkpointed: true, timeoutMs: 3000 });
    await repo.setLedgerIndex(platform.db, row.id, index);
    return index;
  } catch (e) {
    if (isDomainError(e) && e.code === 'ledger.integration_timeout') throw new DomainError('evidence.receipt_pending');
    throw e;
  }
}

/** The TSA certificate (first) and the CA chain, as the receipt lists them. */
async function tsaCertificates(deps: EvidenceDeps, row: EvidenceRow): Promise<string[]> {
  const tsa = await deps.tsa();
  const pems = tsa.certificatesPem();
  const verified = await verifyTimestampToken(row.tsaToken!, {
    digest: Buffer.from(row.sha256!, 'hex'),
    hash: 'sha256',
    trustedCaPem: pems.ca,
    tsaCertPem: pems.tsa || undefined,
  });
  return [verified.tsaCertPem, ...pemBlocks(pems.ca, 'CERTIFICATE').map((der) => toPem('CERTIFICATE', der))];
}

export async function buildReceipt(platform: Platform, deps: EvidenceDeps, row: EvidenceRow): Promise<EvidenceReceipt> {
  if (row.status !== 'preserved') throw new DomainError('evidence.not_preserved', { status: row.status });
  const index = await ledgerIndexOf(platform, row);
  const log = await openLedger(platform);
  let proved;
  try {
    proved = await log.entry(index);
  } catch (e) {
    // Integrated but the latest checkpoint does not cover it yet.
    if (isDomainError(e) && (e.code === 'ledger.entry_not_found' || e.code === 'ledger.checkpoint_not_found')) throw new DomainError('evidence.receipt_pending');
    throw e;
  }
  if (!proved.entry.equals(row.entry!)) throw new Error(`ledger entry ${index} is not the entry of evidence ${row.id}`);
  const receipt = {
    format: RECEIPT_FORMAT,
    receiptId: row.id,
    issuedAt: platform.now().toISOString(),
    issuer: platform.config.baseUrl,
    file: { name: row.fileName, sha256: row.sha256!, sm3: row.sm3!, size: row.size!, mediaType: row.mediaType! },
    entry: row.entry!.toString('base64'),
    log: { origin: log.origin, hash: log.log.hash as 'sha256' | 'sm3', index, leafHash: proved.leafHash.toString('base64') },
    tlogProof: proved.tlogProof,
    verifierKeys: [log.vkeys.ed25519, log.vkeys.sm2],
    timestamp: {
      token: row.tsaToken!.toString('base64'),
      genTime: row.tsaGenTime!.toISOString(),
      tsa: row.tsaName ?? 'internal',
      certificates: await tsaCertificates(deps, row),
    },
  };
  // What leaves is exactly the published format (a mismatch is our bug, not the caller's).
  return EvidenceReceipt.parse(receipt);
}

export async function receiptFor(ctx: Ctx, deps: EvidenceDeps, id: string): Promise<EvidenceReceipt> {
  const row = await rowInReach(ctx, id, 'evidence.receipt');
  const receipt = await buildReceipt(ctx, deps, row);
  await recordAudit(ctx.db, ctx.actor, { action: 'evidence.receipt', targetType: 'evidence', targetId: id });
  return receipt;
}

/** The public receipt (QR code): only for a caller who presents the file's SHA-256. */
export async function publicReceipt(ctx: Ctx, deps: EvidenceDeps, id: string, sha256: string): Promise<EvidenceReceipt> {
  const row = await repo.findEvidence(ctx.db, id);
  if (!row || row.status !== 'preserved' || row.sha256 !== sha256) throw new DomainError('not_found');
  return buildReceipt(ctx, deps, row);
}

/** Preserved evidence submitted by (or for) one of `userIds`: what an applicant may put before a case. */
export async function preservedEvidenceOf(db: Db, id: string, userIds: string[]): Promise<EvidenceRow | undefined> {
  const row = await repo.findEvidenceInReach(db, id, { kind: 'applicant', userIds });
  return row?.status === 'preserved' ? row : undefined;
}

// ── documents the platform issues (文书) ──

/** A rendered document, stored and time-stamped, waiting for the transaction that issues it. */
export interface PreparedIssue {
  id: string;
  fileName: string;
  file: { sha256: string; sm3: string; size: number; mediaType: string };
  stamp: { token: Buffer; genTime: Date; serial: string; tsa: string };
  recordedAt: Date;
}

/**
 * Stores an issued PDF and obtains trusted time for it, outside any transaction (the TSA may be
 * remote). `commitIssued` then writes the preserved row and its ledger entry inside the issuing
 * transaction; `discardIssued` removes the file if that transaction does not commit.
 */
export async function prepareIssued(ctx: Ctx, deps: EvidenceDeps, fileName: string, bytes: Uint8Array): Promise<PreparedIssue> {
  const id = randomUUID();
  const recordedAt = ctx.now();
  const buf = Buffer.from(bytes);
  const file = { sha256: createHash('sha256').update(buf).digest('hex'), sm3: sm3(buf).toString('hex'), size: buf.length, mediaType: 'application/pdf' };
  try {
    await deps.storage.put(id, (async function* () { yield buf; })());
  } catch (e) {
    report(ctx, `issued document ${id}: ${(e as Error).message}`);
    throw new DomainError('evidence.storage_failed');
  }
  try {
    const tsa = await deps.tsa();
    const digest = Buffer.from(file.sha256, 'hex');
    const result = await tsa.timestamp(digest, 'sha256');
    await verifyTimestampToken(result.token, { digest, hash: 'sha256', trustedCaPem: tsa.certificatesPem().ca, tsaCertPem: tsa.certificatesPem().tsa || undefined });
    return { id, fileName, file, stamp: { ...result, tsa: tsaName(ctx, tsa) }, recordedAt };
  } catch (e) {
    await deps.storage.delete(id).catch(() => {});
    report(ctx, `issued document ${id}: timestamp failed: ${(e as Error).message}`);
    throw new DomainError('evidence.tsa_unavailable');
  }
}

export async function commitIssued(tx: Db, ctx: Ctx, prepared: PreparedIssue, belongsTo: { caseId: string; kind: string }): Promise<EvidenceRow> {
  const submitter = { userId: ctx.actor.userId!, role: submitterRole(ctx), orgId: ctx.actor.orgId };
  const entry = encodeEvidenceEntry({
    evidenceId: prepared.id,
    file: prepared.file,
    method: 'issued',
    recordedAt: prepared.recordedAt,
    details: { documentKind: belongsTo.kind },
    submitter,
    belongsTo: { kind: 'case', caseId: belongsTo.caseId },
    timestamp: { genTime: prepared.stamp.genTime, token: prepared.stamp.token, tsa: prepared.stamp.tsa },
  });
  const { queueId } = await ledger.append(entry, tx);
  const now = ctx.now();
  const row = await repo.insertEvidence(tx, {
    id: prepared.id, status: 'preserved', submitterUserId: submitter.userId, submitterRole: submitter.role, submitterOrgId: submitter.orgId, principalUserId: null,
    method: 'issued', provenance: { documentKind: belongsTo.kind }, belongsTo: 'case', caseId: belongsTo.caseId, fileName: prepared.fileName, declaredType: 'application/pdf',
    mediaType: prepared.file.mediaType, size: prepared.file.size, sha256: prepared.file.sha256, sm3: prepared.file.sm3, storageKey: prepared.id, recordedAt: prepared.recordedAt,
    tsaToken: prepared.stamp.token, tsaGenTime: prepared.stamp.genTime, tsaSerial: prepared.stamp.serial, tsaName: prepared.stamp.tsa, entry, ledgerQueueId: queueId,
    preservedAt: now, createdAt: now, updatedAt: now,
  });
  await recordAudit(tx, ctx.actor, { action: 'evidence.issue', targetType: 'evidence', targetId: prepared.id, details: { caseId: belongsTo.caseId, kind: belongsTo.kind, sha256: prepared.file.sha256, queueId } });
  return row;
}

export async function discardIssued(deps: EvidenceDeps, prepared: PreparedIssue): Promise<void> {
  await deps.storage.delete(prepared.id).catch(() => {});
}

/** The stored file and receipt of evidence the caller has already been allowed to see (through its case). */
export async function openPreservedFile(deps: EvidenceDeps, db: Db, id: string): Promise<{ row: EvidenceRow; stream: Readable }> {
  const row = await repo.findEvidence(db, id);
  if (!row || row.status !== 'preserved') throw new DomainError('not_found');
  return { row, stream: await deps.storage.get(row.storageKey!) };
}

export async function receiptOfPreserved(platform: Platform, deps: EvidenceDeps, id: string): Promise<EvidenceReceipt> {
  const row = await repo.findEvidence(platform.db, id);
  if (!row) throw new DomainError('not_found');
  return buildReceipt(platform, deps, row);
}
