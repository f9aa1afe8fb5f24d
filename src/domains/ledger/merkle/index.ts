/** The pure Merkle-tree layer of the evidence ledger (数据存证): hashing, appends, proofs, tiles. */
export * from './hasher';
export * from './tree-math';
export * from './compact-range';
export * from './proofs';
export * from './edge-cache';
export * from './tiles';
export * from './tlog-proof';
export * from './merkle.errors';
