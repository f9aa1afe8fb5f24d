import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateSignerKey } from './crypto/note';
import { KEY_FILES, loadLedgerSigners } from './ledger.keys';

const dirs: string[] = [];
const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'zhibao-keys-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return 'accepted';
};

describe('ledger signing keys', () => {
  it('generates both keys into the data directory with mode 0600, named after the origin, and reuses them', () => {
    const dataDir = path.join(tempDir(), 'not-yet-there');
    const first = loadLedgerSigners({ dataDir }, 'example.org/zhibao/ledger');
    expect(first.source).toBe('data-dir');
    expect(first.ed25519.type).toBe('ed25519');
    expect(first.sm2.type).toBe('sm2');
    expect(first.ed25519.name).toBe('example.org/zhibao/ledger');
    for (const file of Object.values(KEY_FILES)) {
      const stat = fs.statSync(path.join(dataDir, file));
      expect(stat.mode & 0o777).toBe(0o600);
      expect(fs.readFileSync(path.join(dataDir, file), 'utf8')).toMatch(/^PRIVATE\+KEY\+example\.org\/zhibao\/ledger\+[0-9a-f]{8}\+/);
    }
    const again = loadLedgerSigners({ dataDir }, 'another/name');
    expect(again.ed25519.verifierKey).toBe(first.ed25519.verifierKey);
    expect(again.sm2.verifierKey).toBe(first.sm2.verifierKey);
  });

  it('tightens a key file that others could read', () => {
    const dataDir = tempDir();
    loadLedgerSigners({ dataDir }, 'example.org/log');
    const file = path.join(dataDir, KEY_FILES.sm2);
    fs.chmodSync(file, 0o644);
    loadLedgerSigners({ dataDir }, 'example.org/log');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('takes configured keys in the Go note format and writes nothing', () => {
    const dataDir = tempDir();
    const ed = generateSignerKey('example.org/log', 'ed25519');
    const sm2 = generateSignerKey('example.org/log', 'sm2');
    const signers = loadLedgerSigners({ dataDir, ed25519Skey: ed.skey, sm2Skey: `${sm2.skey}\n` }, 'ignored');
    expect(signers.source).toBe('config');
    expect(signers.ed25519.verifierKey).toBe(ed.vkey);
    expect(signers.sm2.verifierKey).toBe(sm2.vkey);
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });

  it('refuses a key of the wrong kind, a half configuration and a malformed key without echoing it', () => {
    const dataDir = tempDir();
    const ed = generateSignerKey('example.org/log', 'ed25519');
    const sm2 = generateSignerKey('example.org/log', 'sm2');
    expect(codeOf(() => loadLedgerSigners({ dataDir, ed25519Skey: sm2.skey, sm2Skey: ed.skey }, 'x'))).toBe('ledger.keys_invalid');
    expect(codeOf(() => loadLedgerSigners({ dataDir, ed25519Skey: ed.skey }, 'x'))).toBe('ledger.keys_invalid');
    const broken = `${ed.skey.slice(0, -4)}AAAA`;
    try {
      loadLedgerSigners({ dataDir, ed25519Skey: broken, sm2Skey: sm2.skey }, 'x');
      expect.unreachable();
    } catch (e) {
      expect((e as { code: string }).code).toBe('ledger.keys_invalid');
      expect((e as Error).message).not.toContain(broken.split('+').pop());
    }
  });
});
