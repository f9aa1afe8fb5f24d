import { Worker } from 'node:worker_threads';
import { messages, type QueryOptions, type Results } from '@electric-sql/pglite';
import type { PgliteClient, PgliteTx } from './pglite-prepared';
import type { Reply, Request, WireError, WireOptions } from './pglite-wire';

/**
 * PGlite in a worker thread. PGlite is PostgreSQL compiled to WebAssembly and runs in the
 * thread that calls it, so in the server thread every query stops request handling for its
 * whole duration. Here the instance lives in a worker (pglite-worker.ts), where queries run on
 * another core while this thread parses HTTP and runs handlers.
 *
 * The object implements what Drizzle's PGlite driver and this code base call on a PGlite
 * instance, with the same semantics:
 * - `query(text, params, options)` and `exec(text, options)`. Parsers are functions and cannot
 *   cross threads: the worker returns the text of the types they cover and they run here.
 *   Serializers and blobs are refused.
 * - `transaction(fn)`: BEGIN runs in the worker and the transaction holds PGlite's transaction
 *   lock there until `fn` settles, so other queries and transactions wait for it exactly as on
 *   an instance in this thread; `fn` resolving commits, throwing rolls back (and rethrows).
 * - errors: PostgreSQL errors arrive as PGlite's `DatabaseError` with their fields (`code`,
 *   `detail`, `constraint`, …, `query`, `params`).
 */
export class PgliteRemote implements PgliteClient {
  private readonly pending = new Map<number, Pending>();
  /** Statement texts the worker has been sent (or is being sent), by id; see `Request`. */
  private readonly textIds = new Map<string, number>();
  private readonly texts: string[] = [];
  /** Whether the worker has been sent the text (a message carrying it was posted). */
  private readonly textSent: boolean[] = [];
  /** The last `fields` received per statement text id (the worker leaves out repeats). */
  private readonly fieldsByText = new Map<number, Fields>();
  private nextId = 0;
  private nextTx = 0;
  private failure: Error | undefined;
  private closed = false;

  private constructor(private readonly worker: Worker) {
    worker.unref();
    worker.on('message', (replies: Reply[]) => this.receive(replies));
    worker.on('error', (e) => {
      // An uncaught error in the worker: the database is gone for this process.
      console.error('PGlite worker failed / 内置数据库线程出错:', e);
      this.fail(e);
    });
    worker.on('exit', (code) => this.fail(new Error(`PGlite worker exited (code ${code})`)));
  }

  /** Starts the worker and opens the database (a data directory, or in memory). */
  static async open(dataDir?: string): Promise<PgliteRemote> {
    const worker = new Worker(new URL('./pglite-worker-entry.mjs', import.meta.url), { workerData: { dataDir } });
    const remote = new PgliteRemote(worker);
    try {
      await remote.call({ id: 0, op: 'open' });
    } catch (e) {
      await worker.terminate();
      throw e;
    }
    return remote;
  }

  query<T>(text: string, params: unknown[] = [], options?: QueryOptions): Promise<Results<T>> {
    return this.queryIn<T>(undefined, text, params, options);
  }

  exec(text: string, options?: QueryOptions): Promise<Results[]> {
    return this.execIn(undefined, text, options);
  }

  private queryIn<T>(tx: number | undefined, text: string, params: unknown[] = [], options?: QueryOptions): Promise<Results<T>> {
    let wire: WireOptions | undefined;
    try {
      wire = wireOptions(options);
    } catch (e) {
      return Promise.reject(e);
    }
    let textId = this.textIds.get(text);
    if (textId === undefined && this.texts.length < MAX_TEXTS) {
      textId = this.texts.length;
      this.texts.push(text);
      this.textSent.push(false);
      this.textIds.set(text, textId);
    }
    const withText = textId === undefined || !this.textSent[textId];
    const request: Request = { id: 0, op: 'query', text: withText ? text : undefined, textId, params, options: wire, tx };
    return this.call(request, textId).then((r) => parseRaw(r as Results<T>, options));
  }

  private execIn(tx: number | undefined, text: string, options?: QueryOptions): Promise<Results[]> {
    let wire: WireOptions | undefined;
    try {
      wire = wireOptions(options);
    } catch (e) {
      return Promise.reject(e);
    }
    return this.call({ id: 0, op: 'exec', text, options: wire, tx }).then((rs) => (rs as Results[]).map((r) => parseRaw(r, options)));
  }

