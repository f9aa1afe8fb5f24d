import { createHash } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import type { Config } from '../../platform/config';
import type { Database, Db } from '../../platform/db/client';
import { recordAudit } from '../../platform/audit/audit';
import type { Ctx, Platform } from '../../platform/http/context';
import { isValidOrigin, signCheckpoint, verifyCheckpoint } from './crypto/checkpoint';
import { createNoteVerifier, openNote, type NoteVerifier } from './crypto/note';
import * as repo from './ledger.repo';
import type { CheckpointRow, LogRow } from './ledger.repo';
import { ledgerError } from './ledger.errors';
import { loadLedgerSigners, type LedgerSigners } from './ledger.keys';
import {
  assembleProof,
  CompactRange,
  computeRoot,
  encodeEntryBundle,
  formatTlogProof,
  generateConsistencyProof,
  HASH_SIZE,
  inclusionProofPlan,
  merkleError,
  merkleHasher,
  parseTilePath,
  RightEdgeCache,
  TILE_WIDTH,
  verifyConsistency,
  withCachedEdge,
  type Hasher,
} from './merkle';
import { appendToStrata, partialStrata, strataOfTile, stratumKey, tileWidthAt } from './tile-layout';
import { fetchStrata, StratumCache, storedNodeSource } from './tile-store';

/**
 * The evidence ledger (数据存证) service: one RFC 6962 Merkle log per database, fed through a
 * queue and sequenced by an integrator, with C2SP tlog-checkpoint notes signed by Ed25519 and SM2.
 *
 *   append (caller's transaction)  →  ledger_queue
 *   integrator, one at a time across processes (advisory lock), per batch in ONE transaction:
 *     queue rows → consecutive indexes → ledger_entries, tiles, compact range; queue rows deleted
 *   after that commit, in a second transaction under the same lock:
 *     check the new state extends the last signed checkpoint → sign → ledger_checkpoints
 *
 * So an entry is durable before any checkpoint covers it, and no checkpoint is signed that is
 * not consistent with the one before. Design notes: docs/ledger.md.
 */

export interface IntegrationResult {
  /** Entries this call sequenced. */
  integrated: number;
  /** Integrated tree size after the call (as far as this process saw). */
  size: number;
  /** The checkpoint this call signed, if any. */
  checkpoint: CheckpointRow | null;
  /** True when the call stopped with entries still queued (its time budget ran out). */
  more: boolean;
}

interface BatchResult {
  locked: boolean;
  count: number;
  size: number;
}

export interface LedgerOptions {
  /** Most entries sequenced per transaction. */
  batchSize?: number;
  /** Strata (960 bytes each) kept in memory for proofs and tiles (default 8192). */
  cacheStrata?: number;
  /** Where the integrator reports problems (default: stderr unless LOG_LEVEL is silent). */
  log?: (line: string) => void;
}

export interface AwaitOptions {
  /** Give up after this long (default 10 s) with `ledger.integration_timeout`. */
  timeoutMs?: number;
  /** Also wait until a signed checkpoint covers the entry (what a receipt needs). */
  checkpointed?: boolean;
}

export interface InclusionProof {
  index: number;
  size: number;
  leafHash: Buffer;
  proof: Buffer[];
  checkpoint: CheckpointRow;
}

export interface ConsistencyProof {
  size1: number;
  size2: number;
  proof: Buffer[];
  checkpoint1: CheckpointRow;
  checkpoint2: CheckpointRow;
}

export interface LedgerEntry extends InclusionProof {
  entry: Buffer;
  integratedAt: Date;
  /** The C2SP tlog-proof text (`.tlog-proof`) for the entry against `checkpoint`. */
  tlogProof: string;
}

export interface TileContent {
  bytes: Buffer;
  /** Full tiles and full entry bundles never change. */
  immutable: boolean;
}

// An integration call runs batches until the queue is empty or this much time has passed, then signs.
const ROUND_BUDGET_MS = 1000;

