/**
 * `npm run bench:ledger`: the evidence ledger's performance claims from the issue, every figure
 * from one run and printed as a ratio against something measured in the same run:
 *
 *   baseline  raw SHA-256 node hashing with node:crypto, H(0x01 || left || right) over 32-byte
 *             children exactly as the Merkle hasher does it, in hashes/s. An append costs about
 *             two hashes (its leaf and, amortised, one interior node), so hashes/s ÷ 2 is the
 *             physical limit on appends/s that every append rate below is divided by.
 *   appends   queued with `ledger.append` / `appendMany` in callers' transactions, sequenced by
 *             the integrator in batches, growing the log to --leaves entries (default 1,000,000),
 *             on PGlite and (when a server answers) PostgreSQL; target ≥ 20,000/s on PostgreSQL
 *   proofs    inclusion proofs at --leaves from the stored tiles: straight from the database, and
 *             through the service cold (a fresh instance) and warm; target < 1 ms (median)
 *   vs merkletreejs  the same RFC 6962 tree over the same leaf hashes built in memory by zhibao
 *             (bulk: `MemoryNodeStore.fromLeafHashes`, level by level, as `zhibao ledger build`
 *             does; the incremental compact range + node store, as the integrator appends, is
 *             printed too) and by merkletreejs 0.6.0, and inclusion proofs from
 *             both (median over --proofs random indices; zhibao's `store.inclusionProof`, with
 *             the async and general NodeSource paths printed for scale); target: zhibao faster
 *             on both
 *
 * Options: --leaves=N, --appends=N (entries in the first batched run, default 100,000),
 * --engine=pglite|postgres (default both; `none` for the in-memory parts only), --proofs=N
 * (random indices for the in-memory proof comparison, default 20,000), --compare=N (tree size of
 * the merkletreejs comparison, default --leaves).
 */
import { hash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { sql } from 'drizzle-orm';
import type { MerkleTree } from 'merkletreejs';
import { ledger, Ledger, openLedger } from '../src/domains/ledger';
import { loadLedgerSigners } from '../src/domains/ledger/ledger.keys';
import {
  CompactRange,
  generateInclusionProof,
  rootPlan,
  MemoryNodeStore,
  sha256Hasher,
  verifyInclusion,
  type NodeSource,
} from '../src/domains/ledger/merkle';
import { storedNodeSource } from '../src/domains/ledger/tile-store';
import { createPlatform } from '../src/platform/bootstrap';
import { parseConfig } from '../src/platform/config';
import { rowsOf } from '../src/platform/db/client';
import type { Platform } from '../src/platform/http/context';
import { buildMerkletreejs, merkletreejsProof } from './merkletreejs-rfc6962';
import { dropPg, freshPgUrl } from './pg-scratch';

const arg = (name: string, fallback: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const LEAVES = Number(arg('leaves', '1000000'));
const APPENDS = Number(arg('appends', '100000'));
const ENGINES = arg('engine', 'pglite,postgres').split(',');
const PROOFS = Number(arg('proofs', '20000'));
const COMPARE = Number(arg('compare', String(LEAVES)));
const TARGET_APPENDS = 20_000;
const TARGET_PROOF_MS = 1;

// Collections between phases, so one phase's garbage is not collected on the next one's clock.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const entry = (i: number) => Buffer.from(`{"bench":${i},"pad":"${'x'.repeat(100)}"}`);
const perSecond = (n: number, ms: number) => Math.round(n / (ms / 1000));
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
const median = (list: number[]) => percentile([...list].sort((a, b) => a - b), 50);

/** "3.2× faster" / "1.4× slower" for zhibao's time against another's. */
function versus(ours: number, theirs: number): string {
  return ours <= theirs ? `zhibao ${(theirs / ours).toFixed(2)}× faster` : `zhibao ${(ours / theirs).toFixed(2)}× slower`;
}

/** Deterministic indexes in [0, size): mulberry32. */
function randomIndexes(count: number, size: number, seed: number): number[] {
  let a = seed >>> 0;
  return Array.from({ length: count }, () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 2 ** 32) * size);
  });
}

function loadAverage(): string {
  return os.loadavg().map((l) => l.toFixed(2)).join(' ');
}

