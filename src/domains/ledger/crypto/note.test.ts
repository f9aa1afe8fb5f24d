import { createHash, generateKeyPairSync, sign as nodeSign } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError, errorText } from '../../../platform/errors';
import {
  cosignatureV1Message,
  createNoteSigner,
  createNoteVerifier,
  formatKeyId,
  formatNote,
  generateSignerKey,
  isValidKeyName,
  NOTE_MAX_SIGNATURES,
  noteKeyId,
  openNote,
  parseCosignatureV1,
  parseNote,
  parseVerifierKey,
  signNote,
  SM2_NOTE_TYPE_IDENTIFIER,
  SM2_NOTE_TYPE_PREFIX,
  verifierKeyOf,
  type NoteSigner,
} from './note';
import { openssl } from './openssl-cli';
import { SM2_DEFAULT_ID, sm2PublicKeyToPem } from './sm2';
import { readVectorJson } from './vectors';

/** The code of the DomainError `f` throws (fails the test if it throws something else or nothing). */
function errorCode(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  throw new Error('expected a DomainError, but nothing was thrown');
}

function thrown(f: () => unknown): DomainError {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError, but nothing was thrown');
}

interface GoKey {
  name: string;
  key_id: string;
  vkey: string;
  skey: string | null;
}
interface GoInvalidInput {
  desc: string;
  note?: string;
  note_construction?: string;
  expect: string;
}

const go = readVectorJson<{
  keys: GoKey[];
  signed_notes: { desc: string; text?: string; signed_note: string; verifies_with: string[] }[];
  invalid_inputs: GoInvalidInput[];
  invalid_vkeys: string[];
}>('golang-mod-sumdb/note-vectors.json');
const c2sp = readVectorJson('c2sp/spec-examples.json');
const tdev = readVectorJson('transparency-dev-formats/note-vectors.json');

const peterKey = go.keys.find((k) => k.name === 'PeterNeumann')!;
const enochKey = go.keys.find((k) => k.name === 'EnochRoot')!;
const peterSkey = peterKey.skey!;
const golden = go.signed_notes[0];
const twoSigs = go.signed_notes[1];