function splitBorder(bytes: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += HASH_SIZE) out.push(bytes.subarray(at, at + HASH_SIZE));
  return out;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class Ledger {
  readonly hasher: Hasher;
  readonly verifiers: NoteVerifier[];
  readonly batchSize: number;
  private readonly cache: StratumCache;
  // Ragged-edge proof elements of recent tree sizes (immutable once the tree has that size).
  private readonly edges = new RightEdgeCache();
  // Checkpoints by size for proofs: size, root and note never change once signed.
  private readonly signed = new Map<number, CheckpointRow>();
  private readonly report: (line: string) => void;
  private running: Promise<IntegrationResult> | null = null;
  private next: Promise<IntegrationResult> | null = null;
  private halted: string | null = null;
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private lastReport = { text: '', at: 0 };

  constructor(
    readonly db: Db,
    readonly log: LogRow,
    private readonly signers: LedgerSigners,
    opts: LedgerOptions = {},
  ) {
    this.hasher = merkleHasher(log.hash);
    this.verifiers = [createNoteVerifier(log.ed25519Vkey), createNoteVerifier(log.sm2Vkey)];
    this.batchSize = opts.batchSize ?? 2000;
    this.cache = new StratumCache(opts.cacheStrata ?? 8192);
    this.report = opts.log ?? ((line) => console.error(line));
  }

  get origin(): string {
    return this.log.origin;
  }

  /** The verifier keys (Go note vkey text) that check this log's checkpoints. */
  get vkeys(): { ed25519: string; sm2: string } {
    return { ed25519: this.log.ed25519Vkey, sm2: this.log.sm2Vkey };
  }

  get keySource(): LedgerSigners['source'] {
    return this.signers.source;
  }

  // -------------------------------------------------------------------------------------------
  // Integration

  /**
   * Sequences one batch of queued entries in one transaction, if this process gets the log's
   * lock. Indexes continue from the stored size; the batch's nodes go into the strata, the
   * compact range moves on, and the queue rows go, all or nothing.
   */
  async integrateBatch(limit = this.batchSize): Promise<BatchResult> {
    const logId = this.log.id;
    const written = await this.db.transaction(async (tx) => {
      if (!(await repo.tryLockLog(tx, logId))) return { locked: false, count: 0, size: -1, strata: [] };
      const state = await repo.readState(tx, logId);
      const queued = await repo.readQueue(tx, limit);
      if (queued.length === 0) return { locked: true, count: 0, size: state.size, strata: [] };
      const latest = await repo.latestCheckpoint(tx, logId);
      if (latest && latest.size > state.size) {
        throw this.halt(`the stored tree (${state.size}) is smaller than the signed checkpoint (${latest.size})`);
      }

      const range = CompactRange.fromBorder(this.hasher, state.size, splitBorder(state.compactRange));
      const expected = partialStrata(state.size);
      const partials = await repo.readStrata(tx, logId, expected);
      for (const p of expected) {
        const got = partials.find((s) => s.level === p.level && s.index === p.index);
        if (!got || got.width !== p.width) {
          throw this.halt(`stratum ${p.level}/${p.index} holds ${got?.width ?? 0} hashes where the tree of ${state.size} has ${p.width}`);
        }
      }

      const leafHashes = queued.map((q) => this.hasher.hashLeaf(q.entry));
      const strata = appendToStrata(range, partials, leafHashes);
      const queueIds = queued.map((q) => q.id);
      const moved = await repo.moveQueuedToLog(tx, logId, state.size, queueIds, leafHashes);
      if (moved !== queueIds.length) throw new Error(`ledger queue: moved ${moved} of ${queueIds.length} rows`);
      if (!(await repo.writeStrata(tx, logId, strata))) throw this.halt('a stored stratum did not grow as the append expected');
      const next = { size: range.size, compactRange: Buffer.concat(range.borderHashes), root: range.root() };
      // Belt and braces: the advisory lock already keeps other integrators out.
      if (!(await repo.advanceState(tx, logId, state.size, next))) throw new Error('ledger state moved during integration');
      return { locked: true, count: queued.length, size: range.size, strata };
    });
    // Only committed nodes may be served from memory.
    for (const s of written.strata) this.cache.put(s);
    return { locked: written.locked, count: written.count, size: written.size };
  }

  /**
   * Signs a checkpoint for the integrated size if none exists yet, in its own transaction under
   * the log's lock, after checking that the stored tree has the state's root and extends the
   * last signed checkpoint (a verified consistency proof). Returns null when there is nothing to
   * sign or another process holds the lock.
   */
  async signPending(): Promise<CheckpointRow | null> {
    const logId = this.log.id;
    return this.db.transaction(async (tx) => {
      if (!(await repo.tryLockLog(tx, logId))) return null;
      const state = await repo.readState(tx, logId);
      const latest = await repo.latestCheckpoint(tx, logId);
      if (latest && latest.size === state.size) {
        if (!latest.root.equals(state.root)) throw this.halt(`the state at size ${state.size} has another root than its checkpoint`);
        return null;
      }
      if (latest && latest.size > state.size) {
        throw this.halt(`the stored tree (${state.size}) is smaller than the signed checkpoint (${latest.size})`);
      }
      await this.checkExtends(tx, state, latest);
      const note = signCheckpoint({ origin: this.log.origin, size: state.size, rootHash: state.root, extensions: [] }, [this.signers.ed25519, this.signers.sm2]);
      // What we publish must verify with what we publish: both keys, every time.
      if (openNote(note, this.verifiers).signatures.length !== 2) throw this.halt('a fresh checkpoint does not verify with both keys');
      return repo.insertCheckpoint(tx, logId, state.size, state.root, note);
    });
  }

  /** Throws (and halts this process's integrator) unless the stored tree of `state.size` extends `latest`. */
  private async checkExtends(tx: Db, state: repo.StateRow, latest: CheckpointRow | undefined): Promise<void> {
    // Read from the database, not the cache: the check is about what is stored.
    const source = storedNodeSource(tx, this.log.id);
    const root = await computeRoot(source, this.hasher, state.size);
    if (!root.equals(state.root)) throw this.halt(`the stored tree of ${state.size} leaves does not have the state's root`);
    if (!latest) return;
    const { checkpoint } = verifyCheckpoint(latest.note, this.verifiers, { origin: this.log.origin });
    if (checkpoint.size !== latest.size || !checkpoint.rootHash.equals(latest.root)) {
      throw this.halt(`the stored checkpoint ${latest.size} does not match its note`);
    }
    if (latest.size === 0) return;
    const proof = await generateConsistencyProof(source, this.hasher, latest.size, state.size);
    const check = verifyConsistency(this.hasher, latest.size, state.size, proof, latest.root, state.root);
    if (!check.ok) throw this.halt(`no valid consistency proof from ${latest.size} to ${state.size} (${check.code})`);
  }

  private halt(reason: string): Error {
    this.halted = reason;
    return ledgerError('ledger.inconsistent', { reason });
  }

  /** Why this process stopped integrating (an inconsistency it refuses to sign over), or null. */
  get haltedBecause(): string | null {
    return this.halted;
  }

  /**
   * One integration call: batches until the queue is drained (or about a second has passed),
   * then a checkpoint for the new size. Safe to call concurrently, from any process.
   */
  async integrate(): Promise<IntegrationResult> {
    if (this.halted) throw ledgerError('ledger.inconsistent', { reason: this.halted });
    const started = Date.now();
    let integrated = 0;
    let size = -1;
    let more = false;
    for (;;) {
      const batch = await this.integrateBatch();
      if (!batch.locked) break;
      integrated += batch.count;
      size = batch.size;
      if (batch.count < this.batchSize) break;
      if (Date.now() - started > ROUND_BUDGET_MS) {
        more = true;
        break;
      }
    }
    const checkpoint = await this.signPending();
    if (checkpoint) size = checkpoint.size;
    return { integrated, size, checkpoint, more };
  }

  /** `integrate()`, coalesced within this process: callers arriving during a call share the next one. */
  round(): Promise<IntegrationResult> {
    if (!this.running) {
      this.running = this.integrate().finally(() => {
        this.running = null;
      });
      return this.running;
    }
    this.next ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.next = null;
        return this.round();
      });
    return this.next;
  }

  /** Asks for a round soon without waiting for it (e.g. after committing entries a receipt will need). */
  trigger(): void {
    this.round().catch((e: Error) => this.problem(`账本整合失败 / ledger integration failed: ${e.message}`));
  }

  /** Runs `round()` every `intervalMs` while there is work (timer unref'd, rounds never overlap). */
  start(intervalMs: number): void {
    if (!this.stopped) return;
    this.stopped = false;
    const schedule = (delay: number) => {
      if (this.stopped) return;
      this.timer = setTimeout(async () => {
        let again = false;
        try {
          if (this.halted) {
            this.problem(`账本已停止签名 / ledger integrator halted: ${this.halted}`);
          } else if (await repo.hasWork(this.db, this.log.id)) {
            again = (await this.round()).more;
          }
        } catch (e) {
          this.problem(`账本整合失败 / ledger integration failed: ${(e as Error).message}`);
        }
        schedule(again ? 0 : intervalMs);
      }, delay);
      this.timer.unref();
    };
    schedule(0);
  }

  /** Stops the timer and waits for a round in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await Promise.allSettled([this.running, this.next]);
  }

  // The same message at most once a minute: a database outage must not flood the log.
  private problem(text: string): void {
    const now = Date.now();
    if (text === this.lastReport.text && now - this.lastReport.at < 60_000) return;
    this.lastReport = { text, at: now };
    this.report(text);
  }

  /**
   * Waits until the queued entry `queueId` has an index (and, with `checkpointed`, until a signed
   * checkpoint covers it), running integration rounds meanwhile. Call it after the appending
   * transaction committed; an id that is neither queued nor integrated is `ledger.queue_entry_not_found`.
   */
  async awaitIntegration(queueId: number, opts: AwaitOptions = {}): Promise<{ index: number; checkpoint: CheckpointRow | null }> {
    const timeoutMs = opts.timeoutMs ?? 10_000;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = await repo.entryIndexOfQueueId(this.db, queueId);
      if (index !== undefined) {
        if (!opts.checkpointed) return { index, checkpoint: null };
        const latest = await repo.latestCheckpoint(this.db, this.log.id);
        if (latest && latest.size > index) return { index, checkpoint: latest };
      } else if (!(await repo.isQueued(this.db, queueId))) {
        // Integrated between the two reads, or never committed.
        if ((await repo.entryIndexOfQueueId(this.db, queueId)) === undefined) throw ledgerError('ledger.queue_entry_not_found', { queueId });
        continue;
      }
      if (Date.now() > deadline) throw ledgerError('ledger.integration_timeout', { queueId, ms: timeoutMs });
      const r = await this.round();
      // Another process holds the lock: it is integrating; look again shortly.
      if (r.integrated === 0 && !r.checkpoint) await sleep(20);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Reads (only what a signed checkpoint covers)

  async latestCheckpoint(): Promise<CheckpointRow> {
    const latest = await repo.latestCheckpoint(this.db, this.log.id);
    if (!latest) throw ledgerError('ledger.checkpoint_not_found', { size: 'latest' });
    return latest;
  }

  /** The signed checkpoint of `size` (the latest when undefined). */
  async checkpoint(size?: number): Promise<CheckpointRow> {
    if (size === undefined) return this.latestCheckpoint();
    const row = await repo.checkpointAt(this.db, this.log.id, size);
    if (!row) throw ledgerError('ledger.checkpoint_not_found', { size });
    return row;
  }

  async listCheckpoints(after: number, limit: number): Promise<CheckpointRow[]> {
    return repo.listCheckpoints(this.db, this.log.id, after, limit);
  }

  /** A signed checkpoint for proofs (the latest when undefined), remembered by size. */
  private async signedTree(size?: number): Promise<CheckpointRow> {
    const known = size === undefined ? undefined : this.signed.get(size);
    if (known) return known;
    const row = await this.checkpoint(size);
    if (this.signed.size >= 256) this.signed.delete(this.signed.keys().next().value!);
    this.signed.set(row.size, row);
    return row;
  }

  /** Inclusion proof of leaf `index` in the signed tree of `size` (default: the latest). */
  async inclusionProof(index: number, size?: number): Promise<InclusionProof> {
    const checkpoint = await this.signedTree(size);
    // A cached ragged-edge element replaces its nodes: fewer to read, nothing to fold.
    const plan = withCachedEdge(inclusionProofPlan(index, checkpoint.size), this.edges);
    // The leaf hash rides along in the same read.
    const hashes = await storedNodeSource(this.db, this.log.id, this.cache).getNodes([...plan.nodes, { level: 0, index }]);
    const leafHash = hashes.pop()!;
    return { index, size: checkpoint.size, leafHash, proof: assembleProof(plan, hashes, this.hasher, this.edges), checkpoint };
  }

  /** Consistency proof between two signed trees (`size2` default: the latest). */
  async consistencyProof(size1: number, size2?: number): Promise<ConsistencyProof> {
    const checkpoint2 = await this.signedTree(size2);
    if (size1 > checkpoint2.size) throw merkleError('merkle.size_order', { size1, size2: checkpoint2.size });
    if (size1 === 0) throw merkleError('merkle.consistency_from_empty');
    const checkpoint1 = await this.signedTree(size1);
    const source = storedNodeSource(this.db, this.log.id, this.cache);
    const proof = await generateConsistencyProof(source, this.hasher, size1, checkpoint2.size, this.edges);
    return { size1, size2: checkpoint2.size, proof, checkpoint1, checkpoint2 };
  }

  /** Entry `index` with its inclusion proof against the latest checkpoint. */
  async entry(index: number): Promise<LedgerEntry> {
    const latest = await this.latestCheckpoint();
    if (index >= latest.size) throw ledgerError('ledger.entry_not_found', { index, size: latest.size });
    const row = await repo.readEntry(this.db, this.log.id, index);
    if (!row) throw ledgerError('ledger.entry_not_found', { index, size: latest.size });
    const proof = await this.inclusionProof(index, latest.size);
    if (!proof.leafHash.equals(row.leafHash)) throw this.halt(`entry ${index} does not match its leaf in the tree`);
    const tlogProof = formatTlogProof({ index, proof: proof.proof, checkpoint: latest.note });
    return { ...proof, entry: row.entry, integratedAt: row.integratedAt, tlogProof };
  }

  /** A tile or entry bundle (path relative to the tiles prefix, e.g. `tile/0/x001/234.p/7`) of the latest signed tree. */
  async tile(path: string): Promise<TileContent> {
    const parsed = parseTilePath(path);
    const { size } = await this.latestCheckpoint();
    const tileLevel = parsed.kind === 'hashes' ? parsed.level : 0;
    if (parsed.width > tileWidthAt(size, tileLevel, parsed.index)) throw ledgerError('ledger.tile_not_found', { path, size });
    const immutable = parsed.width === TILE_WIDTH;
    if (parsed.kind === 'entries') {
      const first = parsed.index * TILE_WIDTH;
      const entries = await repo.readEntries(this.db, this.log.id, first, first + parsed.width);
      if (entries.length !== parsed.width) throw merkleError('merkle.node_missing', { level: 0, index: first + entries.length });
      return { bytes: encodeEntryBundle(entries), immutable };
    }
    const parts = strataOfTile(parsed.level, parsed.index, parsed.width);
    const strata = await fetchStrata(this.db, this.log.id, parts, this.cache);
    const hashes = parts.map((p) => {
      const s = strata.get(stratumKey(p.level, p.index));
      if (!s || s.width < p.minWidth) throw merkleError('merkle.node_missing', { level: p.level * 4, index: p.index * 16 });
      return s.nodes.subarray(0, p.minWidth * HASH_SIZE);
    });
    return { bytes: Buffer.concat(hashes), immutable };
  }

  /** Overview: parameters, the latest checkpoint, how far integration is, what waits. */
  async status() {
    const [latest, state, pending] = await Promise.all([this.latestCheckpoint(), repo.readState(this.db, this.log.id), repo.countQueued(this.db)]);
    return { log: this.log, latest, integratedSize: state.size, pending };
  }

  /** The time-stamping hook: signed checkpoints that have no RFC 3161 token yet, oldest first. */
  async checkpointsAwaitingTimestamp(limit = 100): Promise<CheckpointRow[]> {
    return repo.checkpointsAwaitingTimestamp(this.db, this.log.id, limit);
  }

  /** Stores the RFC 3161 token over checkpoint `size`'s note (once; false when it had one). */
  async attachTimestamp(size: number, token: Uint8Array): Promise<boolean> {
    return repo.setTimestampToken(this.db, this.log.id, size, token);
  }

  /** Checks at start that the stored compact range is the right border of the stored tree. */
  async verifyStoredState(): Promise<void> {
    const state = await repo.readState(this.db, this.log.id);
    const stored = CompactRange.fromBorder(this.hasher, state.size, splitBorder(state.compactRange));
    const rebuilt = await CompactRange.resume(storedNodeSource(this.db, this.log.id), this.hasher, state.size);
    const same = stored.borderHashes.every((h, i) => h.equals(rebuilt.borderHashes[i]));
    if (!same || !stored.root().equals(state.root)) throw this.halt(`the stored compact range of size ${state.size} does not match the stored tree`);
  }
}

