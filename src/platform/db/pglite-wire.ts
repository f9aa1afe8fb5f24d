/** Messages between `PgliteRemote` (pglite-remote.ts) and its worker (pglite-worker.ts). */

/** Query options that can cross a thread boundary: functions cannot. */
export interface WireOptions {
  rowMode?: 'array' | 'object';
  paramTypes?: number[];
  /** Types the worker leaves as text: the caller applies its own parsers to them. */
  rawTypes?: number[];
}

export type Request =
  | { id: number; op: 'open' }
  /**
   * A statement text crosses once: with `textId` the worker keeps it, and later requests carry
   * only the id (`text` absent). A request may always carry both.
   */
  | { id: number; op: 'query'; text?: string; textId?: number; params: unknown[]; options?: WireOptions; tx?: number }
  | { id: number; op: 'exec'; text: string; options?: WireOptions; tx?: number }
  | { id: number; op: 'begin'; tx: number }
  | { id: number; op: 'end'; tx: number; commit: boolean }
  | { id: number; op: 'rollback'; tx: number }
  | { id: number; op: 'close' };

export interface WireError {
  message: string;
  name: string;
  /** A PostgreSQL error (DatabaseError): code, severity, detail, constraint … in `fields`. */
  database?: boolean;
  fields: Record<string, unknown>;
}

/**
 * `sameFields`: the result's `fields` were left out, being the same as in the last result sent
 * for that statement text (`textId`); the calling thread puts its copy back.
 */
export type Reply = { id: number; ok: true; value: unknown; sameFields?: number } | { id: number; ok: false; error: WireError };