describe('Go x/mod note vectors (golang-mod-sumdb/note-vectors.json)', () => {
  it('reads the signer key and derives its published key ID and verifier key', () => {
    const signer = createNoteSigner(peterSkey);
    expect(signer.name).toBe('PeterNeumann');
    expect(formatKeyId(signer.keyId)).toBe(peterKey.key_id);
    expect(signer.type).toBe('ed25519');
    expect(signer.verifierKey).toBe(peterKey.vkey);
    expect(verifierKeyOf(peterSkey)).toBe(peterKey.vkey);
  });

  it.each(go.keys.map((k) => [k.name, k] as const))('parses the verifier key of %s with its key ID', (_, k) => {
    const v = createNoteVerifier(k.vkey);
    expect(v.name).toBe(k.name);
    expect(formatKeyId(v.keyId)).toBe(k.key_id);
    expect(v.type).toBe('ed25519');
  });

  it('signs the golden text byte for byte as Go does', () => {
    expect(signNote(golden.text!, [createNoteSigner(peterSkey)])).toBe(golden.signed_note);
  });

  it('opens the golden note with PeterNeumann’s key', () => {
    const opened = openNote(golden.signed_note, [createNoteVerifier(peterKey.vkey)]);
    expect(opened.text).toBe(golden.text);
    expect(opened.signatures.map((s) => [s.name, formatKeyId(s.keyId), s.type])).toEqual([['PeterNeumann', 'c74f20a3', 'ed25519']]);
    expect(opened.unverified).toEqual([]);
  });

  it('opens the note as bytes just as it opens it as a string', () => {
    expect(openNote(Buffer.from(golden.signed_note, 'utf8'), [createNoteVerifier(peterKey.vkey)]).text).toBe(golden.text);
  });

  it('verifies both signatures of the two-signature note when both keys are known', () => {
    const opened = openNote(twoSigs.signed_note, [createNoteVerifier(peterKey.vkey), createNoteVerifier(enochKey.vkey)]);
    expect(opened.signatures.map((s) => s.name)).toEqual(twoSigs.verifies_with);
    expect(opened.unverified).toEqual([]);
  });

  it('verifies one and ignores the other when only PeterNeumann is known', () => {
    const opened = openNote(twoSigs.signed_note, [createNoteVerifier(peterKey.vkey)]);
    expect(opened.signatures.map((s) => s.name)).toEqual(['PeterNeumann']);
    expect(opened.unverified.map((s) => [s.name, formatKeyId(s.keyId)])).toEqual([['EnochRoot', 'af0cfe78']]);
  });

  it('rejects the two-signature note with no known key as having no verifiable signature', () => {
    expect(errorCode(() => openNote(twoSigs.signed_note, []))).toBe('crypto.note.no_verifiable_signature');
    const e = thrown(() => openNote(twoSigs.signed_note, []));
    expect((e.details as { unverified: unknown[] }).unverified).toHaveLength(2);
  });

  const listed = go.invalid_inputs.filter((c) => c.note !== undefined);
  it.each(listed.map((c) => [c.desc, c] as const))('rejects: %s', (_, c) => {
    const e = thrown(() => openNote(c.note!, [createNoteVerifier(peterKey.vkey)]));
    if (c.expect === 'malformed note') {
      expect(e.code).toMatch(/^crypto\.note\.malformed\./);
    } else {
      expect(c.expect).toBe('invalid signature for key PeterNeumann+c74f20a3');
      expect(e.code).toBe('crypto.note.invalid_signature');
      expect(e.params).toEqual({ name: 'PeterNeumann', keyId: 'c74f20a3' });
      expect(e.message).toBe('The signature by key PeterNeumann+c74f20a3 does not verify; the whole note is rejected');
    }
  });

  it('rejects 101 copies of a signature but accepts 100', () => {
    const sigLine = golden.signed_note.slice(golden.text!.length + 1);
    expect(go.invalid_inputs.some((c) => c.note_construction === "text + '\\n' + peterSig*101")).toBe(true);
    expect(errorCode(() => openNote(`${golden.text}\n${sigLine.repeat(101)}`, [createNoteVerifier(peterKey.vkey)]))).toBe(
      'crypto.note.malformed.too_many_signatures',
    );
    const opened = openNote(`${golden.text}\n${sigLine.repeat(NOTE_MAX_SIGNATURES)}`, [createNoteVerifier(peterKey.vkey)]);
    expect(opened.signatures).toHaveLength(1);
  });

  it.each(go.invalid_vkeys)('refuses the invalid verifier key %s', (k) => {
    expect(errorCode(() => createNoteVerifier(k))).toMatch(/^crypto\.key\./);
  });
});

