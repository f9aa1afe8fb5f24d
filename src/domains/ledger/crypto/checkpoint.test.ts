import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../platform/errors';
import { formatCheckpoint, isValidOrigin, parseCheckpoint, signCheckpoint, verifyCheckpoint, type Checkpoint } from './checkpoint';
import { createNoteSigner, createNoteVerifier, generateSignerKey, openNote, parseNote } from './note';
import { openssl } from './openssl-cli';
import { SM2_DEFAULT_ID, sm2PublicKeyToPem } from './sm2';
import { readVectorJson, readVectorText } from './vectors';

function errorCode(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  throw new Error('expected a DomainError, but nothing was thrown');
}

const log = readVectorJson('tessera-testdata-log/log.json');
const c2sp = readVectorJson('c2sp/spec-examples.json');
const goTlog = readVectorJson('golang-mod-sumdb/tlog-vectors.json');
const tdev = readVectorJson('transparency-dev-formats/note-vectors.json');
const sizes = Array.from({ length: 16 }, (_, n) => n);
const checkpointFile = (n: number) => readVectorText(`tessera-testdata-log/checkpoints/checkpoint.${n}`);

/** `openssl pkeyutl -verify -rawin` of an Ed25519 note signature (the 4-byte key ID stripped), evidence.md §7. */
function opensslVerifyEd25519(publicPem: string, text: string, signature: Uint8Array) {
  return openssl(['pkeyutl', '-verify', '-pubin', '-inkey', 'pub.pem', '-rawin', '-in', 'text', '-sigfile', 'sig'], {
    'pub.pem': publicPem,
    text,
    sig: signature,
  });
}

describe('Tessera test log checkpoints (tessera-testdata-log)', () => {
  const verifier = createNoteVerifier(log.log_public_key);
  const signer = createNoteSigner(log.log_private_key_TEST_ONLY);

  it('uses the published test key, whose verifier key is the published one', () => {
    expect(signer.verifierKey).toBe(log.log_public_key);
  });

  it.each(sizes)('verifies checkpoint.%i with the published key and reads its size and root', (n) => {
    const { checkpoint, note } = verifyCheckpoint(checkpointFile(n), [verifier], { origin: log.origin });
    expect(checkpoint.origin).toBe('example.com/log/testdata');
    expect(checkpoint.size).toBe(n);
    expect(checkpoint.rootHash.toString('base64')).toBe(log.roots_base64_by_size[String(n)]);
    expect(checkpoint.extensions).toEqual([]);
    expect(note.signatures.map((s) => s.name)).toEqual([log.origin]);
  });

  it.each(sizes)('re-signs checkpoint.%i byte for byte from the test key', (n) => {
    const file = checkpointFile(n);
    expect(file).toBe(log.checkpoints[String(n)]);
    const { checkpoint } = verifyCheckpoint(file, [verifier]);
    expect(signCheckpoint(checkpoint, [signer])).toBe(file);
  });

  it('matches the tree state file: size 15 and its root', () => {
    const { checkpoint } = verifyCheckpoint(checkpointFile(15), [verifier]);
    expect({ size: checkpoint.size, root: checkpoint.rootHash.toString('base64') }).toEqual(JSON.parse(log.tree_state_file));
  });

  it('has OpenSSL verify checkpoint.15 with the key exported as SPKI PEM', () => {
    const { text, signatures } = parseNote(checkpointFile(15));
    const r = opensslVerifyEd25519(verifier.publicKey.export({ type: 'spki', format: 'pem' }).toString(), text, signatures[0].signature);
    expect(r.stdout).toContain('Signature Verified Successfully');
  });

  it('rejects a checkpoint whose size was changed after signing', () => {
    const forged = checkpointFile(15).replace('\n15\n', '\n16\n');
    expect(errorCode(() => verifyCheckpoint(forged, [verifier]))).toBe('crypto.note.invalid_signature');
  });
});