// ---------------------------------------------------------------------------------------------
// Opening (one Ledger per database handle)

const opened = new WeakMap<Database, Promise<Ledger>>();

type LedgerPlatform = Pick<Platform, 'config' | 'database' | 'db'>;

function checkParameters(config: Config, log: LogRow): void {
  const configured = config.ZHIBAO_LEDGER_ORIGIN;
  if (configured !== undefined && configured !== log.origin) {
    throw ledgerError('ledger.config_mismatch', { origin: log.origin, name: 'ZHIBAO_LEDGER_ORIGIN', stored: log.origin, configured });
  }
  const hash = config.ZHIBAO_LEDGER_HASH;
  if (hash !== undefined && hash !== log.hash) {
    throw ledgerError('ledger.config_mismatch', { origin: log.origin, name: 'ZHIBAO_LEDGER_HASH', stored: log.hash, configured: hash });
  }
}

async function open(platform: LedgerPlatform, opts: LedgerOptions): Promise<Ledger> {
  const { config, db } = platform;
  let log = await repo.findLog(db);
  if (log) checkParameters(config, log);
  const origin = log?.origin ?? config.ledgerOrigin;
  if (!isValidOrigin(origin)) throw ledgerError('ledger.keys_invalid', { reason: `the origin "${origin}" is not a valid key name` });
  const signers = loadLedgerSigners({ ed25519Skey: config.ZHIBAO_LEDGER_ED25519_SKEY, sm2Skey: config.ZHIBAO_LEDGER_SM2_SKEY, dataDir: config.dataDir }, origin);
  if (!log) {
    const hasher = merkleHasher(config.ledgerHash);
    await repo.createLog(db, { origin, hash: config.ledgerHash, ed25519Vkey: signers.ed25519.verifierKey, sm2Vkey: signers.sm2.verifierKey }, hasher.emptyRoot());
    log = (await repo.findLog(db))!;
    checkParameters(config, log);
  }
  if (log.ed25519Vkey !== signers.ed25519.verifierKey || log.sm2Vkey !== signers.sm2.verifierKey) {
    throw ledgerError('ledger.keys_mismatch', { origin: log.origin });
  }
  const quiet = config.LOG_LEVEL === 'silent';
  const ledger = new Ledger(db, log, signers, {
    batchSize: config.ZHIBAO_LEDGER_BATCH_SIZE,
    log: quiet ? () => {} : (line) => console.error(line),
    ...opts,
  });
  await ledger.verifyStoredState();
  // The first checkpoint (size 0), or the one a crash left unsigned.
  await ledger.signPending();
  return ledger;
}