describe('C2SP spec examples (c2sp/spec-examples.json)', () => {
  it('verifies the signed-note example with its published key, key ID 530d903a', () => {
    const v = createNoteVerifier(c2sp.signed_note.example.vkey);
    expect(formatKeyId(v.keyId)).toBe('530d903a');
    const opened = openNote(c2sp.signed_note.example.signed_note, [v]);
    expect(opened.text).toBe('This is an example message.\n');
    expect(opened.signatures).toHaveLength(1);
  });

  it('splits the introduction example at the last blank line, keeping the blank line inside the text', () => {
    const parsed = parseNote(c2sp.signed_note.intro_example_unverifiable.signed_note);
    expect(parsed.text).toBe('Ognuno sta solo sul cuor della terra\ntrafitto da un raggio di sole:\n\ned è subito sera.\n');
    expect(parsed.signatures.map((s) => s.name)).toEqual(['quasimodo.example/salvatore']);
    expect(errorCode(() => openNote(c2sp.signed_note.intro_example_unverifiable.signed_note, [createNoteVerifier(c2sp.signed_note.example.vkey)]))).toBe(
      'crypto.note.no_verifiable_signature',
    );
  });

  it('decodes the witness cosignature: key ID, timestamp and a 64-byte Ed25519 signature', () => {
    const parsed = parseNote(c2sp.cosignature.cosigned_checkpoint);
    expect(parsed.signatures).toHaveLength(2);
    const witness = parsed.signatures[1];
    expect(witness.name).toBe('witness.example.com/w1');
    expect(formatKeyId(witness.keyId)).toBe(c2sp.cosignature.witness_sig_decoded.key_id);
    const cosig = parseCosignatureV1(witness.signature)!;
    expect(cosig.timestamp).toBe(c2sp.cosignature.witness_sig_decoded.timestamp);
    expect(cosig.signature).toHaveLength(c2sp.cosignature.witness_sig_decoded.signature_len);
  });

  it('builds the cosignature/v1 signed message exactly as the spec shows it', () => {
    const parsed = parseNote(c2sp.cosignature.cosigned_checkpoint);
    expect(cosignatureV1Message(c2sp.cosignature.witness_sig_decoded.timestamp, parsed.text).toString('utf8')).toBe(c2sp.cosignature.ed25519_signed_message);
  });

  it('refuses the listed types it does not implement (0x06 ML-DSA-44) and 0xff with another identifier', () => {
    expect(Object.keys(c2sp.signed_note.signature_types)).toEqual(['0x01', '0x02', '0x04', '0x05', '0x06', '0xff']);
    const vkey = (name: string, typeAndKey: Buffer) => `${name}+${formatKeyId(noteKeyId(name, typeAndKey))}+${typeAndKey.toString('base64')}`;
    const mldsa = Buffer.concat([Buffer.from([0x06]), Buffer.alloc(1312, 5)]);
    expect(thrown(() => parseVerifierKey(vkey('w.example', mldsa)))).toMatchObject({ code: 'crypto.key.unsupported_type', params: { type: '0x06' } });
    const otherSm2 = Buffer.concat([Buffer.from([0xff]), Buffer.from('someone-else-sm2'), Buffer.alloc(65, 4)]);
    expect(errorCode(() => parseVerifierKey(vkey('w.example', otherSm2)))).toBe('crypto.key.unsupported_type');
  });
});

