import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCheckpoint } from '../../domains/ledger/crypto/checkpoint';
import { createNoteVerifier, generateSignerKey, parseNote } from '../../domains/ledger/crypto/note';
import { openssl } from '../../domains/ledger/crypto/openssl-cli';
import { sm2PublicKeyToPem, SM2_DEFAULT_ID } from '../../domains/ledger/crypto/sm2';
import { listVectorFiles, readVector } from '../../domains/ledger/merkle/merkle.test-support';
import { encodeEntryBundle } from '../../domains/ledger/merkle/tiles';
import { buildReceipt, type BuiltReceipt } from '../../domains/ledger/verify/receipt.test-support';
import type { CliIo } from '../io';
import { buildProgram } from '../program';

/** Runs `zhibao <args>` in-process through commander's argv parsing, capturing output and exit code. */
async function zhibao(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const raw: string[] = [];
  const stdout = new PassThrough();
  stdout.on('data', (d: Buffer) => raw.push(d.toString()));
  let exitCode = 0;
  const io: CliIo = { out: (s) => out.push(s), err: (s) => err.push(s), setExitCode: (n) => (exitCode = n), stdout };
  // An environment that would break any command touching the database or the network.
  const program = buildProgram({ io, env: { DATABASE_URL: 'mysql://must-not-be-used', ZHIBAO_BASE_URL: 'http://127.0.0.1:1' } });
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (e) {
    exitCode = (e as { exitCode?: number }).exitCode ?? 99;
  }
  return { out: out.join('\n'), err: err.join('\n'), stdout: raw.join(''), exitCode };
}

let dir: string;
let good: BuiltReceipt;
const f = (name: string) => path.join(dir, name);

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'zhibao-ledger-cli-'));
  good = await buildReceipt();
  writeFileSync(f('receipt.json'), good.json);
  writeFileSync(f('evidence.txt'), good.file);
  const tampered = Buffer.from(good.file);
  tampered[0] ^= 1;
  writeFileSync(f('tampered.txt'), tampered);
  writeFileSync(f('vkeys'), `${good.keys.ed25519.vkey}\n${good.keys.sm2.vkey}\n`);
  writeFileSync(f('ca.pem'), good.tsaCaPem);
  writeFileSync(f('ed.skey'), `${good.keys.ed25519.skey}\n`);
  writeFileSync(f('sm2.skey'), `${good.keys.sm2.skey}\n`);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('zhibao ledger verify-receipt', () => {
  it('exits 0 for a genuine receipt and its file, with every step marked and the trust notes', async () => {
    const r = await zhibao(['ledger', 'verify-receipt', f('receipt.json'), f('evidence.txt')]);
    expect(r.exitCode).toBe(0);
    expect(r.out.match(/^✓ \d+\./gm)).toHaveLength(10);
    expect(r.out).toContain('✓ 2. 文件哈希（SHA-256 与 SM3） / File hashes (SHA-256 and SM3): 通过 / passed');
    expect(r.out).toContain(`sha256: ${createHash('sha256').update(good.file).digest('hex')}`);
    expect(r.out).toContain('keys taken from the receipt — compare them with the keys the log publishes at https://zhibao.test/api/ledger/vkeys');
    expect(r.out).toContain('检查点是用凭证自带的验证公钥核验的');
    expect(r.out).toContain('Verdict: everything verifies.');
  });

  it('with pinned keys and CA the trust notes go away', async () => {
    const r = await zhibao(['ledger', 'verify-receipt', f('receipt.json'), f('evidence.txt'), '--key', f('vkeys'), '--tsa-ca', f('ca.pem')]);
    expect(r.exitCode).toBe(0);
    expect(r.out).not.toContain('Note:');
    // A key given inline works as well as a file.
    const inline = await zhibao(['ledger', 'verify-receipt', f('receipt.json'), '--key', good.keys.ed25519.vkey, '--key', good.keys.sm2.vkey]);
    expect(inline.exitCode).toBe(0);
  });

  it('exits 1 for a tampered file and says which step failed, in both languages', async () => {
    const r = await zhibao(['ledger', 'verify-receipt', f('receipt.json'), f('tampered.txt')]);
    expect(r.exitCode).toBe(1);
    expect(r.out).toMatch(/^✗ 2\. 文件哈希.*未通过 \/ FAILED$/m);
    expect(r.out).toContain('文件已被修改或不是同一个文件');
    expect(r.out).toContain('the file was changed or is another file');
    expect(r.out).toContain('Verdict: verification FAILED');
  });

  it('without the file: exit 0 only if the rest verifies, and says the file was not compared', async () => {
    const r = await zhibao(['ledger', 'verify-receipt', f('receipt.json')]);
    expect(r.exitCode).toBe(0);
    expect(r.out).toMatch(/^– 2\. .*未检查 \/ not checked$/m);
    expect(r.out).toContain('so the file itself was NOT compared');
  });

  it('exits 1 for a wrong pinned key, an unreadable receipt, and a receipt that is not one', async () => {
    const other = generateSignerKey('zhibao.test/ledger', 'sm2');
    let r = await zhibao(['ledger', 'verify-receipt', f('receipt.json'), f('evidence.txt'), '--key', good.keys.ed25519.vkey, '--key', other.vkey]);
    expect(r.exitCode).toBe(1);
    expect(r.out).toMatch(/^✗ 8\. /m);
    r = await zhibao(['ledger', 'verify-receipt', f('missing.json')]);
    expect(r.exitCode).toBe(1);
    expect(r.err).toContain('Cannot read the file');
    writeFileSync(f('not-receipt.json'), '{"hello": 1}');
    r = await zhibao(['ledger', 'verify-receipt', f('not-receipt.json')]);
    expect(r.exitCode).toBe(1);
    expect(r.out).toContain('The receipt does not follow zhibao.evidence-receipt/1');
  });

  it('--json prints the steps with their texts', async () => {
    const r = await zhibao(['ledger', 'verify-receipt', f('receipt.json'), f('tampered.txt'), '--json']);
    expect(r.exitCode).toBe(1);
    const json = JSON.parse(r.out);
    expect(json.verdict).toBe('failed');
    const file = json.steps.find((s: { id: string }) => s.id === 'file');
    expect(file).toMatchObject({ status: 'fail', code: 'verify.file_sha256_mismatch' });
    expect(file.message.en).toContain('The SHA-256 of the file is');
  });

  it('the real binary: exit codes 0 and 1, with no server running', () => {
    const run = (args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', ...args], {
        encoding: 'utf8',
        env: { ...process.env, DATABASE_URL: 'mysql://must-not-be-used', ZHIBAO_BASE_URL: 'http://127.0.0.1:1' },
      });
    const ok = run(['ledger', 'verify-receipt', f('receipt.json'), f('evidence.txt')]);
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    const bad = run(['ledger', 'verify-receipt', f('receipt.json'), f('tampered.txt')]);
    expect(bad.status).toBe(1);
  }, 60_000);
});

