import { messages as pgMessages, parse, protocol, types, type PGlite, type QueryOptions, type Results, type Transaction } from '@electric-sql/pglite';

/**
 * PGlite's `query()` with parameters costs six protocol exchanges with the WebAssembly backend
 * (parse, describe, bind, describe, execute, sync), each parsed in JavaScript: measured 150–230 µs
 * for a primary-key lookup that the backend itself answers in a fraction of that. This wrapper
 * keeps each statement text as a named prepared statement (as node-postgres does with `name`),
 * so a query is one exchange: Bind + Execute + Sync (≈50 µs). Everything else — parameter
 * serialisation by the described parameter types, result parsing, errors (the same
 * `DatabaseError` with `query`, `params` and `queryOptions`), the transaction and query locks,
 * syncing to the file system outside transactions — follows `PGlite.query()`.
 *
 * What the wrapper offers is what Drizzle's PGlite driver and this code base call: `query`,
 * `exec`, `transaction` (with `query`, `exec`, `rollback`, `closed`) and `close`.
 */

/** The subset of PGlite's interface the application uses (Drizzle's PGlite driver, migrations, ledger). */
export interface PgliteClient {
  query<T>(text: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>>;
  exec(text: string, options?: QueryOptions): Promise<Results[]>;
  transaction<T>(fn: (tx: PgliteTx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface PgliteTx {
  query<T>(text: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>>;
  exec(text: string, options?: QueryOptions): Promise<Results[]>;
  rollback(): Promise<void>;
  readonly closed: boolean;
}

interface Statement {
  name: string;
  paramTypes: number[];
  /** The statement's RowDescription (absent for statements that return no rows). */
  rowDescription: unknown;
  /** Its columns' names and types (empty without a RowDescription). */
  columns: { name: string; dataTypeID: number }[];
  /** Each column's parser, per parser set (see `columnParsers`). */
  parsers: WeakMap<Parsers, (((value: string, type: number) => unknown) | undefined)[]>;
}

type Parsers = NonNullable<QueryOptions['parsers']>;

/** PGlite internals this wrapper takes part in (present on every PGlite instance, typed protected). */
interface PgliteInternals {
  parsers: Parsers;
  serializers: Record<number, (x: unknown) => string>;
  _runExclusiveTransaction<T>(fn: () => Promise<T>): Promise<T>;
  runExclusive<T>(fn: () => Promise<T>): Promise<T>;
  execProtocol(message: Uint8Array, opts: { syncToFs?: boolean }): Promise<{ messages: unknown[] }>;
  execProtocolRawStream(message: Uint8Array, opts: { syncToFs?: boolean; onRawData: (data: Uint8Array) => void }): Promise<void>;
  syncToFs(): Promise<void>;
}

const S = protocol.serialize;

function concat(parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** SQLSTATEs after which a cached statement is dropped and, outside a transaction, the query retried once. */
const STALE_STATEMENT = new Set([
  '0A000', // cached plan must not change result type (a table's columns changed)
  '26000', // prepared statement does not exist (DEALLOCATE / DISCARD ALL)
]);

let instances = 0;

export class PreparedPglite implements PgliteClient {
  private readonly statements = new Map<string, Statement>();
  private readonly prefix = `zb${++instances}_`;
  private sequence = 0;
  private readonly merged = new WeakMap<Parsers, Parsers>();
  private readonly internals: PgliteInternals;

  constructor(
    readonly pg: PGlite,
    /** Statement texts kept prepared; beyond this, queries take PGlite's own path. */
    private readonly maxStatements = 2000,
  ) {
    this.internals = pg as unknown as PgliteInternals;
  }

  /** Number of statement texts kept prepared (tests). */
  get preparedCount(): number {
    return this.statements.size;
  }

  query<T>(text: string, params: unknown[] = [], options?: QueryOptions): Promise<Results<T>> {
    if (!this.eligible(text, options)) return this.pg.query<T>(text, params, options);
    return this.internals._runExclusiveTransaction(() => this.run<T>(text, params, options, false, true));
  }

  exec(text: string, options?: QueryOptions): Promise<Results[]> {
    return this.pg.exec(text, options);
  }

  transaction<T>(fn: (tx: PgliteTx) => Promise<T>): Promise<T> {
    return this.pg.transaction((tx) => fn(this.wrap(tx)));
  }

  close(): Promise<void> {
    this.statements.clear();
    return this.pg.close();
  }

  private wrap(tx: Transaction): PgliteTx {
    return {
      query: <T>(text: string, params: unknown[] = [], options?: QueryOptions): Promise<Results<T>> => {
        if (tx.closed) return Promise.reject(new Error('Transaction is closed'));
        if (!this.eligible(text, options)) return tx.query<T>(text, params, options);
        return this.run<T>(text, params, options, true, false);
      },
      exec: (text, options) => tx.exec(text, options),
      rollback: () => tx.rollback(),
      get closed() {
        return tx.closed;
      },
    };
  }

  private eligible(text: string, options?: QueryOptions): boolean {
    if (options?.blob || options?.onNotice) return false;
    return this.statements.has(text) || this.statements.size < this.maxStatements;
  }

  private parsersFor(options?: QueryOptions): Parsers {
    const own = options?.parsers;
    if (!own) return this.internals.parsers;
    let merged = this.merged.get(own);
    if (!merged) {
      merged = { ...this.internals.parsers, ...own };
      this.merged.set(own, merged);
    }
    return merged;
  }

  /** One query under the query lock (the caller holds the transaction lock, or is in a transaction). */
  private run<T>(text: string, params: unknown[], options: QueryOptions | undefined, inTransaction: boolean, retry: boolean): Promise<Results<T>> {
    return this.internals.runExclusive(async () => {
      try {
        const result = await this.execute<T>(text, params, options);
        if (!inTransaction) await this.internals.syncToFs();
        return result;
      } catch (e) {
        const code = (e as { code?: string }).code;
        if (code && STALE_STATEMENT.has(code) && this.statements.has(text)) {
          this.statements.delete(text);
          if (retry && !inTransaction) {
            const result = await this.execute<T>(text, params, options);
            await this.internals.syncToFs();
            return result;
          }
        }
        throw e;
      }
    });
  }

  private async execute<T>(text: string, params: unknown[], options: QueryOptions | undefined): Promise<Results<T>> {
    const pg = this.internals;
    try {
      let statement = this.statements.get(text);
      if (!statement) {
        const name = `${this.prefix}${++this.sequence}`;
        const described = await pg.execProtocol(
          concat([S.parse({ name, text, types: options?.paramTypes }), S.describe({ type: 'S', name }), S.sync()]),
          { syncToFs: false },
        );
        const messages = described.messages as { name: string }[];
        const rowDescription = messages.find((m) => m.name === 'rowDescription') as { fields: { name: string; dataTypeID: number }[] } | undefined;
        statement = {
          name,
          paramTypes: parse.parseDescribeStatementResults(messages as never),
          rowDescription,
          columns: rowDescription ? rowDescription.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })) : [],
          parsers: new WeakMap(),
        };
        this.statements.set(text, statement);
      }
      const types = statement.paramTypes;
      const values = params.map((value, i) => {
        if (value === null || value === undefined) return null;
        const serialize = options?.serializers?.[types[i]] ?? pg.serializers[types[i]];
        return serialize ? serialize(value) : (value as { toString(): string }).toString();
      });
      // The reply's raw bytes (PGlite's own parser is skipped: see `decodeReply`).
      let reply: Uint8Array | undefined;
      let parts: Uint8Array[] | undefined;
      await pg.execProtocolRawStream(concat([S.bind({ statement: statement.name, values }), S.execute({}), S.sync()]), {
        syncToFs: false,
        onRawData: (data) => {
          // A view into the WebAssembly memory, reused afterwards: copied.
          const copy = data.slice();
          if (!reply) reply = copy;
          else (parts ??= [reply]).push(copy);
        },
      });
      const bytes = parts ? concat(parts) : (reply ?? new Uint8Array(0));
      const parsers = this.parsersFor(options);
      const decoded = decodeReply<T>(bytes, statement, parsers, options?.rowMode === 'array');
      if (decoded) return decoded;
      // Anything but rows and their completion (an error, a notice …): PGlite's protocol parser.
      const messages: unknown[] = [];
      new protocol.Parser().parse(bytes, (m) => messages.push(m));
      const error = messages.find((m) => m instanceof pgMessages.DatabaseError);
      if (error) throw error;
      const rowMode = options?.rowMode ? { rowMode: options.rowMode } : undefined;
      const all = statement.rowDescription ? [statement.rowDescription, ...messages] : messages;
      return parse.parseResults(all as never, parsers as never, rowMode)[0] as Results<T>;
    } catch (e) {
      // As PGlite.query(): the database error names the statement that failed.
      if (e && typeof e === 'object' && 'severity' in e) Object.assign(e, { query: text, params, queryOptions: options });
      throw e;
    }
  }
}

const utf8 = new TextDecoder();
const AFFECTING = new Set(['INSERT', 'UPDATE', 'DELETE', 'COPY', 'MERGE']);

/** The parser of each of a statement's columns for one parser set (as PGlite: the set's, else the default). */
function columnParsers(statement: Statement, parsers: Parsers) {
  let byColumn = statement.parsers.get(parsers);
  if (!byColumn) {
    const defaults = types.parsers as Parsers;
    byColumn = statement.columns.map((c) => (parsers[c.dataTypeID] ?? defaults[c.dataTypeID]) as ((value: string, type: number) => unknown) | undefined);
    statement.parsers.set(parsers, byColumn);
  }
  return byColumn;
}

/**
 * The common reply to Bind/Execute/Sync — BindComplete, DataRows, CommandComplete,
 * ReadyForQuery — decoded straight from the bytes into what `parse.parseResults` makes of it
 * (rows in object or array mode through the same parsers, `fields`, `command`, `affectedRows`,
 * `rowCount`). PGlite's parser builds a message object per row and copies every field into an
 * ArrayBuffer of its own before decoding it; this was a fifth of the worker's time per query.
 * Returns undefined for any other reply (an error, a notice, a notification, no completion):
 * the caller then takes PGlite's parser.
 */
function decodeReply<T>(bytes: Uint8Array, statement: Statement, parsers: Parsers, arrays: boolean): Results<T> | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const columns = statement.columns;
  let byColumn: ReturnType<typeof columnParsers> | undefined;
  const rows: unknown[] = [];
  let completion: string | undefined;
  let offset = 0;
  while (offset + 5 <= bytes.length) {
    const type = bytes[offset];
    const end = offset + 1 + view.getInt32(offset + 1);
    if (end > bytes.length) return undefined;
    let at = offset + 5;
    switch (type) {
      case 0x32: // '2' BindComplete
      case 0x5a: // 'Z' ReadyForQuery
        break;
      case 0x44: {
        // 'D' DataRow
        if (completion !== undefined) return undefined;
        const count = view.getInt16(at);
        at += 2;
        if (count !== columns.length) return undefined;
        byColumn ??= columnParsers(statement, parsers);
        const row: Record<string, unknown> | unknown[] = arrays ? new Array(count) : {};
        for (let i = 0; i < count; i++) {
          const length = view.getInt32(at);
          at += 4;
          let value: unknown = null;
          if (length >= 0) {
            const text = utf8.decode(bytes.subarray(at, at + length));
            at += length;
            const parse = byColumn[i];
            value = parse ? parse(text, columns[i].dataTypeID) : text;
          }
          if (arrays) (row as unknown[])[i] = value;
          else if (columns[i].name === '__proto__') Object.defineProperty(row, '__proto__', { value, enumerable: true, writable: true, configurable: true });
          else (row as Record<string, unknown>)[columns[i].name] = value; // a repeated name keeps the last column, as Object.fromEntries
        }
        rows.push(row);
        break;
      }
      case 0x43: {
        // 'C' CommandComplete
        if (completion !== undefined) return undefined;
        completion = utf8.decode(bytes.subarray(at, end - 1));
        break;
      }
      default:
        return undefined;
    }
    offset = end;
  }
  if (offset !== bytes.length || completion === undefined) return undefined;
  const words = completion.split(' ');
  const command = words[0];
  const count = parseInt(words[words.length - 1], 10);
  const result: Results<T> & { command?: string; rowCount?: number } = {
    rows: rows as T[],
    fields: columns.map((c) => ({ name: c.name, dataTypeID: c.dataTypeID })),
    command,
    affectedRows: AFFECTING.has(command) ? count : 0,
  } as Results<T>;
  if (!Number.isNaN(count)) result.rowCount = count;
  return result;
}