// ---------------------------------------------------------------------------------------------
// Baseline: raw SHA-256 node hashing

let sink = 0;

/** H(0x01 || left || right) over 32-byte children with node:crypto, as the Merkle hasher does it. */
function nodeHashRate(count: number): number {
  const node = Buffer.alloc(65);
  node[0] = 0x01;
  let left = hash('sha256', Buffer.from('left'), 'buffer');
  let right = hash('sha256', Buffer.from('right'), 'buffer');
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    node.set(left, 1);
    node.set(right, 33);
    left = right;
    right = hash('sha256', node, 'buffer');
  }
  const ms = performance.now() - t0;
  sink ^= right[0];
  return count / (ms / 1000);
}

/**
 * Best of five rounds of 1M hashes, after a warm-up: a limit is what the CPU can do, and on a
 * shared machine a slower round measures the neighbours, not SHA-256.
 */
function measureNodeHashRate(): number {
  nodeHashRate(300_000);
  return Math.max(...Array.from({ length: 5 }, () => nodeHashRate(1_000_000)));
}

/** "0.052× the physical limit (1/19)". */
function ofLimit(rate: number, limit: number): string {
  const share = `${(rate / limit).toFixed(3)}× the physical limit`;
  return rate < limit ? `${share} (1/${(limit / rate).toFixed(rate * 10 > limit ? 1 : 0)})` : share;
}

// ---------------------------------------------------------------------------------------------
// In memory: zhibao's node store (bulk build; incremental compact range) against merkletreejs

interface Comparison {
  size: number;
  compatible: boolean;
  compatibility: string;
  memoryAppendRate: number;
  oursBuildMs: number;
  oursIncrementalMs: number;
  theirsBuildMs: number;
  oursProofUs: number;
  theirsProofUs: number;
}

/** "Incremental append": the whole tree in memory the way the integrator builds it, each leaf appended to the compact range, every completed node stored. */
function buildIncremental(leafHashes: readonly Buffer[]): { store: MemoryNodeStore; range: CompactRange } {
  const store = new MemoryNodeStore(sha256Hasher.size);
  const range = CompactRange.empty(sha256Hasher);
  for (const leaf of leafHashes) range.appendWith(leaf, store.put);
  range.root();
  return { store, range };
}

/**
 * "Bulk": the whole tree at once, as `zhibao ledger build` builds it: `MemoryNodeStore.fromLeafHashes`
 * fills each level's slab from the one below (the same nodes as the incremental build), then
 * the root from the border nodes. The compact range, for appending on, is made from the store.
 */
function buildOurs(leafHashes: readonly Buffer[]): { store: MemoryNodeStore; root: Buffer } {
  const store = MemoryNodeStore.fromLeafHashes(leafHashes, sha256Hasher);
  return { store, root: store.root(leafHashes.length, sha256Hasher) };
}

function rangeOf(store: MemoryNodeStore, size: number): CompactRange {
  return CompactRange.fromBorder(sha256Hasher, size, store.getNodesSync(rootPlan(size)));
}

function sameProof(a: readonly Buffer[], b: readonly Buffer[]): boolean {
  return a.length === b.length && a.every((h, k) => h.equals(b[k]));
}

