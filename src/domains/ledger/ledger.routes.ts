import { z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { ctxOf } from '../../platform/http/base-app';
import type { AppEnv, Platform } from '../../platform/http/context';
import { body, json, problems, tag } from '../../platform/http/openapi-helpers';
import { ProblemSchema } from '../../platform/http/problem';
import { route } from '../../platform/http/route';
import type { CheckpointRow } from './ledger.repo';
import * as S from './ledger.schemas';
import { openLedger, preserveEntry } from './ledger.service';

/**
 * The ledger over HTTP. Everything is public and read-only except `POST /api/ledger/entries`.
 *
 * C2SP tlog-tiles under `/ledger` (what auditors and witnesses use to compute proofs themselves):
 *   GET /ledger/checkpoint                 latest signed checkpoint (text)
 *   GET /ledger/tile/<L>/<N>[.p/<W>]       hash tiles (binary, 32 bytes per hash)
 *   GET /ledger/tile/entries/<N>[.p/<W>]   entry bundles (uint16-length-prefixed entries)
 * Tile paths hold slashes in N (x001/x234/067), which OpenAPI path templates cannot express, so
 * they are plain Hono routes (documented in docs/ledger.md); the rest are in the OpenAPI document.
 */

export const TILES_PREFIX = '/ledger';
// Full tiles and bundles never change; the checkpoint and partial tiles move on as the log grows.
const IMMUTABLE = 'public, max-age=31536000, immutable';
const SHORT = 'public, max-age=2';

const problem404 = { 404: json(ProblemSchema, 'Not in the signed tree') };

function checkpointDto(cp: CheckpointRow) {
  return {
    size: cp.size,
    root: cp.root.toString('base64'),
    note: cp.note,
    createdAt: cp.createdAt.toISOString(),
    tsaToken: cp.tsaToken ? cp.tsaToken.toString('base64') : null,
  };
}

const b64 = (b: Buffer) => b.toString('base64');

export function registerLedgerRoutes(app: OpenAPIHono<AppEnv>, platform: Platform) {
  const ledgerOf = () => openLedger(platform);

  app.openapi(
    route({
      method: 'get', path: '/ledger/checkpoint', permission: 'public', ...tag('Ledger'), operationId: 'ledgerCheckpointNote',
      summary: 'tlog-tiles: the latest signed checkpoint (c2sp.org/tlog-checkpoint, Ed25519 and SM2 signatures)',
      responses: { 200: { content: { 'text/plain': { schema: z.string() } }, description: 'Checkpoint note' } },
    }),
    async (c) => {
      const latest = await (await ledgerOf()).latestCheckpoint();
      c.header('cache-control', SHORT);
      return c.text(latest.note, 200) as never;
    },
  );

  app.get(`${TILES_PREFIX}/tile/*`, async (c: Context<AppEnv>) => {
    const tile = await (await ledgerOf()).tile(c.req.path.slice(TILES_PREFIX.length + 1));
    return c.body(new Uint8Array(tile.bytes), 200, {
      'content-type': 'application/octet-stream',
      'cache-control': tile.immutable ? IMMUTABLE : SHORT,
    });
  });

  app.openapi(
    route({
      method: 'get', path: '/api/ledger', permission: 'public', ...tag('Ledger'), operationId: 'ledgerInfo',
      summary: 'The evidence ledger (数据存证): origin, hash, latest signed checkpoint, verifier keys',
      responses: { 200: json(S.LedgerInfo, 'Ledger overview') },
    }),
    async (c) => {
      const { log, latest, integratedSize, pending } = await (await ledgerOf()).status();
      c.header('cache-control', SHORT);
      return c.json(
        {
          origin: log.origin,
          hash: log.hash,
          size: latest.size,
          root: b64(latest.root),
          checkpoint: latest.note,
          integratedSize,
          pending,
          vkeys: { ed25519: log.ed25519Vkey, sm2: log.sm2Vkey },
          tiles: TILES_PREFIX,
          createdAt: log.createdAt.toISOString(),
        },
        200,
      );
    },
  );

  app.openapi(
    route({
      method: 'get', path: '/api/ledger/vkeys', permission: 'public', ...tag('Ledger'), operationId: 'ledgerVerifierKeys',
      summary: 'Verifier keys of the checkpoint signatures, one Go note vkey per line (Ed25519, then SM2)',
      responses: { 200: { content: { 'text/plain': { schema: z.string() } }, description: 'Verifier keys' } },
    }),
    async (c) => {
      const { vkeys } = await ledgerOf();
      c.header('cache-control', SHORT);
      return c.text(`${vkeys.ed25519}\n${vkeys.sm2}\n`, 200) as never;
    },
  );

  app.openapi(
    route({
      method: 'get', path: '/api/ledger/checkpoints', permission: 'public', ...tag('Ledger'), operationId: 'listLedgerCheckpoints',
      summary: 'Signed checkpoints in size order (page with `after`)',
      request: { query: S.CheckpointListQuery },
      responses: { 200: json(S.LedgerCheckpointPage, 'Checkpoints'), ...problems },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const rows = await (await ledgerOf()).listCheckpoints(q.after, q.limit);
      c.header('cache-control', SHORT);
      return c.json({ items: rows.map(checkpointDto), nextAfter: rows.length === q.limit ? rows[rows.length - 1].size : null }, 200);
    },
  );

  app.openapi(
    route({
      method: 'get', path: '/api/ledger/checkpoints/{size}', permission: 'public', ...tag('Ledger'), operationId: 'getLedgerCheckpoint',
      summary: 'The signed checkpoint of one tree size',
      request: { params: S.SizePath },
      responses: { 200: json(S.LedgerCheckpoint, 'Checkpoint'), ...problems, ...problem404 },
    }),
    async (c) => {
      const cp = await (await ledgerOf()).checkpoint(c.req.valid('param').size);
      // Short: the RFC 3161 token may still arrive.
      c.header('cache-control', SHORT);
      return c.json(checkpointDto(cp), 200);
    },
  );

  app.openapi(
    route({
      method: 'get', path: '/api/ledger/proof/inclusion', permission: 'public', ...tag('Ledger'), operationId: 'ledgerInclusionProof',
      summary: 'Inclusion proof of a leaf in a signed tree (RFC 9162 §2.1.3)',
      request: { query: S.InclusionQuery },
      responses: { 200: json(S.LedgerInclusionProof, 'Inclusion proof'), ...problems, ...problem404 },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const p = await (await ledgerOf()).inclusionProof(q.index, q.size);
      c.header('cache-control', q.size === undefined ? SHORT : IMMUTABLE);
      return c.json({ index: p.index, size: p.size, leafHash: b64(p.leafHash), proof: p.proof.map(b64), root: b64(p.checkpoint.root), checkpoint: p.checkpoint.note }, 200);
    },
  );

  app.openapi(
    route({
      method: 'get', path: '/api/ledger/proof/consistency', permission: 'public', ...tag('Ledger'), operationId: 'ledgerConsistencyProof',
      summary: 'Consistency proof between two signed trees (RFC 9162 §2.1.4)',
      request: { query: S.ConsistencyQuery },
      responses: { 200: json(S.LedgerConsistencyProof, 'Consistency proof'), ...problems, ...problem404 },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const p = await (await ledgerOf()).consistencyProof(q.size1, q.size2);
      c.header('cache-control', q.size2 === undefined ? SHORT : IMMUTABLE);
      return c.json(
        {
          size1: p.size1,
          size2: p.size2,
          proof: p.proof.map(b64),
          root1: b64(p.checkpoint1.root),
          root2: b64(p.checkpoint2.root),
          checkpoint1: p.checkpoint1.note,
          checkpoint2: p.checkpoint2.note,
        },
        200,
      );
    },
  );

  app.openapi(
    route({
      method: 'get', path: '/api/ledger/entries/{index}', permission: 'public', ...tag('Ledger'), operationId: 'getLedgerEntry',
      summary: 'An entry with its inclusion proof against the latest checkpoint, also as a c2sp.org/tlog-proof bundle',
      request: { params: S.IndexPath, query: S.EntryQuery },
      responses: {
        200: { content: { 'application/json': { schema: S.LedgerEntry }, 'text/plain': { schema: z.string() } }, description: 'Entry and proof' },
        ...problems,
        ...problem404,
      },
    }),
    async (c) => {
      const { index } = c.req.valid('param');
      const e = await (await ledgerOf()).entry(index);
      c.header('cache-control', SHORT);
      if (c.req.valid('query').format === 'tlog-proof') {
        c.header('content-disposition', `attachment; filename="zhibao-ledger-${index}.tlog-proof"`);
        return c.text(e.tlogProof, 200) as never;
      }
      return c.json(
        {
          index,
          entry: b64(e.entry),
          leafHash: b64(e.leafHash),
          integratedAt: e.integratedAt.toISOString(),
          size: e.size,
          proof: e.proof.map(b64),
          checkpoint: e.checkpoint.note,
          tlogProof: e.tlogProof,
        },
        200,
      );
    },
  );

  app.openapi(
    route({
      method: 'post', path: '/api/ledger/entries', permission: 'ledger.append', ...tag('Ledger'), operationId: 'appendLedgerEntry',
      summary: 'Preserve an opaque entry in the ledger (system clients); answered once the entry is committed to the queue',
      request: body(S.AppendRequest),
      responses: { 202: json(S.AppendResponse, 'Queued (and, if asked, sequenced or checkpointed)'), 503: json(ProblemSchema, 'Not sequenced in time'), ...problems },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const result = await preserveEntry(ctxOf(c, platform), Buffer.from(input.entry, 'base64'), input.wait);
      return c.json(result, 202);
    },
  );
}
