import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY_OID, OID, pemBlocks, randomPositiveInteger, toArrayBuffer, toBuffer } from './asn1';
import { generateTsaIdentityPem, identityFromPem, type IdentityPem } from './identity';
import { TsaSigner } from './signer';
import { embeddedSigner, OpensslDir, opensslIdentity, rfc3161Fixtures, uncheckedIdentity, type RfcFixtures } from './tsa.test-support';
import { verifyTimestampToken } from './verify';

const EVIDENCE = Buffer.from('evidence for the verifier\n');
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest();
const sm3 = (b: Uint8Array) => createHash('sm3').update(b).digest();
const DIGEST = sha256(EVIDENCE);

let o: OpensslDir;
let signer: TsaSigner;
let pem: IdentityPem;
let fx: RfcFixtures;

beforeAll(async () => {
  o = new OpensslDir();
  ({ signer, pem } = await embeddedSigner());
  fx = rfc3161Fixtures();
  o.write('evidence.bin', EVIDENCE);
});
afterAll(() => o.remove());

const opts = (extra: Partial<Parameters<typeof verifyTimestampToken>[1]> = {}) => ({ digest: DIGEST, hash: 'sha256' as const, trustedCaPem: pem.caPem, ...extra });

/** Parses a token, lets `mutate` change the SignedData, and encodes it again. */
function rewrite(token: Buffer, mutate: (sd: pkijs.SignedData) => void): Buffer {
  const sd = new pkijs.SignedData({ schema: pkijs.ContentInfo.fromBER(toArrayBuffer(token)).content });
  mutate(sd);
  return toBuffer(new pkijs.ContentInfo({ contentType: OID.signedData, content: sd.toSchema() }).toSchema().toBER(false));
}

/** OpenSSL's verdict on a token over evidence.bin, for the cases where both verifiers must refuse. */
function opensslVerdict(token: Buffer, caPem: string): string {
  o.write('case.p7s', token);
  o.write('case-ca.pem', caPem);
  return o.run(['ts', '-verify', '-data', 'evidence.bin', '-in', 'case.p7s', '-token_in', '-CAfile', 'case-ca.pem']).output;
}

describe('verifyTimestampToken accepts good tokens', () => {
  it('accepts a token and a whole response, and reports genTime, serial, policy and TSA subject', async () => {
    // Within the validity of the identity generated for this file (it starts an hour before now).
    const at = new Date(Math.floor(Date.now() / 1000) * 1000 + 250);
    const { signer: fixed } = await embeddedSigner({ now: () => at });
    const issued = await fixed.issue({ digest: DIGEST, hash: 'sha256' });
    for (const bytes of [issued.token, issued.response]) {
      const v = await verifyTimestampToken(bytes, opts());
      expect(v).toMatchObject({ ok: true, serial: issued.serial, policy: DEFAULT_POLICY_OID, tsaSubject: 'CN=Zhibao TSA,OU=Evidence Ledger,O=Zhibao,C=CN', accuracyMs: 1000 });
      expect(v.genTime.toISOString()).toBe(at.toISOString());
    }
  });

  it('accepts an SM3 imprint', async () => {
    const { token } = await signer.timestamp(sm3(EVIDENCE), 'sm3');
    await expect(verifyTimestampToken(token, opts({ digest: sm3(EVIDENCE), hash: 'sm3' }))).resolves.toMatchObject({ ok: true });
  });

  it('accepts a token without the certificate when the TSA certificate is supplied, and checks a nonce', async () => {
    const resp = await signer.issueTimestamp({ digest: DIGEST, hash: 'sha256', certReq: false, nonce: 42n });
    await expect(verifyTimestampToken(resp, opts({ tsaCertPem: pem.certPem, nonce: 42n }))).resolves.toMatchObject({ ok: true, nonce: 42n });
  });

  it('keeps accepting a token after re-encoding it unchanged (the tampering helper itself is sound)', async () => {
    const { token } = await signer.timestamp(DIGEST, 'sha256');
    await expect(verifyTimestampToken(rewrite(token, () => undefined), opts())).resolves.toMatchObject({ ok: true });
  });
});