  async transaction<T>(fn: (tx: PgliteTx) => Promise<T>): Promise<T> {
    const id = ++this.nextTx;
    await this.call({ id: 0, op: 'begin', tx: id });
    let closed = false;
    const handle: PgliteTx = {
      query: <R>(text: string, params?: unknown[], options?: QueryOptions) =>
        closed ? Promise.reject(new Error('Transaction is closed')) : this.queryIn<R>(id, text, params, options),
      exec: (text: string, options?: QueryOptions) => (closed ? Promise.reject(new Error('Transaction is closed')) : this.execIn(id, text, options)),
      rollback: async () => {
        if (closed) throw new Error('Transaction is closed');
        await this.call({ id: 0, op: 'rollback', tx: id });
        closed = true;
      },
      get closed() {
        return closed;
      },
    };
    let result: T;
    try {
      result = await fn(handle);
    } catch (e) {
      closed = true;
      // As PGlite: roll back, then rethrow the callback's error.
      await this.call({ id: 0, op: 'end', tx: id, commit: false });
      throw e;
    }
    closed = true;
    await this.call({ id: 0, op: 'end', tx: id, commit: true });
    return result;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.call({ id: 0, op: 'close' });
    } finally {
      this.closed = true;
      await this.worker.terminate();
    }
  }

  /** Sends a request (its `id` is assigned here); `textId`: a query's statement text id. */
  private call(request: Request, textId?: number): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new Error('PGlite is closed'));
    const id = ++this.nextId;
    request.id = id;
    return new Promise((resolve, reject) => {
      // The worker keeps the process alive only while a request is in flight.
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { resolve, reject, textId });
      this.outbox.push(request);
      if (this.outbox.length === 1) setImmediate(this.flush);
    });
  }

  /**
   * Requests made during one turn of the event loop (say, by the requests that arrived together)
   * leave in one message: waking the worker costs more than copying a query.
   */
  private outbox: Request[] = [];
  private readonly flush = () => {
    const batch = this.outbox;
    this.outbox = [];
    if (batch.length === 0 || this.failure) return;
    try {
      this.worker.postMessage(batch);
      for (const request of batch) this.sent(request);
    } catch {
      // Something in the batch cannot be copied to the worker (say, a function among the
      // parameters): each request on its own, with its statement text, and the one that cannot
      // be sent fails.
      for (const request of batch) {
        if (request.op === 'query' && request.textId !== undefined) request.text = this.texts[request.textId];
        try {
          this.worker.postMessage([request]);
          this.sent(request);
        } catch (e) {
          this.settle(request.id, false, e);
        }
      }
    }
  };

  private sent(request: Request) {
    if (request.op === 'query' && request.textId !== undefined && request.text !== undefined) this.textSent[request.textId] = true;
  }

  private receive(replies: Reply[]) {
    for (const reply of replies) this.receiveOne(reply);
  }

  private receiveOne(reply: Reply) {
    if (!reply.ok) return this.settle(reply.id, false, toError(reply.error));
    const textId = reply.sameFields ?? this.pending.get(reply.id)?.textId;
    const value = reply.value as { fields?: Fields } | null;
    if (textId !== undefined && value) {
      if (reply.sameFields !== undefined) {
        const fields = this.fieldsByText.get(textId);
        if (!fields) return this.settle(reply.id, false, new Error('PGlite worker: result fields missing'));
        value.fields = fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID }));
      } else if (Array.isArray(value.fields)) {
        // A copy: the caller may change the result it is given.
        this.fieldsByText.set(textId, value.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })));
      }
    }
    this.settle(reply.id, true, value);
  }

  private settle(id: number, ok: boolean, value: unknown) {
    const waiting = this.pending.get(id);
    if (!waiting) return;
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker.unref();
    if (ok) waiting.resolve(value);
    else waiting.reject(value);
  }

  private fail(error: Error) {
    if (this.closed && this.pending.size === 0) return;
    this.failure ??= error;
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  /** A query's statement text id. */
  textId?: number;
}

type Fields = { name: string; dataTypeID: number }[];

/** Statement texts given an id (beyond this many, a query sends its text every time). */
const MAX_TEXTS = 5000;

function wireOptions(options?: QueryOptions): WireOptions | undefined {
  if (!options) return undefined;
  if (options.serializers || options.blob || options.onNotice) {
    throw new TypeError('PGlite in a worker thread: serializers, blobs and notice callbacks are not supported');
  }
  const wire: WireOptions = {};
  if (options.rowMode) wire.rowMode = options.rowMode;
  if (options.paramTypes) wire.paramTypes = options.paramTypes;
  if (options.parsers) wire.rawTypes = rawTypesOf(options.parsers);
  return wire;
}

const rawTypesCache = new WeakMap<object, number[]>();
function rawTypesOf(parsers: object): number[] {
  let types = rawTypesCache.get(parsers);
  if (!types) {
    types = Object.keys(parsers).map(Number);
    rawTypesCache.set(parsers, types);
  }
  return types;
}

/** Applies the caller's parsers to the columns the worker left as text. */
function parseRaw<T>(result: Results<T>, options?: QueryOptions): Results<T> {
  const parsers = options?.parsers as Record<number, (value: string, type: number) => unknown> | undefined;
  if (!parsers || result.rows.length === 0) return result;
  const columns: { index: number; name: string; type: number; parse: (value: string, type: number) => unknown }[] = [];
  const arrays = options?.rowMode === 'array';
  result.fields.forEach((f, index) => {
    const parse = parsers[f.dataTypeID] as ((value: string, type: number) => unknown) | undefined;
    // In object mode a repeated column name keeps the last column's value.
    if (!arrays && result.fields.findLastIndex((g) => g.name === f.name) !== index) return;
    if (parse) columns.push({ index, name: f.name, type: f.dataTypeID, parse });
  });
  if (columns.length === 0) return result;
  for (const row of result.rows as Record<string | number, unknown>[]) {
    for (const c of columns) {
      const key = arrays ? c.index : c.name;
      const value = row[key];
      if (value !== null && value !== undefined) row[key] = c.parse(value as string, c.type);
    }
  }
  return result;
}

/** A worker's error as the error PGlite would have thrown in this thread. */
function toError(wire: WireError): Error {
  const error: Error = wire.database ? new messages.DatabaseError(wire.message, 0, 'error') : new Error(wire.message);
  if (!wire.database) error.name = wire.name;
  Object.assign(error, wire.fields);
  return error;
}