/**
 * The ledger of a platform's database, opened once (the log is created on first use, with the
 * configured origin, hash and keys). A failed opening is not remembered, so it is retried.
 */
export function openLedger(platform: LedgerPlatform, opts: LedgerOptions = {}): Promise<Ledger> {
  let ledger = opened.get(platform.database);
  if (!ledger) {
    ledger = open(platform, opts);
    opened.set(platform.database, ledger);
    ledger.catch(() => opened.delete(platform.database));
  }
  return ledger;
}

/** Opens the ledger and starts its integrator (the server does this at start). */
export async function startLedger(platform: LedgerPlatform, opts: LedgerOptions & { intervalMs?: number } = {}): Promise<Ledger> {
  const ledger = await openLedger(platform, opts);
  ledger.start(opts.intervalMs ?? platform.config.ZHIBAO_LEDGER_INTERVAL_MS);
  return ledger;
}

// ---------------------------------------------------------------------------------------------
// Appending (the one function other domains call)

/** Checks an entry and puts it in the queue, in the caller's transaction. */
export async function append(entry: Uint8Array, tx: Db): Promise<{ queueId: number }> {
  if (!(entry instanceof Uint8Array)) throw ledgerError('ledger.entry_invalid', { reason: 'the entry must be bytes (Uint8Array)' });
  if (entry.length > repo.MAX_ENTRY_BYTES) throw ledgerError('ledger.entry_too_large', { length: entry.length, limit: repo.MAX_ENTRY_BYTES });
  return { queueId: await repo.enqueue(tx, entry) };
}

