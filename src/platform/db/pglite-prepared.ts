import { parse, protocol, type PGlite, type QueryOptions, type Results, type Transaction } from '@electric-sql/pglite';

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
}

type Parsers = NonNullable<QueryOptions['parsers']>;

/** PGlite internals this wrapper takes part in (present on every PGlite instance, typed protected). */
interface PgliteInternals {
  parsers: Parsers;
  serializers: Record<number, (x: unknown) => string>;
  _runExclusiveTransaction<T>(fn: () => Promise<T>): Promise<T>;
  runExclusive<T>(fn: () => Promise<T>): Promise<T>;
  execProtocol(message: Uint8Array, opts: { syncToFs?: boolean }): Promise<{ messages: unknown[] }>;
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
        statement = {
          name,
          paramTypes: parse.parseDescribeStatementResults(messages as never),
          rowDescription: messages.find((m) => m.name === 'rowDescription'),
        };
        this.statements.set(text, statement);
      }
      const types = statement.paramTypes;
      const values = params.map((value, i) => {
        if (value === null || value === undefined) return null;
        const serialize = options?.serializers?.[types[i]] ?? pg.serializers[types[i]];
        return serialize ? serialize(value) : (value as { toString(): string }).toString();
      });
      const out = await pg.execProtocol(concat([S.bind({ statement: statement.name, values }), S.execute({}), S.sync()]), { syncToFs: false });
      const messages = statement.rowDescription ? [statement.rowDescription, ...out.messages] : out.messages;
      const rowMode = options?.rowMode ? { rowMode: options.rowMode } : undefined;
      return parse.parseResults(messages as never, this.parsersFor(options) as never, rowMode)[0] as Results<T>;
    } catch (e) {
      // As PGlite.query(): the database error names the statement that failed.
      if (e && typeof e === 'object' && 'severity' in e) Object.assign(e, { query: text, params, queryOptions: options });
      throw e;
    }
  }
}