describe('transparency-dev/formats vectors (transparency-dev-formats/note-vectors.json)', () => {
  const ecdsa = tdev.ecdsa_notes as { desc: string; vkey: string; signed_note: string; expect: string }[];

  it.each(ecdsa.filter((n) => n.expect === 'valid').map((n) => [n.desc, n]))('verifies the ECDSA note: %s', (_, n: { vkey: string; signed_note: string }) => {
    const v = createNoteVerifier(n.vkey);
    expect(v.type).toBe('ecdsa');
    const opened = openNote(n.signed_note, [v]);
    expect(opened.signatures.map((s) => s.type)).toEqual(['ecdsa']);
  });

  it.each(ecdsa.filter((n) => n.expect !== 'valid').map((n) => [n.desc, n]))('rejects the ECDSA note: %s', (_, n: { vkey: string; signed_note: string }) => {
    expect(errorCode(() => openNote(n.signed_note, [createNoteVerifier(n.vkey)]))).toMatch(/^crypto\.note\./);
  });

  it('has OpenSSL agree on the Rekor ECDSA signature (openssl dgst -sha256 -verify)', () => {
    const n = ecdsa[0];
    const v = createNoteVerifier(n.vkey);
    const { text, signatures } = parseNote(n.signed_note);
    const r = openssl(['dgst', '-sha256', '-verify', 'pub.pem', '-signature', 'sig.der', 'text'], {
      'pub.pem': v.publicKey.export({ type: 'spki', format: 'pem' }),
      'sig.der': signatures[0].signature,
      text,
    });
    expect(r.stdout).toContain('Verified OK');
  });

  it('treats an ECDSA signature as an unknown key when only an Ed25519 key is known, and ignores it', () => {
    const n = ecdsa[0];
    const ed = createNoteSigner(peterSkey);
    const parsed = parseNote(n.signed_note);
    const both = signNote(parsed.text, [ed], parsed.signatures);
    const opened = openNote(both, [createNoteVerifier(peterKey.vkey)]);
    expect(opened.signatures.map((s) => s.name)).toEqual(['PeterNeumann']);
    expect(opened.unverified.map((s) => s.name)).toEqual(['rekor.sigstore.dev']);
  });

  it.each(tdev.vkey_parse_vectors.valid as string[])('parses the valid verifier key %s', (k) => {
    const info = parseVerifierKey(k);
    expect(`${info.name}+${formatKeyId(info.keyId)}+`).toBe(k.slice(0, k.indexOf('+', k.indexOf('+') + 1) + 1));
  });

  it('names the types of the valid keys: Ed25519, RFC 6962 tree head (0x05) and Ed25519 cosignature (0x04)', () => {
    expect(tdev.vkey_parse_vectors.valid.map((k: string) => parseVerifierKey(k).type)).toEqual(['ed25519', 'rfc6962-sth', 'ed25519-cosignature-v1']);
    expect(errorCode(() => createNoteVerifier(tdev.vkey_parse_vectors.valid[1]))).toBe('crypto.key.unsupported_type');
    expect(createNoteVerifier(tdev.vkey_parse_vectors.valid[2]).type).toBe('ed25519-cosignature-v1');
  });

  it('refuses each invalid verifier key with the matching code', () => {
    expect(tdev.vkey_parse_vectors.invalid.map((k: string) => errorCode(() => parseVerifierKey(k)))).toEqual([
      'crypto.key.malformed', // no key part
      'crypto.key.malformed', // not base64
      'crypto.key.unsupported_type', // 0x03 is reserved
      'crypto.key.malformed', // key ID not hex
      'crypto.key.id_mismatch', // key ID 00000000
    ]);
  });

  it('reads the timestamp of a cosignature/v1 and refuses a plain Ed25519 signature as one', () => {
    const [good, plain] = tdev.cosignature_v1_timestamp;
    expect(parseCosignatureV1(Buffer.from(good.sig_base64, 'base64').subarray(4))?.timestamp).toBe(good.timestamp);
    expect(parseCosignatureV1(Buffer.from(plain.sig_base64, 'base64').subarray(4))).toBeNull();
  });
});

describe('Ed25519 cosignature/v1 verification (type 0x04)', () => {
  it('verifies a witness cosignature and reports its timestamp', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const raw = publicKey.export({ type: 'spki', format: 'der' }).subarray(12);
    const name = 'witness.example/w1';
    const typeAndKey = Buffer.concat([Buffer.from([0x04]), raw]);
    const vkey = `${name}+${formatKeyId(noteKeyId(name, typeAndKey))}+${typeAndKey.toString('base64')}`;
    const text = 'example.com/log\n3\n' + Buffer.alloc(32, 1).toString('base64') + '\n';
    const ts = 1_700_000_000;
    const tsBytes = Buffer.alloc(8);
    tsBytes.writeBigUInt64BE(BigInt(ts));
    const cosigner: NoteSigner = {
      name,
      keyId: noteKeyId(name, typeAndKey),
      type: 'ed25519',
      verifierKey: vkey,
      sign: (t) => Buffer.concat([tsBytes, nodeSign(null, cosignatureV1Message(ts, t), privateKey)]),
    };
    const note = signNote(text, [cosigner]);
    const opened = openNote(note, [createNoteVerifier(vkey)]);
    expect(opened.signatures).toEqual([expect.objectContaining({ type: 'ed25519-cosignature-v1', timestamp: ts })]);
    // The same bytes are not a valid plain Ed25519 signature, nor is a cosignature with another time.
    tsBytes.writeBigUInt64BE(BigInt(ts + 1));
    const wrongTime = signNote(text, [{ ...cosigner, sign: (t) => Buffer.concat([tsBytes, nodeSign(null, cosignatureV1Message(ts, t), privateKey)]) }]);
    expect(errorCode(() => openNote(wrongTime, [createNoteVerifier(vkey)]))).toBe('crypto.note.invalid_signature');
  });
});

