import { z } from '@hono/zod-openapi';

/** Input and output DTOs of the ledger API. Hashes, entries and tokens travel as standard base64. */

const Base64 = z.string().regex(/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/, '应为标准 base64 / must be standard base64');
const Count = z.number().int().min(0);
const SizeParam = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const LedgerInfo = z
  .object({
    origin: z.string().openapi({ description: 'The log’s origin, first line of every checkpoint', example: 'localhost/zhibao/ledger' }),
    hash: z.enum(['sha256', 'sm3']).openapi({ description: 'Tree hash (RFC 6962 construction)' }),
    size: Count.openapi({ description: 'Size of the latest signed checkpoint' }),
    root: Base64.openapi({ description: 'Root hash of the latest signed checkpoint' }),
    checkpoint: z.string().openapi({ description: 'The latest signed checkpoint (c2sp.org/tlog-checkpoint note)' }),
    integratedSize: Count.openapi({ description: 'Entries sequenced so far (a checkpoint follows shortly)' }),
    pending: Count.openapi({ description: 'Entries queued and not yet sequenced' }),
    vkeys: z.object({ ed25519: z.string(), sm2: z.string() }).openapi({ description: 'Verifier keys of the checkpoint signatures (Go note vkey format)' }),
    tiles: z.string().openapi({ description: 'URL prefix of the C2SP tlog-tiles endpoints', example: '/ledger' }),
    createdAt: z.string(),
  })
  .openapi('LedgerInfo');

export const LedgerCheckpoint = z
  .object({
    size: Count,
    root: Base64,
    note: z.string().openapi({ description: 'Signed note: origin, size, base64 root, then Ed25519 and SM2 signature lines' }),
    createdAt: z.string(),
    tsaToken: Base64.nullable().openapi({ description: 'RFC 3161 time-stamp token over the note, once one has been obtained' }),
  })
  .openapi('LedgerCheckpoint');

export const LedgerCheckpointPage = z
  .object({ items: z.array(LedgerCheckpoint), nextAfter: Count.nullable() })
  .openapi('LedgerCheckpointPage');

export const CheckpointListQuery = z.object({
  after: z.coerce.number().int().min(-1).max(Number.MAX_SAFE_INTEGER).default(-1).openapi({ description: 'Page: checkpoints with a size above this' }),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const SizePath = z.object({ size: SizeParam.openapi({ param: { name: 'size', in: 'path' }, example: 42 }) });
export const IndexPath = z.object({ index: SizeParam.openapi({ param: { name: 'index', in: 'path' }, example: 0 }) });

export const InclusionQuery = z.object({
  index: SizeParam.openapi({ description: 'Leaf index' }),
  size: SizeParam.optional().openapi({ description: 'Size of a signed checkpoint (default: the latest)' }),
});

export const ConsistencyQuery = z.object({
  size1: SizeParam.openapi({ description: 'Size of the older signed checkpoint (≥ 1)' }),
  size2: SizeParam.optional().openapi({ description: 'Size of the newer signed checkpoint (default: the latest)' }),
});

export const LedgerInclusionProof = z
  .object({
    index: Count,
    size: Count,
    leafHash: Base64,
    proof: z.array(Base64).openapi({ description: 'RFC 9162 §2.1.3 audit path, leaf sibling first' }),
    root: Base64,
    checkpoint: z.string(),
  })
  .openapi('LedgerInclusionProof');

export const LedgerConsistencyProof = z
  .object({
    size1: Count,
    size2: Count,
    proof: z.array(Base64).openapi({ description: 'RFC 9162 §2.1.4 consistency path' }),
    root1: Base64,
    root2: Base64,
    checkpoint1: z.string(),
    checkpoint2: z.string(),
  })
  .openapi('LedgerConsistencyProof');

export const LedgerEntry = z
  .object({
    index: Count,
    entry: Base64,
    leafHash: Base64,
    integratedAt: z.string(),
    size: Count.openapi({ description: 'Size of the checkpoint the proof is against (the latest)' }),
    proof: z.array(Base64),
    checkpoint: z.string(),
    tlogProof: z.string().openapi({ description: 'The same proof as a c2sp.org/tlog-proof@v1 text (a `.tlog-proof` file)' }),
  })
  .openapi('LedgerEntry');

export const EntryQuery = z.object({
  format: z.enum(['json', 'tlog-proof']).default('json').openapi({ description: '`tlog-proof`: only the `.tlog-proof` file, as text' }),
});

export const AppendRequest = z
  .object({
    entry: Base64.min(1).max(87_380).openapi({ description: 'The entry bytes, base64 (1 to 65,535 bytes)' }),
    wait: z
      .enum(['none', 'integrated', 'checkpointed'])
      .default('none')
      .openapi({ description: 'Answer at once (`none`), or once the entry has an index, or once a signed checkpoint covers it (up to 10 s)' }),
  })
  .strict()
  .openapi('LedgerAppendRequest');

export const AppendResponse = z
  .object({
    queueId: Count.openapi({ description: 'Receipt number of the queued entry; the entry is durable (committed) when this answer is sent' }),
    index: Count.nullable().openapi({ description: 'Leaf index, when asked to wait for it' }),
    checkpointSize: Count.nullable().openapi({ description: 'Size of a signed checkpoint covering the entry, when asked to wait for it' }),
  })
  .openapi('LedgerAppendResponse');
