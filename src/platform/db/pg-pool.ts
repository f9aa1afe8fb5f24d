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
 */
export class PipeliningPool extends pg.Pool {
  private readonly pipes: (Promise<pg.Client> | undefined)[];
  private turn = 0;
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
    return this.pipe().then((client) => client.query(config as pg.QueryConfig, values as unknown[]));
  }

  override async end(): Promise<void> {
    this.closing = true;
    const pipes = this.pipes.splice(0);
    await Promise.all(pipes.map((p) => p?.then((c) => c.end()).catch(() => {})));
    await super.end();
  }

  private pipe(): Promise<pg.Client> {
    const slot = this.turn++ % this.pipes.length;
    let client = this.pipes[slot];
    if (!client) {
      const opened = (async () => {
        const c = new pg.Client({ ...this.options, pipeline: true } as pg.ClientConfig);
        // A broken connection is replaced on the next query; its queries fail with the error.
        const drop = () => {
          if (this.pipes[slot] === opened) this.pipes[slot] = undefined;
        };
        c.on('error', drop);
        c.on('end', drop);
        await c.connect();
        return c;
      })();
      opened.catch(() => {
        if (this.pipes[slot] === opened) this.pipes[slot] = undefined;
      });
      this.pipes[slot] = opened;
      client = opened;
    }
    return client;
  }
}