describe('zhibao ledger verify-inclusion / verify-consistency: transparency-dev probes through argv', () => {
  // The argv form cannot write a one-item proof whose item is empty ('' means no proof): such a
  // probe (inclusion/0/preceding-garbage) is given as two empty items, a proof just as malformed.
  const b64list = (p: string[] | null) => (p?.length === 1 && p[0] === '' ? ',' : (p ?? []).join(','));
  const files = (kind: string) => listVectorFiles(`transparency-dev-merkle/testdata/${kind}`);

  it('every inclusion probe: exit 0 exactly when the probe expects success', async () => {
    const probes = files('inclusion');
    expect(probes.length).toBeGreaterThan(90);
    let good = 0;
    for (const file of probes) {
      const p = readVector<{ leafIdx: number; treeSize: number; root: string; leafHash: string; proof: string[] | null; wantErr: boolean }>(file);
      const r = await zhibao([
        'ledger', 'verify-inclusion', '--hash', 'sha256',
        '--leaf-hash', p.leafHash, '--index', String(p.leafIdx), '--size', String(p.treeSize),
        '--root', p.root, '--proof', b64list(p.proof),
      ]);
      expect(r.exitCode, `${file}: ${r.out} ${r.err}`).toBe(p.wantErr ? 1 : 0);
      if (!p.wantErr) {
        good++;
        expect(r.out).toContain('Inclusion verified');
      }
    }
    expect(good).toBeGreaterThan(0);
  }, 60_000);

  it('every consistency probe: exit 0 exactly when the probe expects success', async () => {
    const probes = files('consistency');
    expect(probes.length).toBeGreaterThan(90);
    let good = 0;
    for (const file of probes) {
      const p = readVector<{ size1: number; size2: number; root1: string; root2: string; proof: string[] | null; wantErr: boolean }>(file);
      const r = await zhibao([
        'ledger', 'verify-consistency',
        '--size1', String(p.size1), '--size2', String(p.size2),
        '--root1', p.root1, '--root2', p.root2, '--proof', b64list(p.proof),
      ]);
      expect(r.exitCode, `${file}: ${r.out} ${r.err}`).toBe(p.wantErr ? 1 : 0);
      if (!p.wantErr) good++;
    }
    expect(good).toBeGreaterThan(0);
  }, 60_000);

  it('the SM3 proofs of the local 8-leaf tree verify with --hash sm3 (and fail with sha256)', async () => {
    const sm3 = readVector<{
      sm3: {
        leaf_hashes: string[];
        root_by_tree_size: Record<string, string>;
        inclusion_proofs: Array<{ leaf_index: number; tree_size: number; proof: string[] }>;
        consistency_proofs: Array<{ size1: number; size2: number; proof: string[] }>;
      };
    }>('local-derived/rfc6962-8leaf-sha256-and-sm3.json').sm3;
    const b64 = (h: string) => Buffer.from(h, 'hex').toString('base64');
    for (const p of sm3.inclusion_proofs) {
      const args = [
        '--leaf-hash', b64(sm3.leaf_hashes[p.leaf_index]), '--index', String(p.leaf_index), '--size', String(p.tree_size),
        '--root', b64(sm3.root_by_tree_size[String(p.tree_size)]), '--proof', p.proof.map(b64).join(','),
      ];
      expect((await zhibao(['ledger', 'verify-inclusion', '--hash', 'sm3', ...args])).exitCode).toBe(0);
      if (p.proof.length > 0) expect((await zhibao(['ledger', 'verify-inclusion', '--hash', 'sha256', ...args])).exitCode).toBe(1);
    }
    for (const p of sm3.consistency_proofs) {
      const r = await zhibao([
        'ledger', 'verify-consistency', '--hash', 'sm3', '--size1', String(p.size1), '--size2', String(p.size2),
        '--root1', b64(sm3.root_by_tree_size[String(p.size1)]), '--root2', b64(sm3.root_by_tree_size[String(p.size2)]), '--proof', p.proof.map(b64).join(','),
      ]);
      expect(r.exitCode, r.out).toBe(0);
    }
  }, 60_000);

  it('refuses malformed options as usage errors (exit 1)', async () => {
    expect((await zhibao(['ledger', 'verify-inclusion', '--leaf-hash', '%%%', '--index', '0', '--size', '1', '--root', 'AA=='])).exitCode).toBe(1);
    expect((await zhibao(['ledger', 'verify-inclusion', '--leaf-hash', 'AA==', '--index', '-1', '--size', '1', '--root', 'AA=='])).exitCode).toBe(1);
    expect((await zhibao(['ledger', 'verify-inclusion', '--hash', 'md5', '--leaf-hash', 'AA==', '--index', '0', '--size', '1', '--root', 'AA=='])).exitCode).toBe(1);
  });
});