async function compareWithMerkletreejs(size: number, physicalLimit: number): Promise<Comparison> {
  console.log(`\nin memory, ${fmt(size)} leaves: zhibao (bulk build into a node store; incremental compact range + node store) vs merkletreejs 0.6.0`);

  // Same tree? Every size 1..64 and some edges, every leaf's audit path.
  const small = Array.from({ length: 1025 }, (_, i) => sha256Hasher.hashLeaf(entry(i)));
  const sizes = [...Array.from({ length: 64 }, (_, i) => i + 1), 100, 127, 128, 129, 255, 256, 257, 1000, 1023, 1024, 1025];
  let rootsEqual = 0;
  let pathsEqual = 0;
  let paths = 0;
  for (const n of sizes) {
    const leaves = small.slice(0, n);
    const { store, root } = buildOurs(leaves);
    const incremental = buildIncremental(leaves);
    const theirs = buildMerkletreejs(leaves);
    if (theirs.getRoot().equals(root) && incremental.range.root().equals(root)) rootsEqual++;
    for (let i = 0; i < n; i++) {
      const p = merkletreejsProof(theirs, leaves[i], i);
      const ok = verifyInclusion(sha256Hasher, i, n, leaves[i], p, root).ok;
      if (ok && sameProof(p, await generateInclusionProof(store, sha256Hasher, i, n)) && sameProof(p, incremental.store.inclusionProof(i, n, sha256Hasher))) pathsEqual++;
      paths++;
    }
  }
  let compatible = rootsEqual === sizes.length && pathsEqual === paths;
  console.log(
    `  RFC 6962 check, ${sizes.length} tree sizes 1–1,025: roots equal (bulk, incremental, merkletreejs) ${rootsEqual}/${sizes.length}, ` +
      `merkletreejs audit paths identical to zhibao's (both builds) and verifying by RFC 9162 ${fmt(pathsEqual)}/${fmt(paths)}`,
  );

  // zhibao appending entries in memory: leaf hash + compact range + node store, no database.
  let entries: Buffer[] | undefined = Array.from({ length: size }, (_, i) => entry(i));
  gc();
  let t0 = performance.now();
  const leafHashes = entries.map((e) => sha256Hasher.hashLeaf(e));
  const leafMs = performance.now() - t0;
  entries = undefined;
  gc();
  t0 = performance.now();
  // (Only its node count and root are kept, not the tree: the builds below start from the same memory.)
  let [incrementalNodes, incrementalRoot] = ((built): [number, Buffer] => [built.store.nodeCount, built.range.root()])(buildIncremental(leafHashes));
  const memoryAppendRate = perSecond(size, leafMs + performance.now() - t0);
  console.log(`  zhibao appends in memory (leaf hash + tree, no database)   ${fmt(memoryAppendRate).padStart(9)} appends/s   ${ofLimit(memoryAppendRate, physicalLimit)}`);

  // Builds over the same leaf hashes, five rounds, the order of the three rotating each round
  // (so none always runs first or after the same neighbour); the best of each (all are bound by
  // the same SHA-256 calls, and on a shared machine a slower round measures the neighbours).
  let ours: ReturnType<typeof buildOurs> | undefined;
  let theirs: MerkleTree | undefined;
  const oursMs: number[] = [];
  const incrementalMs: number[] = [];
  const theirsMs: number[] = [];
  const builds = [
    () => {
      ours = undefined;
      gc();
      const s = performance.now();
      ours = buildOurs(leafHashes);
      oursMs.push(performance.now() - s);
    },
    () => {
      gc();
      const s = performance.now();
      const incremental = buildIncremental(leafHashes);
      incrementalMs.push(performance.now() - s);
      incrementalNodes = incremental.store.nodeCount;
      incrementalRoot = incremental.range.root();
    },
    () => {
      theirs = undefined;
      gc();
      const s = performance.now();
      theirs = buildMerkletreejs(leafHashes);
      theirsMs.push(performance.now() - s);
    },
  ];
  const order: string[] = [];
  for (let round = 0; round < 5; round++) {
    for (let k = 0; k < builds.length; k++) builds[(round + k) % builds.length]();
    order.push(Array.from({ length: 3 }, (_, k) => 'BIM'[(round + k) % 3]).join(''));
  }
  const { store, root } = ours!;
  const range = rangeOf(store, size);
  const tree = theirs!;
  const oursBuildMs = Math.min(...oursMs);
  const oursIncrementalMs = Math.min(...incrementalMs);
  const theirsBuildMs = Math.min(...theirsMs);
  const rootMatch = tree.getRoot().equals(root) && range.root().equals(root) && incrementalRoot.equals(root) && incrementalNodes === store.nodeCount;
  compatible &&= rootMatch;
  const nodeHashes = size - 1;
  const all = (list: number[]) => list.map((ms) => (ms / 1000).toFixed(2)).join(' ');
  console.log(`  builds: 5 rounds, order per round ${order.join(' ')} (B bulk, I incremental, M merkletreejs)`);
  console.log(
    `  build, zhibao bulk (MemoryNodeStore.fromLeafHashes, level by level)   ${(oursBuildMs / 1000).toFixed(2).padStart(6)} s   ${fmt(nodeHashes / (oursBuildMs / 1000)).padStart(9)} node hashes/s   (best of 5; median ${(median(oursMs) / 1000).toFixed(2)} s; all ${all(oursMs)})`,
  );
  console.log(
    `  build, zhibao incremental append (compact range + node store, per leaf)   ${(oursIncrementalMs / 1000).toFixed(2).padStart(6)} s   ${fmt(nodeHashes / (oursIncrementalMs / 1000)).padStart(9)} node hashes/s   (best of 5; median ${(median(incrementalMs) / 1000).toFixed(2)} s; all ${all(incrementalMs)})   ${versus(oursIncrementalMs, theirsBuildMs)}`,
  );
  console.log(
    `  build, merkletreejs (new MerkleTree(leafHashes, …), layer by layer)   ${(theirsBuildMs / 1000).toFixed(2).padStart(6)} s   ${fmt(nodeHashes / (theirsBuildMs / 1000)).padStart(9)} node hashes/s   (best of 5; median ${(median(theirsMs) / 1000).toFixed(2)} s; all ${all(theirsMs)})   bulk: ${versus(oursBuildMs, theirsBuildMs)}`,
  );
  console.log(
    `  roots at ${fmt(size)} ${rootMatch ? 'equal' : 'DIFFER'} (bulk, incremental, merkletreejs; node counts ${fmt(store.nodeCount)} / ${fmt(incrementalNodes)}); peak RSS of this process so far ${mb(process.resourceUsage().maxRSS * 1024)} (default heap)`,
  );

  // Proofs: the same random indexes from both, each timed alone; zhibao's from the store's
  // synchronous `inclusionProof` (what code holding a MemoryNodeStore calls; the async
  // `generateInclusionProof(store, …)` hands over to it), merkletreejs's `getProof(leaf, index)`
  // (with the index; without it, it scans). Both give the same hashes (checked on 200).
  const indexes = randomIndexes(PROOFS, size, 0x5eed);
  // The general path, as for a database: plan objects, one batched read, the ragged-edge fold.
  const plainSource: NodeSource = { getNodes: (coords) => store.getNodes(coords) };
  let agree = 0;
  for (const i of indexes.slice(0, 200)) {
    const p = store.inclusionProof(i, size, sha256Hasher);
    const general = await generateInclusionProof(plainSource, sha256Hasher, i, size);
    const viaAsync = await generateInclusionProof(store, sha256Hasher, i, size);
    if (
      sameProof(p, merkletreejsProof(tree, leafHashes[i], i)) &&
      sameProof(p, general) &&
      sameProof(p, viaAsync) &&
      verifyInclusion(sha256Hasher, i, size, leafHashes[i], p, root).ok
    ) {
      agree++;
    }
  }
  compatible &&= agree === 200;
  const timeOurs = (list: number[], treeSize: number) => {
    const out: number[] = [];
    for (const i of list) {
      const s = performance.now();
      store.inclusionProof(i, treeSize, sha256Hasher);
      out.push(performance.now() - s);
    }
    return out.sort((a, b) => a - b);
  };
  const timeOursAsync = async (list: number[], source: NodeSource) => {
    const out: number[] = [];
    for (const i of list) {
      const s = performance.now();
      await generateInclusionProof(source, sha256Hasher, i, size);
      out.push(performance.now() - s);
    }
    return out.sort((a, b) => a - b);
  };
  const timeTheirs = (list: number[]) => {
    const out: number[] = [];
    for (const i of list) {
      const s = performance.now();
      tree.getProof(leafHashes[i], i);
      out.push(performance.now() - s);
    }
    return out.sort((a, b) => a - b);
  };
  // Alternating rounds after a warm-up, the median over all proofs of each (a neighbour's burst
  // then hits both sides alike).
  timeOurs(indexes.slice(0, 2000), size);
  timeTheirs(indexes.slice(0, 2000));
  const oursT: number[] = [];
  const theirsT: number[] = [];
  const ROUNDS = 4;
  for (let round = 0; round < ROUNDS; round++) {
    const part = indexes.slice((round * indexes.length) / ROUNDS, ((round + 1) * indexes.length) / ROUNDS);
    gc();
    oursT.push(...timeOurs(part, size));
    gc();
    theirsT.push(...timeTheirs(part));
  }
  oursT.sort((a, b) => a - b);
  theirsT.sort((a, b) => a - b);
  const us = (ms: number) => `${(ms * 1000).toFixed(2)} µs`;
  const oursProofUs = percentile(oursT, 50) * 1000;
  const theirsProofUs = percentile(theirsT, 50) * 1000;
  console.log(`  inclusion proof, zhibao         p50 ${us(percentile(oursT, 50)).padStart(9)}   p99 ${us(percentile(oursT, 99)).padStart(9)}   (store.inclusionProof; ${fmt(PROOFS)} random indexes; identical to merkletreejs's: ${agree}/200)`);
  console.log(`  inclusion proof, merkletreejs   p50 ${us(percentile(theirsT, 50)).padStart(9)}   p99 ${us(percentile(theirsT, 99)).padStart(9)}   ${versus(oursProofUs, theirsProofUs)}`);
  // The other ways to the same proof, for scale.
  const sample = indexes.slice(0, 5000);
  await timeOursAsync(sample.slice(0, 1000), store);
  const viaAsync = await timeOursAsync(sample, store);
  console.log(`  inclusion proof, zhibao, async generateInclusionProof(store, …)   p50 ${us(percentile(viaAsync, 50))}`);
  await timeOursAsync(sample.slice(0, 1000), plainSource);
  const general = await timeOursAsync(sample, plainSource);
  console.log(
    `  inclusion proof, zhibao, general NodeSource path (plan objects, one batched read, ragged edge folded every time, as for a database)   p50 ${us(percentile(general, 50))}`,
  );
  // The ragged-edge element is folded once per tree size and height, then cached: the first
  // proof at each new size (a fresh size each time, index chosen at random) pays the fold.
  const firstAtSize: number[] = [];
  for (let k = 1; k <= 200; k++) {
    const n = size - k;
    const i = indexes[k] % n;
    const s = performance.now();
    store.inclusionProof(i, n, sha256Hasher);
    firstAtSize.push(performance.now() - s);
  }
  console.log(`  inclusion proof, zhibao, first at a new tree size (ragged edge not yet cached)   p50 ${us(median(firstAtSize))}`);
  const pow2 = 2 ** Math.floor(Math.log2(size));
  if (pow2 !== size) {
    timeOurs(indexes.slice(0, 2000).map((i) => i % pow2), pow2);
    const older = timeOurs(indexes.map((i) => i % pow2), pow2);
    console.log(
      `  inclusion proof, zhibao, same store at size ${fmt(pow2)} (an older size, a power of two: nothing to fold; merkletreejs cannot prove an older size)   p50 ${us(percentile(older, 50))}`,
    );
  }
  const scan: number[] = [];
  for (const i of indexes.slice(0, 5)) {
    const s = performance.now();
    tree.getProof(leafHashes[i]);
    scan.push(performance.now() - s);
  }
  console.log(`  merkletreejs getProof(leaf) without the index (as in its README)   p50 ${median(scan).toFixed(1)} ms (a scan of every leaf)`);

  // One more append to the built tree.
  const extra = Array.from({ length: 1001 }, (_, i) => sha256Hasher.hashLeaf(entry(size + i)));
  const appendTimes: number[] = [];
  for (const h of extra.slice(0, 1000)) {
    const s = performance.now();
    range.appendWith(h, store.put);
    appendTimes.push(performance.now() - s);
  }
  t0 = performance.now();
  tree.addLeaf(extra[1000]);
  const addLeafMs = performance.now() - t0;
  console.log(`  one more append at ${fmt(size)}: zhibao p50 ${us(median(appendTimes))}; merkletreejs addLeaf ${addLeafMs.toFixed(0)} ms (rebuilds every layer)`);
  return {
    size,
    compatible,
    compatibility: `roots ${rootsEqual}/${sizes.length} small sizes + ${fmt(size)} ${rootMatch ? 'equal' : 'DIFFER'}, audit paths ${fmt(pathsEqual + agree)}/${fmt(paths + 200)} identical`,
    memoryAppendRate,
    oursBuildMs,
    oursIncrementalMs,
    theirsBuildMs,
    oursProofUs,
    theirsProofUs,
  };
}