describe('checkpoints we sign', () => {
  const ed = generateSignerKey('ledger.zhibao.example/evidence', 'ed25519');
  const sm2 = generateSignerKey('ledger.zhibao.example/evidence', 'sm2');
  const checkpoint: Checkpoint = {
    origin: 'ledger.zhibao.example/evidence',
    size: 1_234_567,
    rootHash: createHash('sha256').update('root').digest(),
    extensions: [],
  };

  it('has OpenSSL verify our Ed25519 checkpoint signature (pkeyutl -rawin, SPKI PEM)', () => {
    const note = signCheckpoint(checkpoint, [createNoteSigner(ed.skey)]);
    const verifier = createNoteVerifier(ed.vkey);
    const { text, signatures } = parseNote(note);
    expect(text).toBe(`ledger.zhibao.example/evidence\n1234567\n${checkpoint.rootHash.toString('base64')}\n`);
    const r = opensslVerifyEd25519(verifier.publicKey.export({ type: 'spki', format: 'pem' }).toString(), text, signatures[0].signature);
    expect(r.stdout).toContain('Signature Verified Successfully');
    expect(r.status).toBe(0);
    const tampered = opensslVerifyEd25519(verifier.publicKey.export({ type: 'spki', format: 'pem' }).toString(), text.replace('1234567', '1234568'), signatures[0].signature);
    expect(tampered.status).not.toBe(0);
  });

  it('carries Ed25519 and SM2 signatures side by side; each key alone verifies it and OpenSSL checks the SM2 one', () => {
    const note = signCheckpoint(checkpoint, [createNoteSigner(ed.skey), createNoteSigner(sm2.skey)]);
    const edOnly = verifyCheckpoint(note, [createNoteVerifier(ed.vkey)]);
    expect(edOnly.note.signatures.map((s) => s.type)).toEqual(['ed25519']);
    expect(edOnly.note.unverified).toHaveLength(1);
    const sm2Verifier = createNoteVerifier(sm2.vkey);
    const sm2Only = verifyCheckpoint(note, [sm2Verifier], { origin: checkpoint.origin });
    expect(sm2Only.checkpoint).toEqual(checkpoint);
    const r = openssl(
      ['pkeyutl', '-verify', '-pubin', '-inkey', 'pub.pem', '-rawin', '-digest', 'sm3', '-pkeyopt', `distid:${SM2_DEFAULT_ID}`, '-in', 'text', '-sigfile', 'sig'],
      { 'pub.pem': sm2PublicKeyToPem(sm2Verifier.publicKey), text: formatCheckpoint(checkpoint), sig: sm2Only.note.signatures[0].signature },
    );
    expect(r.stdout).toContain('Signature Verified Successfully');
  });

  it('adds a signature to an already signed checkpoint, keeping the first', () => {
    const first = signCheckpoint(checkpoint, [createNoteSigner(ed.skey)]);
    const both = signCheckpoint(checkpoint, [createNoteSigner(sm2.skey)], parseNote(first).signatures);
    const opened = openNote(both, [createNoteVerifier(ed.vkey), createNoteVerifier(sm2.vkey)]);
    expect(opened.signatures.map((s) => s.type)).toEqual(['sm2', 'ed25519']);
  });

  it('refuses a checkpoint from another origin when the caller names the one it expects', () => {
    const note = signCheckpoint(checkpoint, [createNoteSigner(ed.skey)]);
    const e = (() => {
      try {
        verifyCheckpoint(note, [createNoteVerifier(ed.vkey)], { origin: 'other.example/log' });
      } catch (err) {
        return err as DomainError;
      }
    })();
    expect(e).toMatchObject({ code: 'crypto.checkpoint.origin_mismatch', params: { expected: 'other.example/log', actual: checkpoint.origin } });
  });

  it('verifies the signature before it reads the body', () => {
    const note = signCheckpoint(checkpoint, [createNoteSigner(ed.skey)]);
    const other = createNoteVerifier(generateSignerKey('ledger.zhibao.example/evidence', 'ed25519').vkey);
    expect(errorCode(() => verifyCheckpoint(note, [other]))).toBe('crypto.note.no_verifiable_signature');
  });
});