describe('note keys we generate', () => {
  it.each(['ed25519', 'sm2'] as const)('generates a %s key whose strings parse back and agree', (alg) => {
    const { skey, vkey } = generateSignerKey('zhibao.example/ledger', alg);
    expect(skey.startsWith('PRIVATE+KEY+zhibao.example/ledger+')).toBe(true);
    const signer = createNoteSigner(skey);
    expect(signer.type).toBe(alg);
    expect(signer.verifierKey).toBe(vkey);
    const info = parseVerifierKey(vkey);
    expect(info.type).toBe(alg);
    expect(info.keyId).toBe(signer.keyId);
  });

  it('writes an SM2 key as 0xff || "zhibao-sm2-sm3/1234567812345678" || key, with the key ID over that whole prefix', () => {
    expect(SM2_NOTE_TYPE_IDENTIFIER).toBe(`zhibao-sm2-sm3/${SM2_DEFAULT_ID}`);
    const { skey, vkey } = generateSignerKey('ledger.zhibao.example', 'sm2');
    const keyBytes = Buffer.from(vkey.split('+').slice(2).join('+'), 'base64');
    expect(keyBytes[0]).toBe(0xff);
    expect(keyBytes.subarray(1, 1 + SM2_NOTE_TYPE_IDENTIFIER.length).toString('ascii')).toBe(SM2_NOTE_TYPE_IDENTIFIER);
    expect(keyBytes.subarray(SM2_NOTE_TYPE_PREFIX.length)).toHaveLength(65);
    const expectedId = createHash('sha256').update('ledger.zhibao.example\n').update(keyBytes).digest().readUInt32BE(0);
    expect(vkey.split('+')[1]).toBe(formatKeyId(expectedId));
    const privateBytes = Buffer.from(skey.split('+').slice(4).join('+'), 'base64');
    expect(privateBytes.subarray(0, SM2_NOTE_TYPE_PREFIX.length)).toEqual(SM2_NOTE_TYPE_PREFIX);
    expect(privateBytes.subarray(SM2_NOTE_TYPE_PREFIX.length)).toHaveLength(32);
  });

  it('has OpenSSL verify an SM2 note signature over the note text with distid 1234567812345678', () => {
    const { skey, vkey } = generateSignerKey('ledger.zhibao.example', 'sm2');
    const text = '知保存证 ledger\n42\n' + Buffer.alloc(32, 9).toString('base64') + '\n';
    const note = signNote(text, [createNoteSigner(skey)]);
    const verifier = createNoteVerifier(vkey);
    expect(openNote(note, [verifier]).signatures.map((s) => s.type)).toEqual(['sm2']);
    const r = openssl(
      ['pkeyutl', '-verify', '-pubin', '-inkey', 'pub.pem', '-rawin', '-digest', 'sm3', '-pkeyopt', `distid:${SM2_DEFAULT_ID}`, '-in', 'text', '-sigfile', 'sig'],
      { 'pub.pem': sm2PublicKeyToPem(verifier.publicKey), text, sig: parseNote(note).signatures[0].signature },
    );
    expect(r.stdout).toContain('Signature Verified Successfully');
  });

  it('refuses a signer key whose key ID does not match, without echoing the secret', () => {
    const { skey } = generateSignerKey('a.example', 'ed25519');
    const parts = skey.split('+');
    const wrong = [...parts.slice(0, 3), '00000000', parts.slice(4).join('+')].join('+');
    const e = thrown(() => createNoteSigner(wrong));
    expect(e.code).toBe('crypto.key.id_mismatch');
    expect(e.message).not.toContain(parts.slice(4).join('+'));
    expect(JSON.stringify(e.params)).not.toContain(parts.slice(4).join('+'));
  });

  it('refuses malformed signer keys', () => {
    const { skey } = generateSignerKey('a.example', 'sm2');
    expect(errorCode(() => createNoteSigner(skey.replace('PRIVATE+KEY+', 'PUBLIC+KEY+')))).toBe('crypto.key.malformed');
    expect(errorCode(() => createNoteSigner('PRIVATE+KEY+a.example+zz'))).toBe('crypto.key.malformed');
    expect(errorCode(() => createNoteSigner('PRIVATE+KEY+a.example+12345678+AQ=='))).toBe('crypto.key.malformed');
    expect(errorCode(() => createNoteSigner('PRIVATE+KEY+a.example+12345678+AwEB'))).toBe('crypto.key.unsupported_type');
    expect(errorCode(() => generateSignerKey('bad name', 'ed25519'))).toBe('crypto.key.invalid_name');
    expect(errorCode(() => generateSignerKey('a+b', 'sm2'))).toBe('crypto.key.invalid_name');
  });

  it('refuses a verifier key whose public key cannot be loaded: an SM2 point off the curve, an ECDSA key that is not P-256/384/521', () => {
    const vkey = (name: string, typeAndKey: Buffer) => `${name}+${formatKeyId(noteKeyId(name, typeAndKey))}+${typeAndKey.toString('base64')}`;
    const offCurve = Buffer.concat([SM2_NOTE_TYPE_PREFIX, Buffer.from([4]), Buffer.alloc(64, 1)]);
    expect(thrown(() => parseVerifierKey(vkey('k.example', offCurve)))).toMatchObject({ code: 'crypto.key.invalid_public_key', params: { algorithm: 'SM2' } });
    const shortSm2 = Buffer.concat([SM2_NOTE_TYPE_PREFIX, Buffer.from([4]), Buffer.alloc(10, 1)]);
    expect(errorCode(() => parseVerifierKey(vkey('k.example', shortSm2)))).toBe('crypto.key.invalid_public_key');
    const notSpki = Buffer.concat([Buffer.from([0x02]), Buffer.from('not a key')]);
    const ecdsaVkey = `k.example+${formatKeyId(createHash('sha256').update(notSpki.subarray(1)).digest().readUInt32BE(0))}+${notSpki.toString('base64')}`;
    expect(thrown(() => parseVerifierKey(ecdsaVkey))).toMatchObject({ code: 'crypto.key.invalid_public_key', params: { algorithm: 'ECDSA' } });
    const sm2Spki = generateKeyPairSync('ec', { namedCurve: 'SM2' }).publicKey.export({ type: 'spki', format: 'der' });
    const sm2AsEcdsa = `k.example+${formatKeyId(createHash('sha256').update(sm2Spki).digest().readUInt32BE(0))}+${Buffer.concat([Buffer.from([2]), sm2Spki]).toString('base64')}`;
    expect(errorCode(() => parseVerifierKey(sm2AsEcdsa))).toBe('crypto.key.invalid_public_key');
  });

  it('applies Go’s key-name rule: non-empty, no Unicode white space, no plus', () => {
    expect(['example.com/log', '知保/存证', 'a'].every(isValidKeyName)).toBe(true);
    expect(['', 'a b', 'a\u3000b', 'a\u00a0b', 'a+b', 'a\tb'].some(isValidKeyName)).toBe(false);
  });
});