// ---------------------------------------------------------------------------------------------
// The ledger on a database

interface EngineResult {
  engine: string;
  size: number;
  batchedEntries: number;
  queuedRate: number;
  integratedRate: number;
  endToEndRate: number;
  proofs: Record<string, { p50: number; p99: number }>;
}

async function fill(platform: Platform, l: Ledger, count: number, first: number): Promise<{ enqueueMs: number; integrateMs: number }> {
  let t0 = performance.now();
  for (let i = 0; i < count; i += 1000) {
    const n = Math.min(1000, count - i);
    await platform.db.transaction((tx) => ledger.appendMany(Array.from({ length: n }, (_, k) => entry(first + i + k)), tx));
  }
  const enqueueMs = performance.now() - t0;
  t0 = performance.now();
  for (;;) {
    const r = await l.integrate();
    if (r.integrated === 0 && !r.more) break;
  }
  return { enqueueMs, integrateMs: performance.now() - t0 };
}

async function benchEngine(engine: 'pglite' | 'postgres', physicalLimit: number, databaseUrl?: string): Promise<EngineResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhibao-bench-ledger-'));
  const config = parseConfig({ ZHIBAO_DATA_DIR: dataDir, ZHIBAO_SECRET_KEY: '5a'.repeat(32), LOG_LEVEL: 'silent', DATABASE_URL: databaseUrl });
  const platform = await createPlatform(config, { inMemory: !databaseUrl });
  try {
    const l = await openLedger(platform);
    console.log(`\n${engine}`);

    // Callers: single appends in transactions of 100 (what domain code does), then the integrator.
    let t0 = performance.now();
    const single = Math.min(APPENDS, 20_000);
    for (let i = 0; i < single; i += 100) {
      await platform.db.transaction(async (tx) => {
        for (let k = 0; k < 100; k++) await ledger.append(entry(i + k), tx);
      });
    }
    const singleMs = performance.now() - t0;
    console.log(`  ledger.append, 100 per transaction   ${fmt(perSecond(single, singleMs)).padStart(8)} entries/s queued`);
    t0 = performance.now();
    for (;;) {
      const r = await l.integrate();
      if (r.integrated === 0 && !r.more) break;
    }
    const drainMs = performance.now() - t0;
    console.log(`  integrator (batches of ${l.batchSize})         ${fmt(perSecond(single, drainMs)).padStart(8)} entries/s sequenced`);

    // Batched: appendMany, 1000 per transaction, then the integrator; first APPENDS entries, then
    // on to LEAVES. The rates "to LEAVES" cover every batched entry.
    const many = await fill(platform, l, APPENDS, single);
    const integrated = perSecond(APPENDS, many.integrateMs);
    console.log(`  appendMany, 1000 per transaction     ${fmt(perSecond(APPENDS, many.enqueueMs)).padStart(8)} entries/s queued      (first ${fmt(APPENDS)})`);
    console.log(`  integrator (batches of ${l.batchSize})         ${fmt(integrated).padStart(8)} entries/s sequenced`);
    const batched = { entries: APPENDS, ...many };
    const have = single + APPENDS;
    if (LEAVES > have) {
      t0 = performance.now();
      const more = await fill(platform, l, LEAVES - have, have);
      batched.entries += LEAVES - have;
      batched.enqueueMs += more.enqueueMs;
      batched.integrateMs += more.integrateMs;
      console.log(`  grown to ${fmt(LEAVES)} leaves in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    const queuedRate = perSecond(batched.entries, batched.enqueueMs);
    const integratedRate = perSecond(batched.entries, batched.integrateMs);
    const endToEndRate = perSecond(batched.entries, batched.enqueueMs + batched.integrateMs);
    const size = (await l.latestCheckpoint()).size;
    console.log(`  batched appends to ${fmt(size)} (${fmt(batched.entries)} entries through appendMany + integrator):`);
    console.log(`    queued              ${fmt(queuedRate).padStart(8)} entries/s   ${ofLimit(queuedRate, physicalLimit)}`);
    console.log(`    sequenced           ${fmt(integratedRate).padStart(8)} entries/s   ${ofLimit(integratedRate, physicalLimit)}`);
    console.log(
      `    end to end          ${fmt(endToEndRate).padStart(8)} appends/s   ${ofLimit(endToEndRate, physicalLimit)}   ${(endToEndRate / TARGET_APPENDS).toFixed(2)}× target`,
    );

    const latest = await l.latestCheckpoint();
    const indexes = Array.from({ length: 500 }, (_, i) => Math.floor(((i * 2654435761) % 2 ** 32) / 2 ** 32 * size));

    // A fresh instance, as in a new process: empty stratum cache, no checkpoint remembered.
    const fresh = new Ledger(platform.db, l.log, loadLedgerSigners({ dataDir }, l.origin));
    const timings: Record<string, number[]> = { 'from the database': [], 'service, first': [], 'service, cached': [] };
    for (const index of indexes) {
      // Tree read only: the nodes straight from ledger_tiles, one query per proof.
      const source = storedNodeSource(platform.db, l.log.id);
      t0 = performance.now();
      const proof = await generateInclusionProof(source, sha256Hasher, index, size);
      timings['from the database'].push(performance.now() - t0);
      if (!verifyInclusion(sha256Hasher, index, size, sha256Hasher.hashLeaf(entry(index)), proof, latest.root).ok) throw new Error(`proof ${index} fails`);
    }
    for (const key of ['service, first', 'service, cached']) {
      for (const index of indexes) {
        t0 = performance.now();
        await fresh.inclusionProof(index, size);
        timings[key].push(performance.now() - t0);
      }
    }
    const proofs: EngineResult['proofs'] = {};
    for (const [name, list] of Object.entries(timings)) {
      const sorted = [...list].sort((a, b) => a - b);
      proofs[name] = { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
      console.log(
        `  inclusion proof at ${fmt(size)}, ${name.padEnd(17)}   p50 ${proofs[name].p50.toFixed(3)} ms   p99 ${proofs[name].p99.toFixed(3)} ms   ${(TARGET_PROOF_MS / proofs[name].p50).toFixed(1)}× under target`,
      );
    }
    const [sizes] = rowsOf<{ strata: string; entries: string }>(
      await platform.db.execute(sql`select pg_size_pretty(pg_total_relation_size('ledger_strata')) as strata, pg_size_pretty(pg_total_relation_size('ledger_entries')) as entries`),
    );
    console.log(`  storage: strata ${sizes.strata}, entries ${sizes.entries} (with indexes)`);
    return { engine, size, batchedEntries: batched.entries, queuedRate, integratedRate, endToEndRate, proofs };
  } finally {
    await platform.database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// The run

const started = new Date();
const loadAtStart = loadAverage();
console.log(`bench:ledger  ${started.toISOString()}  ${os.cpus().length} CPUs  Node ${process.version}  load average ${loadAtStart}`);

console.log('\nbaseline: raw SHA-256 node hash, H(0x01 || left || right) of 32-byte children, node:crypto one-shot hash()');
const hashRate = measureNodeHashRate();
const physicalLimit = hashRate / 2;
console.log(`  ${fmt(hashRate)} hashes/s (best of 5 × 1M)   → physical limit ${fmt(physicalLimit)} appends/s (an append ≈ 2 hashes: its leaf + one node)`);

const comparison = COMPARE > 0 ? await compareWithMerkletreejs(COMPARE, physicalLimit) : undefined;
gc();

const results: EngineResult[] = [];
if (ENGINES.includes('pglite')) results.push(await benchEngine('pglite', physicalLimit));
let postgresNote = ENGINES.includes('postgres') ? '' : 'not run (--engine)';
if (ENGINES.includes('postgres')) {
  const url = await freshPgUrl();
  if (!url) {
    postgresNote = 'no server answers (set DATABASE_URL)';
    console.log(`\npostgres: ${postgresNote}; skipped`);
  } else {
    try {
      results.push(await benchEngine('postgres', physicalLimit, url));
    } finally {
      await dropPg(url);
    }
  }
}

const hashRateAtEnd = measureNodeHashRate();

// ---------------------------------------------------------------------------------------------
// Summary

const verdict = (met: boolean) => (met ? 'MET' : 'NOT MET');
const names: Record<string, string> = { pglite: 'PGlite', postgres: 'PostgreSQL' };
console.log(`\n${'='.repeat(100)}`);
console.log(`summary: one run, ${started.toISOString()} – ${new Date().toISOString()}, load average ${loadAtStart} at start, ${loadAverage()} at end`);
console.log(
  `  raw SHA-256 node hash      ${fmt(hashRate)} hashes/s → physical limit ${fmt(physicalLimit)} appends/s (re-measured at the end: ${fmt(hashRateAtEnd)} hashes/s)`,
);
for (const r of results) {
  console.log(
    `  appends, ${names[r.engine].padEnd(10)}       batched to ${fmt(r.size)}: ${fmt(r.endToEndRate)}/s end to end = ${ofLimit(r.endToEndRate, physicalLimit)}; ` +
      `integrator alone ${fmt(r.integratedRate)}/s = ${(r.integratedRate / physicalLimit).toFixed(3)}×`,
  );
}
if (comparison) {
  console.log(`  appends, in memory           ${fmt(comparison.memoryAppendRate)}/s (zhibao tree code, no database) = ${ofLimit(comparison.memoryAppendRate, physicalLimit)}`);
}
console.log('targets:');
const pg = results.find((r) => r.engine === 'postgres');
console.log(
  pg
    ? `  [${verdict(pg.endToEndRate >= TARGET_APPENDS)}] ≥ ${fmt(TARGET_APPENDS)} appends/s on PostgreSQL: ${fmt(pg.endToEndRate)}/s end to end (queue + integrate), ` +
        `integrator alone ${fmt(pg.integratedRate)}/s (${(pg.endToEndRate / TARGET_APPENDS).toFixed(2)}× / ${(pg.integratedRate / TARGET_APPENDS).toFixed(2)}× target)`
    : `  [NOT MEASURED] ≥ ${fmt(TARGET_APPENDS)} appends/s on PostgreSQL: ${postgresNote}`,
);
if (results.length === 0) console.log(`  [NOT MEASURED] inclusion proof < ${TARGET_PROOF_MS} ms at 1,000,000 leaves: no database engine run (--engine)`);
for (const r of results) {
  const cold = [r.proofs['from the database'], r.proofs['service, first']];
  const worst = Math.max(...cold.map((p) => p.p50));
  const at = r.size >= 1_000_000 ? `${fmt(r.size)} leaves` : `${fmt(r.size)} leaves (NOT 1M: --leaves)`;
  console.log(
    `  [${verdict(worst < TARGET_PROOF_MS)}] inclusion proof < ${TARGET_PROOF_MS} ms at ${at}, ${names[r.engine]}: median from the database ${r.proofs['from the database'].p50.toFixed(3)} ms, ` +
      `service cold ${r.proofs['service, first'].p50.toFixed(3)} ms, warm ${r.proofs['service, cached'].p50.toFixed(3)} ms ` +
      `(p99 ${r.proofs['from the database'].p99.toFixed(2)} / ${r.proofs['service, first'].p99.toFixed(2)} / ${r.proofs['service, cached'].p99.toFixed(2)} ms)`,
  );
}
if (comparison) {
  const c = comparison;
  const margin = (ours: number, theirs: number) => (Math.abs(theirs / ours - 1) < 0.1 ? ' (margin under 10%: within run-to-run noise)' : '');
  console.log(
    `  [${verdict(c.oursBuildMs < c.theirsBuildMs)}] faster than merkletreejs, build of ${fmt(c.size)} leaves in memory: zhibao bulk ${(c.oursBuildMs / 1000).toFixed(2)} s, ` +
      `merkletreejs ${(c.theirsBuildMs / 1000).toFixed(2)} s → ${versus(c.oursBuildMs, c.theirsBuildMs)}${margin(c.oursBuildMs, c.theirsBuildMs)} ` +
      `(incremental append ${(c.oursIncrementalMs / 1000).toFixed(2)} s: ${versus(c.oursIncrementalMs, c.theirsBuildMs)})`,
  );
  console.log(
    `  [${verdict(c.oursProofUs < c.theirsProofUs)}] faster than merkletreejs, inclusion proof at ${fmt(c.size)} in memory (median): zhibao ${c.oursProofUs.toFixed(2)} µs, ` +
      `merkletreejs ${c.theirsProofUs.toFixed(2)} µs → ${versus(c.oursProofUs, c.theirsProofUs)}${margin(c.oursProofUs, c.theirsProofUs)}`,
  );
  console.log(`  (same tree: ${c.compatible ? 'yes' : 'NO'}; ${c.compatibility})`);
}
if (sink === -1) console.log(sink);