describe('checkpoint body format (C2SP tlog-checkpoint)', () => {
  it('parses the spec’s checkpoint example', () => {
    const { text } = parseNote(c2sp.checkpoint.example);
    const cp = parseCheckpoint(text);
    expect(cp.origin).toBe('example.com/behind-the-sofa');
    expect(cp.size).toBe(20852163);
    expect(cp.rootHash.toString('base64')).toBe('CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=');
    expect(formatCheckpoint(cp)).toBe(text);
  });

  it('parses the cosigned example to the same checkpoint with two signatures', () => {
    const parsed = parseNote(c2sp.cosignature.cosigned_checkpoint);
    expect(parsed.signatures).toHaveLength(2);
    expect(parseCheckpoint(parsed.text)).toEqual(parseCheckpoint(parseNote(c2sp.checkpoint.example).text));
  });

  it('parses the checkpoint inside the spec’s tlog-proof example', () => {
    const body = c2sp.tlog_proof.example_illustrative.split('\n\n')[1] + '\n';
    expect(parseCheckpoint(body)).toMatchObject({ origin: 'example.com/fancylog', size: 109482 });
  });

  it('parses the checkpoint of the Rekor ECDSA note after verifying it', () => {
    const rekor = tdev.ecdsa_notes[0];
    const { checkpoint } = verifyCheckpoint(rekor.signed_note, [createNoteVerifier(rekor.vkey)]);
    expect(checkpoint).toMatchObject({ origin: 'Rekor', size: 798034 });
  });

  it('refuses the Go checksum-database tree head by default (its origin has spaces) and reads it when any origin is allowed', () => {
    const { text, N } = goTlog.tree_note;
    expect(errorCode(() => parseCheckpoint(text))).toBe('crypto.checkpoint.malformed.origin');
    const cp = parseCheckpoint(text, { allowAnyOrigin: true });
    expect(cp.origin).toBe('go.sum database tree');
    expect(cp.size).toBe(N);
    expect(cp.rootHash).toEqual(createHash('sha256').update(Buffer.from([0])).update('hello world').digest());
  });

  it('keeps extension lines in order', () => {
    const cp: Checkpoint = { origin: 'o.example', size: 0, rootHash: Buffer.alloc(32), extensions: ['ext one', '— two'] };
    const text = formatCheckpoint(cp);
    expect(text).toBe(`o.example\n0\n${Buffer.alloc(32).toString('base64')}\next one\n— two\n`);
    expect(parseCheckpoint(text)).toEqual(cp);
  });

  it('round-trips any valid checkpoint through format and parse', () => {
    const origin = fc.stringMatching(/^[a-z0-9][a-z0-9./_-]{0,40}$/);
    const extension = fc.string({ minLength: 1, maxLength: 20 }).filter((s) => !/[\u0000-\u001f]/.test(s) && !/[\uD800-\uDFFF]/.test(s));
    fc.assert(
      fc.property(origin, fc.maxSafeNat(), fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.array(extension, { maxLength: 3 }), (o, size, root, extensions) => {
        const cp: Checkpoint = { origin: o, size, rootHash: Buffer.from(root), extensions };
        expect(parseCheckpoint(formatCheckpoint(cp))).toEqual(cp);
      }),
    );
  });

  const root = Buffer.alloc(32, 7).toString('base64');
  it.each([
    ['a size with a leading zero', `o.example\n01\n${root}\n`, 'crypto.checkpoint.malformed.size'],
    ['a negative size', `o.example\n-1\n${root}\n`, 'crypto.checkpoint.malformed.size'],
    ['a size with a sign', `o.example\n+1\n${root}\n`, 'crypto.checkpoint.malformed.size'],
    ['a size with a space', `o.example\n 1\n${root}\n`, 'crypto.checkpoint.malformed.size'],
    ['a size above 2^53 − 1', `o.example\n9007199254740992\n${root}\n`, 'crypto.checkpoint.malformed.size'],
    ['an empty size', `o.example\n\n${root}\n`, 'crypto.checkpoint.malformed.size'],
    ['a 31-byte root', `o.example\n1\n${Buffer.alloc(31).toString('base64')}\n`, 'crypto.checkpoint.malformed.root'],
    ['a root without padding', `o.example\n1\n${root.replace('=', '')}\n`, 'crypto.checkpoint.malformed.root'],
    ['a root in URL-safe base64', `o.example\n1\n${Buffer.alloc(32, 0xfb).toString('base64url')}=\n`, 'crypto.checkpoint.malformed.root'],
    ['an origin with a space', `o example\n1\n${root}\n`, 'crypto.checkpoint.malformed.origin'],
    ['an origin with a plus', `o+example\n1\n${root}\n`, 'crypto.checkpoint.malformed.origin'],
    ['an empty origin', `\n1\n${root}\n`, 'crypto.checkpoint.malformed.origin'],
    ['only two lines', `o.example\n1\n`, 'crypto.checkpoint.malformed.lines'],
    ['no final newline', `o.example\n1\n${root}`, 'crypto.checkpoint.malformed.lines'],
    ['an empty extension line', `o.example\n1\n${root}\n\nx\n`, 'crypto.checkpoint.malformed.extension'],
  ])('refuses %s', (_, text, code) => {
    expect(errorCode(() => parseCheckpoint(text))).toBe(code);
  });

  it('refuses to format an origin with a space, a negative or fractional size, a short root or an empty extension', () => {
    const good: Checkpoint = { origin: 'o.example', size: 1, rootHash: Buffer.alloc(32), extensions: [] };
    expect(errorCode(() => formatCheckpoint({ ...good, origin: 'o example' }))).toBe('crypto.checkpoint.malformed.origin');
    expect(errorCode(() => formatCheckpoint({ ...good, size: -1 }))).toBe('crypto.checkpoint.malformed.size');
    expect(errorCode(() => formatCheckpoint({ ...good, size: 1.5 }))).toBe('crypto.checkpoint.malformed.size');
    expect(errorCode(() => formatCheckpoint({ ...good, rootHash: Buffer.alloc(20) }))).toBe('crypto.checkpoint.malformed.root');
    expect(errorCode(() => formatCheckpoint({ ...good, extensions: [''] }))).toBe('crypto.checkpoint.malformed.extension');
    expect(errorCode(() => formatCheckpoint({ ...good, extensions: ['a\nb'] }))).toBe('crypto.checkpoint.malformed.extension');
  });

  it('calls an origin valid when it is non-empty with no white space and no plus', () => {
    expect(isValidOrigin('example.com/log42')).toBe(true);
    expect(isValidOrigin('rekor.sigstore.dev - 2605736670972794746')).toBe(false);
  });
});