describe('verifyTimestampToken refuses each bad case with its own error', () => {
  it('refuses another digest with an imprint mismatch', async () => {
    const { token } = await signer.timestamp(DIGEST, 'sha256');
    await expect(verifyTimestampToken(token, opts({ digest: sha256(Buffer.from('other')) }))).rejects.toMatchObject({ code: 'tsa.imprint_mismatch' });
  });

  it('refuses the same bytes claimed under another hash algorithm with an imprint mismatch', async () => {
    const { token } = await signer.timestamp(DIGEST, 'sha256');
    await expect(verifyTimestampToken(token, opts({ hash: 'sm3' }))).rejects.toMatchObject({ code: 'tsa.imprint_mismatch' });
  });

  it('refuses a changed signature as signature invalid', async () => {
    const { token } = await signer.timestamp(DIGEST, 'sha256');
    const bad = rewrite(token, (sd) => {
      const sig = new Uint8Array(sd.signerInfos[0].signature.valueBlock.valueHexView);
      sig[sig.length - 1] ^= 0x01;
      sd.signerInfos[0].signature = new asn1js.OctetString({ valueHex: toArrayBuffer(sig) });
    });
    await expect(verifyTimestampToken(bad, opts())).rejects.toMatchObject({ code: 'tsa.signature_invalid' });
    expect(opensslVerdict(bad, pem.caPem)).toContain('Verification: FAILED');
  });

  it('refuses a TSTInfo altered after signing (another serial) as a content digest mismatch', async () => {
    const { token } = await signer.timestamp(DIGEST, 'sha256');
    const bad = rewrite(token, (sd) => {
      const tst = pkijs.TSTInfo.fromBER(sd.encapContentInfo.eContent!.getValue());
      tst.serialNumber = randomPositiveInteger(16);
      sd.encapContentInfo.eContent = new asn1js.OctetString({ valueHex: tst.toSchema().toBER(false) });
    });
    await expect(verifyTimestampToken(bad, opts())).rejects.toMatchObject({ code: 'tsa.content_digest_mismatch' });
    expect(opensslVerdict(bad, pem.caPem)).toContain('Verification: FAILED');
  });

  it('refuses a token whose TSA certificate does not chain to the trusted CA', async () => {
    const other = await generateTsaIdentityPem();
    const { token } = await signer.timestamp(DIGEST, 'sha256');
    await expect(verifyTimestampToken(token, opts({ trustedCaPem: other.caPem }))).rejects.toMatchObject({ code: 'tsa.chain_invalid' });
  });

  it('still finds the right leaf when a token embeds extra certificates, and refuses a self-signed impostor CA it embeds', async () => {
    const impostor = await generateTsaIdentityPem();
    const { token } = await signer.timestamp(DIGEST, 'sha256');
    const padded = rewrite(token, (sd) => {
      const [tsaCert] = sd.certificates as pkijs.Certificate[];
      const extra = [pemBlocks(impostor.caPem, 'CERTIFICATE')[0], pemBlocks(pem.certPem, 'CERTIFICATE')[0], pemBlocks(impostor.certPem, 'CERTIFICATE')[0]];
      sd.certificates = [tsaCert, ...extra.map((b) => pkijs.Certificate.fromBER(toArrayBuffer(b)))];
    });
    await expect(verifyTimestampToken(padded, opts())).resolves.toMatchObject({ ok: true });
    await expect(verifyTimestampToken(padded, opts({ trustedCaPem: impostor.caPem }))).rejects.toMatchObject({ code: 'tsa.chain_invalid' });
  });

  it('refuses a token stamped at a time its TSA certificate was not valid', async () => {
    const identity = await identityFromPem(pem);
    const late = new TsaSigner({ identity, now: () => new Date(Date.now() + 40 * 365 * 24 * 3600 * 1000) });
    const { token } = await late.timestamp(DIGEST, 'sha256');
    await expect(verifyTimestampToken(token, opts())).rejects.toMatchObject({ code: 'tsa.chain_invalid' });
  });

  const ekuCases = [
    ['without an extended key usage', ['keyUsage = critical, digitalSignature'], 'tsa.eku_missing'],
    ['whose timeStamping usage is not critical', ['keyUsage = critical, digitalSignature', 'extendedKeyUsage = timeStamping'], 'tsa.eku_not_critical'],
    ['whose extended key usage has another purpose too', ['keyUsage = critical, digitalSignature', 'extendedKeyUsage = critical, timeStamping, codeSigning'], 'tsa.eku_not_exclusive'],
    ['whose key usage allows more than signing', ['keyUsage = critical, digitalSignature, keyAgreement', 'extendedKeyUsage = critical, timeStamping'], 'tsa.key_usage_invalid'],
  ] as const;
  it.each(ekuCases)('refuses a token from a TSA certificate %s, as OpenSSL does', async (_label, extensions, code) => {
    const bad = opensslIdentity(o, code.replace(/\W/g, ''), [...extensions]);
    await expect(identityFromPem(bad)).rejects.toMatchObject({ code });
    const badSigner = new TsaSigner({ identity: await uncheckedIdentity(bad) });
    const { token } = await badSigner.timestamp(DIGEST, 'sha256');
    await expect(verifyTimestampToken(token, opts({ trustedCaPem: bad.caPem }))).rejects.toMatchObject({ code });
    expect(opensslVerdict(token, bad.caPem)).toMatch(/Verification: FAILED[\s\S]*unsuitable certificate purpose/);
  });

  it('accepts a token from an OpenSSL-made TSA certificate with the critical timeStamping usage (control for the cases above)', async () => {
    const good = opensslIdentity(o, 'control', ['keyUsage = critical, digitalSignature, nonRepudiation', 'extendedKeyUsage = critical, timeStamping']);
    const goodSigner = new TsaSigner({ identity: await identityFromPem(good) });
    const { token } = await goodSigner.timestamp(DIGEST, 'sha256');
    await expect(verifyTimestampToken(token, opts({ trustedCaPem: good.caPem }))).resolves.toMatchObject({ ok: true, tsaSubject: 'CN=control Test TSA' });
    expect(opensslVerdict(token, good.caPem)).toContain('Verification: OK');
  });

  it('refuses a token whose ESS attribute hashes another certificate', async () => {
    const identity = await uncheckedIdentity(pem);
    const other = await generateTsaIdentityPem();
    const lying = new TsaSigner({ identity: { ...identity, tsaCertDer: pemBlocks(other.certPem, 'CERTIFICATE')[0] } });
    const { token } = await lying.timestamp(DIGEST, 'sha256');
    await expect(verifyTimestampToken(token, opts())).rejects.toMatchObject({ code: 'tsa.ess_mismatch' });
    expect(opensslVerdict(token, pem.caPem)).toContain('Verification: FAILED');
  });

  it('refuses a token without a certificate when none is supplied', async () => {
    const resp = await signer.issueTimestamp({ digest: DIGEST, hash: 'sha256', certReq: false });
    await expect(verifyTimestampToken(resp, opts())).rejects.toMatchObject({ code: 'tsa.signer_cert_missing' });
  });

  it('refuses a token whose nonce differs from the request', async () => {
    const resp = await signer.issueTimestamp({ digest: DIGEST, hash: 'sha256', nonce: 7n });
    await expect(verifyTimestampToken(resp, opts({ nonce: 8n }))).rejects.toMatchObject({ code: 'tsa.nonce_mismatch' });
  });

  it('refuses bytes that are not a token, and a truncated token, as malformed', async () => {
    const { token } = await signer.timestamp(DIGEST, 'sha256');
    await expect(verifyTimestampToken(Buffer.from('hello'), opts())).rejects.toMatchObject({ code: 'tsa.token_malformed' });
    await expect(verifyTimestampToken(token.subarray(0, token.length - 10), opts())).rejects.toMatchObject({ code: 'tsa.token_malformed' });
    await expect(verifyTimestampToken(Buffer.concat([token, Buffer.from([0])]), opts())).rejects.toMatchObject({ code: 'tsa.token_malformed' });
  });

  it('refuses a rejection response as not granted, naming the failure', async () => {
    const reply = await signer.handleTimeStampRequest(Buffer.from([0x30, 0x00]));
    await expect(verifyTimestampToken(reply.response, opts())).rejects.toMatchObject({ code: 'tsa.response_not_granted', params: { status: 'rejection', failure: 'badDataFormat' } });
  });
});