// Keys made once: key generation is not what the properties are about.
const signers = {
  ed25519: generateSignerKey('ed.zhibao.example', 'ed25519'),
  sm2: generateSignerKey('sm2.zhibao.example', 'sm2'),
};
const edSigner = createNoteSigner(signers.ed25519.skey);
const sm2Signer = createNoteSigner(signers.sm2.skey);
const edVerifier = createNoteVerifier(signers.ed25519.vkey);
const sm2Verifier = createNoteVerifier(signers.sm2.vkey);

/** Valid note texts: any Unicode without control characters except newline, ending in newline. */
const noteText = fc
  .string({ unit: fc.oneof(fc.constantFrom('\n', ' ', 'a', '—', '知', '😀', '\u00a0', '\ufeff'), fc.string({ unit: 'grapheme', maxLength: 1 })), maxLength: 60 })
  .map((s) => s.replace(/[\u0000-\u0009\u000b-\u001f]/g, '') + '\n');

describe('signed-note properties', () => {
  it('opens whatever it signs, with Ed25519, SM2 or both', () => {
    fc.assert(
      fc.property(noteText, fc.constantFrom([edSigner], [sm2Signer], [edSigner, sm2Signer]), (text, chosen) => {
        const note = signNote(text, chosen);
        const opened = openNote(note, [edVerifier, sm2Verifier]);
        expect(opened.text).toBe(text);
        expect(opened.signatures.map((s) => s.type)).toEqual(chosen.map((s) => s.type));
        expect(parseNote(note).text).toBe(text);
      }),
      { numRuns: 150 },
    );
  });

  it('rejects a signed note after any single-byte change anywhere in it', () => {
    fc.assert(
      fc.property(noteText, fc.constantFrom(edSigner, sm2Signer), fc.nat(), fc.integer({ min: 1, max: 255 }), (text, signer, at, delta) => {
        const bytes = Buffer.from(signNote(text, [signer]), 'utf8');
        bytes[at % bytes.length] ^= delta;
        expect(() => openNote(bytes, [edVerifier, sm2Verifier])).toThrow(DomainError);
      }),
      { numRuns: 300 },
    );
  });

  it('rejects a signed note after any single-byte change to its text, whatever the signer', () => {
    fc.assert(
      fc.property(noteText, fc.nat(), fc.integer({ min: 1, max: 255 }), (text, at, delta) => {
        const note = Buffer.from(signNote(text, [edSigner, sm2Signer]), 'utf8');
        const textLength = Buffer.byteLength(text, 'utf8');
        note[at % textLength] ^= delta;
        expect(() => openNote(note, [edVerifier])).toThrow(DomainError);
        expect(() => openNote(note, [sm2Verifier])).toThrow(DomainError);
      }),
      { numRuns: 200 },
    );
  });
});

