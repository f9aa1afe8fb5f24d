import pg from 'pg';

/**
 * The PostgreSQL pool, with the hot path pipelined.
 *
 * A query on a pool connection costs a round trip during which the connection serves nothing
 * else, and, measured on a 2-core machine, the write that wakes an idle backend was the largest
 * single cost of an authenticated request (≈ 20–40 µs of CPU in the server thread). Named
 * statements — the prepared hot-path lookups (prepared.ts, the ledger's read path) — are short,
 * indexed reads: outside transactions they are sent on a few shared connections in
 * node-postgres's pipeline mode, where queries are written back to back without waiting for
 * the previous answer. Each still carries its own Sync, so each is its own implicit transaction
 * and an error fails that query only. Everything else (ad-hoc queries, and every transaction,
 * through `connect()`) uses ordinary pool connections, so a slow query never queues behind the
 * pipeline nor the pipeline behind it.
 *
 * Writes are coalesced per turn of the event loop: the first pipelined query of a turn corks
 * its connection's socket and a `setImmediate` uncorks it, so the queries of all the requests
 * that arrived together leave in one `writev` (one system call, one wake-up of the backend)
 * instead of one each. All queries of a turn go to the same shared connection, and the next
 * turn to the next one. See `Pipe.send`.
 */
export class PipeliningPool extends pg.Pool {
  private readonly pipes: (Pipe | Promise<Pipe> | undefined)[];
  private turn = 0;
  /** The shared connection this turn's queries go to (cleared when the turn's writes leave). */
  private current: Pipe | undefined;
  private closing = false;

  /** `max` counts every connection: `pipelines` shared ones, the rest pooled (at least one). */
  constructor(config: pg.PoolConfig & { pipelines?: number }) {
    const { pipelines = 2, max = 10, ...poolConfig } = config;
    const shared = Math.max(0, Math.min(pipelines, max - 1));
    super({ ...poolConfig, max: max - shared });
    this.pipes = new Array(shared).fill(undefined);
  }

  // All of node-postgres's overloads: named statements in promise form go to the pipeline, every
  // other form to the pool unchanged.
  override query(...args: any[]): any {
    const [config, values, callback] = args as [unknown, unknown, unknown];
    const named = typeof config === 'object' && config !== null && typeof (config as { name?: unknown }).name === 'string';
    if (!named || this.closing || this.pipes.length === 0 || typeof values === 'function' || callback !== undefined || (config as { callback?: unknown }).callback) {
      return (super.query as (...a: unknown[]) => unknown)(...args);
    }
    const pipe = this.current ?? this.next();
    if (pipe instanceof Pipe) return pipe.send(config as pg.QueryConfig, values as unknown[]);
    return pipe.then((p) => p.send(config as pg.QueryConfig, values as unknown[]));
  }

  override async end(): Promise<void> {
    this.closing = true;
    this.current = undefined;
    const pipes = this.pipes.splice(0);
    await Promise.all(pipes.map((p) => Promise.resolve(p).then((c) => c?.client.end()).catch(() => {})));
    await super.end();
  }

  /** The next shared connection, opened if need be; when open, it takes the rest of this turn's queries. */
  private next(): Pipe | Promise<Pipe> {
    const slot = this.turn++ % this.pipes.length;
    const pipe = this.pipes[slot] ?? this.open(slot);
    if (pipe instanceof Pipe) {
      this.current = pipe;
      pipe.onTurnEnd = this.turnEnded;
    }
    return pipe;
  }

  private readonly turnEnded = (pipe: Pipe) => {
    if (this.current === pipe) this.current = undefined;
  };

  private open(slot: number): Promise<Pipe> {
    const client = new pg.Client({ ...this.options, pipeline: true } as pg.ClientConfig);
    const pipe = new Pipe(client);
    // A broken connection is replaced on the next query; its queries fail with the error
    // (node-postgres rejects every query sent or queued on it).
    const drop = () => {
      pipe.broken = true;
      if (this.pipes[slot] === pipe || this.pipes[slot] === opened) this.pipes[slot] = undefined;
      if (this.current === pipe) this.current = undefined;
    };
    client.on('error', drop);
    client.on('end', drop);
    const opened: Promise<Pipe> = client.connect().then(() => {
      // (After end() it is no longer in the list; end() closes it once connected.)
      if (this.pipes[slot] === opened && !pipe.broken) this.pipes[slot] = pipe;
      return pipe;
    });
    opened.catch(() => {
      if (this.pipes[slot] === opened) this.pipes[slot] = undefined;
    });
    this.pipes[slot] = opened;
    return opened;
  }
}

/** One shared, pipelined connection. */
class Pipe {
  /** The connection failed or ended: no more queries are sent on it. */
  broken = false;
  private inTurn = false;
  /** The socket corked for this turn. */
  private corked: { uncork(): void } | undefined;
  onTurnEnd: ((pipe: Pipe) => void) | undefined;

  constructor(readonly client: pg.Client) {}

  /**
   * Sends one query. The first of a turn corks the socket; `setImmediate` (after the poll phase
   * in which this turn's requests were read) uncorks it and the buffered queries leave in one
   * write. node-postgres itself corks and uncorks around each query's Parse/Bind/Describe/
   * Execute/Sync; that nests inside this cork (a stream flushes when its cork count returns to
   * zero), so the messages stay in order. `client.connection.stream` is node-postgres's typed,
   * public property for the socket (the TLS socket once upgraded), which it corks itself.
   */
  send(config: pg.QueryConfig, values: unknown[]): Promise<pg.QueryResult> {
    if (!this.inTurn) {
      this.inTurn = true;
      const stream = this.client.connection?.stream;
      if (!this.broken && typeof stream?.cork === 'function' && typeof stream.uncork === 'function') {
        stream.cork();
        this.corked = stream;
      }
      setImmediate(this.endTurn);
    }
    return this.client.query(config, values);
  }

  private readonly endTurn = () => {
    this.inTurn = false;
    const stream = this.corked;
    this.corked = undefined;
    this.onTurnEnd?.(this);
    // Harmless on a destroyed stream: its buffered writes have already failed the queries.
    stream?.uncork();
  };
}