describe('the shared OpenSSL fixtures give the verdicts OpenSSL gave', () => {
  const digest = () => Buffer.from(fx.evidence_sha256, 'hex');
  const p256 = () => ({ digest: digest(), hash: 'sha256' as const, trustedCaPem: fx.p256.ca_cert_pem });

  it('matches the evidence file and its SHA-256', () => {
    expect(sha256(Buffer.from(fx.evidence_file_ascii)).toString('hex')).toBe(fx.evidence_sha256);
  });

  it('accepts the response issued by openssl ts -reply (expected: Verification: OK)', async () => {
    expect(fx.p256.expected['resp.tsr']).toContain('Verification: OK');
    const request = pkijs.TimeStampReq.fromBER(toArrayBuffer(Buffer.from(fx.p256.request_tsq_der_b64, 'base64')));
    const nonce = BigInt(`0x${toBuffer(request.nonce!.valueBlock.valueHexView).toString('hex')}`);
    const v = await verifyTimestampToken(Buffer.from(fx.p256.response_openssl_tsr_der_b64, 'base64'), { ...p256(), nonce });
    expect(v).toMatchObject({ ok: true, serial: '02', policy: '1.2.3.4.1', tsaSubject: 'CN=Test TSA', accuracyMs: 1500.1 });
    expect(v.genTime.toISOString()).toBe('2026-11-23T17:13:25.000Z');
  });

  it('accepts the pkijs-issued response (expected: Verification: OK)', async () => {
    expect(fx.p256.expected['resp_pkijs.tsr']).toContain('Verification: OK');
    await expect(verifyTimestampToken(Buffer.from(fx.p256.response_pkijs_tsr_der_b64, 'base64'), p256())).resolves.toMatchObject({ ok: true, tsaSubject: 'CN=Test TSA' });
  });

  it('refuses the token without the ESS attribute (expected: FAILED, missing signing certificate attribute)', async () => {
    expect(fx.p256.expected['resp_noess.tsr']).toContain('missing signing certificate attribute');
    await expect(verifyTimestampToken(Buffer.from(fx.p256.response_pkijs_no_ESS_attr_tsr_der_b64, 'base64'), p256())).rejects.toMatchObject({ code: 'tsa.ess_missing' });
  });

  it('refuses the OpenSSL response for a tampered evidence file', async () => {
    await expect(verifyTimestampToken(Buffer.from(fx.p256.response_openssl_tsr_der_b64, 'base64'), { ...p256(), digest: sha256(Buffer.from('tampered')) })).rejects.toMatchObject({
      code: 'tsa.imprint_mismatch',
    });
  });

  it('says plainly that it does not verify the three SM2-signed token variants', async () => {
    const sm3Digest = sm3(Buffer.from(fx.evidence_file_ascii));
    for (const [name, variant] of Object.entries(fx.sm2.tokens)) {
      await expect(verifyTimestampToken(Buffer.from(variant.tsr_der_b64, 'base64'), { digest: sm3Digest, hash: 'sm3', trustedCaPem: fx.sm2.ca_cert_pem }), name).rejects.toMatchObject({
        code: 'tsa.signature_algorithm_unsupported',
        params: { oid: '1.2.156.10197.1.501' },
      });
    }
  });

  it('answers the fixture queries (SHA-256 and SM3) with tokens both verifiers accept', async () => {
    o.write('fixture-evidence.bin', fx.evidence_file_ascii);
    o.write('ca.pem', pem.caPem);
    for (const [name, b64, hash] of [
      ['p256', fx.p256.request_tsq_der_b64, 'sha256'],
      ['sm2', fx.sm2.request_tsq_der_b64, 'sm3'],
    ] as const) {
      o.write(`fixture-${name}.tsq`, Buffer.from(b64, 'base64'));
      const reply = await signer.handleTimeStampRequest(Buffer.from(b64, 'base64'));
      expect(reply.granted, name).toBe(true);
      const d = hash === 'sha256' ? sha256(Buffer.from(fx.evidence_file_ascii)) : sm3(Buffer.from(fx.evidence_file_ascii));
      await expect(verifyTimestampToken(reply.response, { digest: d, hash, trustedCaPem: pem.caPem })).resolves.toMatchObject({ ok: true });
      o.write(`fixture-${name}.tsr`, reply.response);
      const r = o.run(['ts', '-verify', '-queryfile', `fixture-${name}.tsq`, '-in', `fixture-${name}.tsr`, '-CAfile', 'ca.pem']);
      expect(r.output, name).toContain('Verification: OK');
      expect(o.run(['ts', '-verify', '-data', 'fixture-evidence.bin', '-in', `fixture-${name}.tsr`, '-CAfile', 'ca.pem']).output, name).toContain('Verification: OK');
    }
  });
});