describe('signed-note rules', () => {
  it('refuses to sign text without a final newline, with control characters or with a lone surrogate', () => {
    for (const bad of ['no newline', 'tab\there\n', 'cr\r\n', 'nul\u0000\n', 'lone \ud800 surrogate\n', '']) {
      expect(errorCode(() => signNote(bad, [edSigner]))).toBe('crypto.note.text_invalid');
    }
  });

  it('signs a text that itself ends in a blank line and opens it again', () => {
    const text = 'para one\n\npara two\n\n';
    expect(openNote(signNote(text, [edSigner]), [edVerifier]).text).toBe(text);
  });

  it('keeps a leading byte-order mark as part of the signed text', () => {
    const text = '\ufeffwith BOM\n';
    const bytes = Buffer.from(signNote(text, [edSigner]), 'utf8');
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(openNote(bytes, [edVerifier]).text).toBe(text);
  });

  it('names the byte offset of invalid UTF-8 and of a control character', () => {
    const note = Buffer.from(signNote('abc\n', [edSigner]), 'utf8');
    note[1] = 0xff;
    expect(thrown(() => openNote(note, [edVerifier])).params).toEqual({ position: 1 });
    note[1] = 0x07;
    expect(thrown(() => openNote(note, [edVerifier]))).toMatchObject({ code: 'crypto.note.malformed.encoding', params: { position: 1 } });
  });

  it('accepts 16 signatures by 16 different keys, as the spec requires', () => {
    const many = Array.from({ length: 16 }, (_, i) => createNoteSigner(generateSignerKey(`k${i}.example`, 'ed25519').skey));
    const note = signNote('sixteen\n', many);
    const opened = openNote(note, many.map((s) => createNoteVerifier(s.verifierKey)));
    expect(opened.signatures).toHaveLength(16);
  });

  it('cosigns: keeps earlier signatures and replaces those of a key that signs again', () => {
    const first = signNote('cosign me\n', [edSigner]);
    const kept = parseNote(first).signatures;
    const both = signNote('cosign me\n', [sm2Signer], kept);
    expect(parseNote(both).signatures.map((s) => s.name)).toEqual(['sm2.zhibao.example', 'ed.zhibao.example']);
    const again = signNote('cosign me\n', [edSigner], parseNote(both).signatures);
    expect(parseNote(again).signatures.map((s) => s.name)).toEqual(['ed.zhibao.example', 'sm2.zhibao.example']);
    // Ed25519 is deterministic: the replacement equals the signature it replaced.
    expect(parseNote(again).signatures[0]).toEqual(kept[0]);
  });

  it('rejects the whole note when any signature by a known key fails, even a repeated one', () => {
    const note = signNote('repeat\n', [edSigner]);
    const sig = parseNote(note).signatures[0];
    const forged = { ...sig, signature: Buffer.from(sig.signature).fill(0, 0, 8) };
    expect(errorCode(() => openNote(formatNote('repeat\n', [sig, forged]), [edVerifier]))).toBe('crypto.note.invalid_signature');
    expect(openNote(formatNote('repeat\n', [sig, sig]), [edVerifier]).signatures).toHaveLength(1);
  });

  it('ignores a signature whose key shares the name but not the key ID of a known key', () => {
    const note = signNote('same name\n', [edSigner]);
    const sig = parseNote(note).signatures[0];
    const other = formatNote('same name\n', [sig, { ...sig, keyId: (sig.keyId + 1) >>> 0 }]);
    const opened = openNote(other, [edVerifier]);
    expect(opened.signatures).toHaveLength(1);
    expect(opened.unverified).toHaveLength(1);
  });

  it('refuses a verifier list with two keys of the same name and key ID', () => {
    expect(errorCode(() => openNote(signNote('x\n', [edSigner]), [edVerifier, edVerifier]))).toBe('crypto.note.ambiguous_key');
  });

  it('refuses signature lines with non-canonical base64, a missing name or too few bytes', () => {
    const note = signNote('lines\n', [edSigner]);
    const [text, line] = [note.slice(0, 'lines\n'.length), note.slice('lines\n'.length + 1)];
    const b64 = line.slice(line.lastIndexOf(' ') + 1, -1);
    for (const badLine of [
      `— ed.zhibao.example ${b64.replace(/=$/, '')}\n`, // padding missing
      `— ${b64}\n`, // no name
      `— ed.zhibao.example AAAAAA==\n`, // 4 bytes: a key ID and no signature
      `- ed.zhibao.example ${b64}\n`, // hyphen instead of em dash
      `—  ed.zhibao.example ${b64}\n`, // empty name
    ]) {
      expect(errorCode(() => openNote(`${text}\n${badLine}`, [edVerifier]))).toBe('crypto.note.malformed.signature_line');
    }
  });

  it('has texts in both languages for every error it raises', () => {
    for (const code of ['crypto.note.invalid_signature', 'crypto.note.no_verifiable_signature', 'crypto.note.malformed.signature_line']) {
      expect(errorText(code, 'zh-CN', { name: 'n', keyId: '00000000', line: 1 })).toMatch(/[\u4e00-\u9fff]/);
      expect(errorText(code, 'en', { name: 'n', keyId: '00000000', line: 1 })).not.toMatch(/\{/);
    }
  });
});