/**
 * `append` as SQL to embed in a larger statement of the caller's (a data-modifying CTE), with a
 * queue id reserved beforehand by `QUEUE_ID_SQL` — so that the id can be referenced by rows
 * written in the same statement. The entry is acknowledged when that statement commits.
 */
export function appendSql(entry: Uint8Array, queueId: number): SQL {
  if (!(entry instanceof Uint8Array)) throw ledgerError('ledger.entry_invalid', { reason: 'the entry must be bytes (Uint8Array)' });
  if (entry.length > repo.MAX_ENTRY_BYTES) throw ledgerError('ledger.entry_too_large', { length: entry.length, limit: repo.MAX_ENTRY_BYTES });
  return repo.enqueueSql(entry, queueId);
}

/** Reserves a queue id (`select ${QUEUE_ID_SQL}`); an id reserved but never used leaves a harmless gap. */
export const QUEUE_ID_SQL = sql`nextval(pg_get_serial_sequence('ledger_queue', 'id'))`;

/** `append` for many entries in one statement; the queue ids come back in the order of `entries`. */
export async function appendMany(entries: readonly Uint8Array[], tx: Db): Promise<{ queueIds: number[] }> {
  entries.forEach((e) => {
    if (!(e instanceof Uint8Array)) throw ledgerError('ledger.entry_invalid', { reason: 'the entry must be bytes (Uint8Array)' });
    if (e.length > repo.MAX_ENTRY_BYTES) throw ledgerError('ledger.entry_too_large', { length: e.length, limit: repo.MAX_ENTRY_BYTES });
  });
  return { queueIds: await repo.enqueueMany(tx, entries) };
}


/**
 * `POST /api/ledger/entries`: a system client preserves an opaque entry. Queued and audited in
 * one transaction, so the answer (after commit) means the entry will be in the log; optionally
 * waits for its index or for a checkpoint covering it.
 */
export async function preserveEntry(
  ctx: Ctx,
  entry: Buffer,
  wait: 'none' | 'integrated' | 'checkpointed',
): Promise<{ queueId: number; index: number | null; checkpointSize: number | null }> {
  const { queueId } = await ctx.db.transaction(async (tx) => {
    const queued = await append(entry, tx);
    await recordAudit(tx, ctx.actor, {
      action: 'ledger.append',
      targetType: 'ledger_queue',
      targetId: String(queued.queueId),
      details: { bytes: entry.length, sha256: createHash('sha256').update(entry).digest('hex') },
    });
    return queued;
  });
  if (wait === 'none') return { queueId, index: null, checkpointSize: null };
  const ledger = await openLedger(ctx);
  const done = await ledger.awaitIntegration(queueId, { checkpointed: wait === 'checkpointed' });
  return { queueId, index: done.index, checkpointSize: done.checkpoint?.size ?? null };
}
