/**
 * The worker-thread side of `PgliteRemote` (pglite-remote.ts): hosts one PGlite instance and
 * answers the requests of the thread that started it. Loaded through pglite-worker-entry.mjs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, type QueryOptions } from '@electric-sql/pglite';
import { PreparedPglite, type PgliteTx } from './pglite-prepared';
import type { Reply, Request, WireError, WireOptions } from './pglite-wire';

const port = parentPort!;
const { dataDir } = workerData as { dataDir?: string };

let client: PreparedPglite | undefined;
const opening = (async () => {
  client = new PreparedPglite(dataDir ? await PGlite.create(dataDir) : await PGlite.create());
})();
// A failure to open is reported to the 'open' request (and every later one), not left unhandled.
opening.catch(() => {});

/** Open transactions: their handle and how to end them. */
const transactions = new Map<number, { tx: PgliteTx; end: (commit: boolean) => void }>();

const identity = (value: unknown) => value;
const rawParsers = new Map<string, Record<number, (x: string) => unknown>>();

/** Types whose text the caller parses itself (its parsers are functions: they stay in its thread). */
function optionsOf(wire: WireOptions | undefined): QueryOptions | undefined {
  if (!wire) return undefined;
  const options: QueryOptions = {};
  if (wire.rowMode) options.rowMode = wire.rowMode;
  if (wire.paramTypes) options.paramTypes = wire.paramTypes;
  if (wire.rawTypes?.length) {
    const key = wire.rawTypes.join(',');
    let parsers = rawParsers.get(key);
    if (!parsers) {
      parsers = Object.fromEntries(wire.rawTypes.map((t) => [t, identity]));
      rawParsers.set(key, parsers);
    }
    options.parsers = parsers;
  }
  return options;
}

function wireError(e: unknown): WireError {
  if (!(e instanceof Error)) return { message: String(e), name: 'Error', fields: {} };
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e)) {
    // queryOptions may hold functions; everything else PGlite sets is plain data.
    if (k === 'queryOptions' || typeof v === 'function') continue;
    fields[k] = v;
  }
  return { message: e.message, name: e.name, database: 'severity' in e, fields };
}

async function handle(msg: Request): Promise<unknown> {
  await opening;
  const pg = client!;
  switch (msg.op) {
    case 'open':
      return null;
    case 'query': {
      const text = msg.text ?? (msg.textId === undefined ? undefined : texts.get(msg.textId));
      if (text === undefined) throw new Error(`PGlite worker: unknown statement text ${msg.textId}`);
      const target = msg.tx ? transactionOf(msg.tx) : pg;
      return target.query(text, msg.params, optionsOf(msg.options));
    }
    case 'exec': {
      const target = msg.tx ? transactionOf(msg.tx) : pg;
      return target.exec(msg.text, optionsOf(msg.options));
    }
    case 'begin':
      // Resolves once BEGIN has run and this transaction holds PGlite's transaction lock; the
      // callback then waits for 'end' (commit or roll back) from the calling thread.
      return new Promise((begun, failed) => {
        let started = false;
        pg.transaction(
          (tx) =>
            new Promise<void>((commit, rollback) => {
              started = true;
              transactions.set(msg.tx, { tx, end: (ok) => (ok ? commit() : rollback(ROLLBACK)) });
              begun(null);
            }),
        ).then(
          () => settle(msg.tx, null),
          (e) => (started ? settle(msg.tx, e === ROLLBACK ? null : e) : failed(e)),
        );
      });
    case 'end': {
      const open = transactions.get(msg.tx);
      if (!open) throw new Error('Transaction is not open');
      const done = new Promise<unknown>((resolve, reject) => endings.set(msg.tx, { resolve, reject }));
      open.end(msg.commit);
      return done;
    }
    case 'rollback':
      return transactionOf(msg.tx).rollback();
    case 'close':
      await pg.close();
      return null;
  }
}

const ROLLBACK = Symbol('rollback');
const endings = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();

/** The transaction ended: committed, rolled back, or failed to commit or to roll back. */
function settle(txId: number, error: unknown) {
  transactions.delete(txId);
  const ending = endings.get(txId);
  endings.delete(txId);
  if (error) ending?.reject(error);
  else ending?.resolve(null);
}

function transactionOf(txId: number): PgliteTx {
  const open = transactions.get(txId);
  if (!open) throw new Error('Transaction is closed');
  return open.tx;
}

/** Statement texts by the id the calling thread gave them (see `Request`). */
const texts = new Map<number, string>();

type Fields = { name: string; dataTypeID: number }[];
/** The `fields` last sent to the calling thread per statement text id. */
const sentFields = new Map<number, Fields>();

function sameFields(a: Fields, b: Fields): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i].name !== b[i].name || a[i].dataTypeID !== b[i].dataTypeID) return false;
  return true;
}

/**
 * Each reply leaves as soon as it is ready, so the calling thread can go on with that request
 * while this one runs the next query (requests arrive in batches: see PgliteRemote.flush).
 * Measured: holding the replies of a turn back to send them in one message saved the calling
 * thread a little CPU but cost throughput, the first request of a batch waiting for the last.
 * A result whose `fields` are those last sent for its statement text leaves without them
 * (decoding them was the larger part of the calling thread's cost per reply).
 */
function reply(r: Reply, textId?: number) {
  let wire = r;
  let fields: Fields | undefined;
  if (r.ok && textId !== undefined) {
    const value = r.value as { fields?: unknown } | null;
    if (value && Array.isArray(value.fields)) {
      const last = sentFields.get(textId);
      if (last && sameFields(last, value.fields)) wire = { id: r.id, ok: true, value: { ...value, fields: undefined }, sameFields: textId };
      else fields = value.fields;
    }
  }
  try {
    port.postMessage([wire]);
    // Only once sent: the calling thread keeps the fields of what it received.
    if (fields) sentFields.set(textId!, fields);
  } catch (e) {
    // Something that cannot be copied to the other thread: report that instead.
    const message = `PGlite worker could not send its ${r.ok ? 'result' : 'error'}: ${(e as Error).message}${r.ok ? '' : ` (${r.error.message})`}`;
    port.postMessage([{ id: r.id, ok: false, error: { message, name: 'Error', fields: {} } } satisfies Reply]);
  }
}

port.on('message', (batch: Request[]) => {
  for (const msg of batch) {
    const textId = msg.op === 'query' ? msg.textId : undefined;
    if (textId !== undefined && msg.op === 'query' && msg.text !== undefined) texts.set(textId, msg.text);
    handle(msg).then(
      (value) => reply({ id: msg.id, ok: true, value }, textId),
      (e) => reply({ id: msg.id, ok: false, error: wireError(e) }),
    );
  }
});
