import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ledger, openLedger } from '../src/domains/ledger';
import { checkpointNoteDigest, timestampPendingCheckpoints } from '../src/domains/ledger/checkpoint-timestamps';
import { createTsa, verifyTimestampToken } from '../src/domains/ledger/tsa';
import { useTestApp } from './support/test-app';

/** Trusted time on the log: each signed checkpoint receives one RFC 3161 token over its note. */
const t = useTestApp();

describe('checkpoint timestamps', () => {
  it('gives every signed checkpoint a token over its note that our verifier and openssl ts -verify accept, once', async () => {
    const log = await openLedger(t.platform);
    await t.platform.db.transaction(async (tx) => {
      for (let i = 0; i < 3; i++) await ledger.append(Buffer.from(`timestamped entry ${i}`), tx);
    });
    for (;;) {
      const r = await log.integrate();
      if (r.integrated === 0 && !r.more) break;
    }
    const tsa = await createTsa(t.platform.config, { now: t.platform.now });
    const pending = await log.checkpointsAwaitingTimestamp();
    expect(pending.length).toBeGreaterThan(0);
    expect(await timestampPendingCheckpoints(log, tsa)).toBe(pending.length);
    expect(await log.checkpointsAwaitingTimestamp()).toEqual([]);
    // A second round finds nothing to do: a checkpoint's token is never replaced.
    expect(await timestampPendingCheckpoints(log, tsa)).toBe(0);

    const latest = await log.latestCheckpoint();
    expect(latest.tsaToken).not.toBeNull();
    const { ca } = tsa.certificatesPem();
    const digest = checkpointNoteDigest(latest.note);
    const verdict = await verifyTimestampToken(latest.tsaToken!, { digest, hash: 'sha256', trustedCaPem: ca });
    expect(verdict.ok).toBe(true);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zb-cp-ts-'));
    fs.writeFileSync(path.join(dir, 'ca.pem'), ca);
    fs.writeFileSync(path.join(dir, 'token.der'), latest.tsaToken!);
    fs.writeFileSync(path.join(dir, 'checkpoint.txt'), latest.note);
    const out = execFileSync('openssl', ['ts', '-verify', '-data', path.join(dir, 'checkpoint.txt'), '-in', path.join(dir, 'token.der'), '-token_in', '-CAfile', path.join(dir, 'ca.pem')], { encoding: 'utf8' });
    expect(out).toContain('Verification: OK');
    fs.writeFileSync(path.join(dir, 'checkpoint.txt'), latest.note.replace(/\n(\d+)\n/, (_, n) => `\n${Number(n) + 1}\n`));
    expect(() => execFileSync('openssl', ['ts', '-verify', '-data', path.join(dir, 'checkpoint.txt'), '-in', path.join(dir, 'token.der'), '-token_in', '-CAfile', path.join(dir, 'ca.pem')], { stdio: 'pipe' })).toThrow();
  });
});