describe('zhibao ledger build', () => {
  const reference = readVector<{ reference_tree: { leaf_inputs_hex: string[]; node_hashes_by_level: string[][] } }>(
    'transparency-dev-merkle/rfc6962-reference-tree.json',
  ).reference_tree;

  it('prints a checkpoint whose root is the RFC 6962 reference root and whose signatures OpenSSL verifies', async () => {
    const entries = reference.leaf_inputs_hex.map((h) => Buffer.from(h, 'hex'));
    writeFileSync(f('entries.bin'), encodeEntryBundle(entries));
    const r = await zhibao(['ledger', 'build', '--origin', 'example.org/reference', '--key', f('ed.skey'), '--key', f('sm2.skey'), f('entries.bin')]);
    expect(r.err).toBe('');
    expect(r.exitCode).toBe(0);
    const note = r.stdout;
    const { text, signatures } = parseNote(note);
    const cp = parseCheckpoint(text);
    expect(cp).toMatchObject({ origin: 'example.org/reference', size: 8 });
    const levels = reference.node_hashes_by_level;
    expect(cp.rootHash.toString('hex')).toBe(levels[levels.length - 1][0]);

    const ed = createNoteVerifier(good.keys.ed25519.vkey);
    const sm2 = createNoteVerifier(good.keys.sm2.vkey);
    const edSig = signatures.find((s) => s.keyId === ed.keyId)!;
    const sm2Sig = signatures.find((s) => s.keyId === sm2.keyId)!;
    const edCheck = openssl(['pkeyutl', '-verify', '-pubin', '-inkey', 'pub.pem', '-rawin', '-in', 'text', '-sigfile', 'sig'], {
      'pub.pem': ed.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      text,
      sig: edSig.signature,
    });
    expect(edCheck.stdout).toContain('Signature Verified Successfully');
    const sm2Check = openssl(
      ['pkeyutl', '-verify', '-pubin', '-inkey', 'pub.pem', '-rawin', '-digest', 'sm3', '-pkeyopt', `distid:${SM2_DEFAULT_ID}`, '-in', 'text', '-sigfile', 'sig'],
      { 'pub.pem': sm2PublicKeyToPem(sm2.publicKey), text, sig: sm2Sig.signature },
    );
    expect(sm2Check.stdout).toContain('Signature Verified Successfully');
    // Every prefix of the reference tree too (the roots of sizes 1..7 are in the vector as subtree roots where perfect).
    for (const size of [1, 2, 4]) {
      writeFileSync(f('prefix.bin'), encodeEntryBundle(entries.slice(0, size)));
      const p = await zhibao(['ledger', 'build', '--origin', 'example.org/reference', '--key', f('ed.skey'), f('prefix.bin')]);
      expect(parseCheckpoint(parseNote(p.stdout).text).rootHash.toString('hex')).toBe(levels[Math.log2(size)][0]);
    }
  });

  it('--hash sm3 builds the SM3 tree (root of the local 8-leaf SM3 reference)', async () => {
    const v = readVector<{ leaf_inputs_hex: string[]; sm3: { root_by_tree_size: Record<string, string> } }>('local-derived/rfc6962-8leaf-sha256-and-sm3.json');
    writeFileSync(f('sm3-entries.bin'), encodeEntryBundle(v.leaf_inputs_hex.map((h) => Buffer.from(h, 'hex'))));
    const r = await zhibao(['ledger', 'build', '--hash', 'sm3', '--origin', 'example.org/sm3', '--key', f('sm2.skey'), f('sm3-entries.bin')]);
    expect(r.exitCode).toBe(0);
    const cp = parseCheckpoint(parseNote(r.stdout).text);
    expect(cp.size).toBe(v.leaf_inputs_hex.length);
    expect(cp.rootHash.toString('hex')).toBe(v.sm3.root_by_tree_size[String(v.leaf_inputs_hex.length)]);
  });

  it('an empty file gives a size-0 checkpoint with the empty root H(""), and says so', async () => {
    writeFileSync(f('empty.bin'), '');
    const r = await zhibao(['ledger', 'build', '--origin', 'example.org/empty', '--key', f('ed.skey'), f('empty.bin')]);
    expect(r.exitCode).toBe(0);
    expect(parseNote(r.stdout).text).toBe(`example.org/empty\n0\n${createHash('sha256').update('').digest('base64')}\n`);
    expect(r.err).toContain('H("")');
  });

  it('refuses a truncated entries file, a bad key file, a missing file and a bad origin, in both languages', async () => {
    writeFileSync(f('trunc.bin'), Buffer.from([0, 9, 1, 2]));
    let r = await zhibao(['ledger', 'build', '--origin', 'example.org/x', '--key', f('ed.skey'), f('trunc.bin')]);
    expect(r.exitCode).toBe(1);
    expect(r.err).toContain('条目包格式错误');
    expect(r.err).toContain('is truncated');
    writeFileSync(f('bad.skey'), 'PRIVATE+KEY+nope\n');
    r = await zhibao(['ledger', 'build', '--origin', 'example.org/x', '--key', f('bad.skey'), f('entries.bin')]);
    expect(r.exitCode).toBe(1);
    expect(r.err).toContain('The key string is malformed');
    writeFileSync(f('blank.skey'), '\n');
    r = await zhibao(['ledger', 'build', '--origin', 'example.org/x', '--key', f('blank.skey'), f('entries.bin')]);
    expect(r.exitCode).toBe(1);
    r = await zhibao(['ledger', 'build', '--origin', 'example.org/x', '--key', f('ed.skey'), f('nope.bin')]);
    expect(r.exitCode).toBe(1);
    expect(r.err).toContain('无法读取文件');
    r = await zhibao(['ledger', 'build', '--origin', 'has space', '--key', f('ed.skey'), f('entries.bin')]);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
  });
});
