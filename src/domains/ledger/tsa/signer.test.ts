import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../../platform/errors';
import { DEFAULT_POLICY_OID, OID, toArrayBuffer, toBuffer } from './asn1';
import { buildTimeStampRequest } from './external-client';
import { generateTsaIdentityPem, type IdentityPem } from './identity';
import type { TsaSigner } from './signer';
import { embeddedSigner, OpensslDir } from './tsa.test-support';
import { parseTimeStampResp, parseTokenOrResponse } from './token';

const EVIDENCE = Buffer.from('存证 evidence: contract v3, signed 2026-03-02\n', 'utf8');
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest();
const sm3 = (b: Uint8Array) => createHash('sm3').update(b).digest();

let o: OpensslDir;
let signer: TsaSigner;
let pem: IdentityPem;

beforeAll(async () => {
  o = new OpensslDir();
  ({ signer, pem } = await embeddedSigner());
  o.write('ca.pem', pem.caPem);
  o.write('tsa.pem', pem.certPem);
  o.write('evidence.bin', EVIDENCE);
});
afterAll(() => o.remove());

function expectVerified(args: string[]) {
  const r = o.run(['ts', '-verify', ...args, '-CAfile', 'ca.pem']);
  expect(r.output).toContain('Verification: OK');
  expect(r.status).toBe(0);
}

describe('tokens issued by the embedded TSA, checked by OpenSSL', () => {
  it('verifies with openssl ts -verify -data against the CA alone', async () => {
    o.write('resp.tsr', await signer.issueTimestamp({ digest: sha256(EVIDENCE), hash: 'sha256' }));
    expectVerified(['-data', 'evidence.bin', '-in', 'resp.tsr']);
  });

  it('verifies with openssl ts -verify -digest <hex>', async () => {
    o.write('resp-digest.tsr', await signer.issueTimestamp({ digest: sha256(EVIDENCE), hash: 'sha256' }));
    expectVerified(['-digest', sha256(EVIDENCE).toString('hex'), '-in', 'resp-digest.tsr']);
  });

  it('answers a query made by openssl ts -query and verifies with -queryfile (nonce and certificate request honoured)', async () => {
    o.ok(['ts', '-query', '-data', 'evidence.bin', '-sha256', '-cert', '-out', 'req.tsq']);
    const reply = await signer.handleTimeStampRequest(o.read('req.tsq'));
    expect(reply.granted).toBe(true);
    o.write('resp-query.tsr', reply.response);
    expectVerified(['-queryfile', 'req.tsq', '-in', 'resp-query.tsr']);
    const text = o.ok(['ts', '-reply', '-in', 'resp-query.tsr', '-text']).stdout;
    const queryText = o.ok(['ts', '-query', '-in', 'req.tsq', '-text']).stdout;
    const nonce = /Nonce: (0x[0-9A-F]+)/.exec(queryText)?.[1];
    expect(nonce).toBeDefined();
    expect(text).toContain(`Nonce: ${nonce}`);
  });

  it('verifies the bare token (-token_in) that timestamp() returns for the ledger', async () => {
    const { token } = await signer.timestamp(sha256(EVIDENCE), 'sha256');
    o.write('token.p7s', token);
    expectVerified(['-data', 'evidence.bin', '-in', 'token.p7s', '-token_in']);
  });

  it('leaves the certificate out when certReq is false, and then verifies with -untrusted tsa.pem', async () => {
    const resp = await signer.issueTimestamp({ digest: sha256(EVIDENCE), hash: 'sha256', certReq: false });
    expect(parseTokenOrResponse(resp).signedData.certificates ?? []).toHaveLength(0);
    o.write('resp-nocert.tsr', resp);
    expect(o.run(['ts', '-verify', '-data', 'evidence.bin', '-in', 'resp-nocert.tsr', '-CAfile', 'ca.pem']).output).toContain('Verification: FAILED');
    expectVerified(['-data', 'evidence.bin', '-in', 'resp-nocert.tsr', '-untrusted', 'tsa.pem']);
  });

  it('fails OpenSSL verification of a tampered file with a message imprint mismatch', async () => {
    o.write('resp-tamper.tsr', await signer.issueTimestamp({ digest: sha256(EVIDENCE), hash: 'sha256' }));
    const tampered = Buffer.from(EVIDENCE);
    tampered[0] ^= 0x01;
    o.write('tampered.bin', tampered);
    const r = o.run(['ts', '-verify', '-data', 'tampered.bin', '-in', 'resp-tamper.tsr', '-CAfile', 'ca.pem']);
    expect(r.status).not.toBe(0);
    expect(r.output).toContain('Verification: FAILED');
    expect(r.output).toMatch(/message imprint mismatch/);
  });

  it('fails OpenSSL verification against another CA', async () => {
    const other = await generateTsaIdentityPem();
    o.write('other-ca.pem', other.caPem);
    o.write('resp-otherca.tsr', await signer.issueTimestamp({ digest: sha256(EVIDENCE), hash: 'sha256' }));
    const r = o.run(['ts', '-verify', '-data', 'evidence.bin', '-in', 'resp-otherca.tsr', '-CAfile', 'other-ca.pem']);
    expect(r.output).toContain('Verification: FAILED');
    expect(r.output).toMatch(/certificate verify error|unable to get local issuer certificate/);
  });

  it('issues a token for an SM3 query (openssl ts -query -sm3) that openssl prints and, as OpenSSL 3.0 can hash SM3, also verifies', async () => {
    o.ok(['ts', '-query', '-data', 'evidence.bin', '-sm3', '-cert', '-out', 'req-sm3.tsq']);
    const reply = await signer.handleTimeStampRequest(o.read('req-sm3.tsq'));
    expect(reply.granted).toBe(true);
    o.write('resp-sm3.tsr', reply.response);
    const text = o.ok(['ts', '-reply', '-in', 'resp-sm3.tsr', '-text']).stdout;
    expect(text).toContain('Status: Granted.');
    expect(text).toContain('Hash Algorithm: sm3');
    // The imprint is SM3, the signature ECDSA P-256/SHA-256: only SM2 *signatures* defeat OpenSSL 3.0 (evidence.md §3.4).
    expectVerified(['-queryfile', 'req-sm3.tsq', '-in', 'resp-sm3.tsr']);
    expectVerified(['-data', 'evidence.bin', '-in', 'resp-sm3.tsr']);
    expectVerified(['-digest', sm3(EVIDENCE).toString('hex'), '-in', 'resp-sm3.tsr']);
    o.write('evidence-changed.bin', Buffer.concat([EVIDENCE, Buffer.from('x')]));
    expect(o.run(['ts', '-verify', '-data', 'evidence-changed.bin', '-in', 'resp-sm3.tsr', '-CAfile', 'ca.pem']).output).toMatch(/message imprint mismatch/);
  });
});

describe('what a token holds', () => {
  it('holds TSTInfo version 1, the policy, the imprint, a 128-bit serial, a millisecond genTime, the accuracy and the nonce', async () => {
    const at = new Date('2026-03-02T01:02:03.045Z');
    const { signer: fixed } = await embeddedSigner({ now: () => at, accuracyMs: 1500 });
    const resp = await fixed.issueTimestamp({ digest: sha256(EVIDENCE), hash: 'sha256', nonce: 0xfedcba9876543210n });
    const { tstInfo, policy, serial } = parseTokenOrResponse(resp);
    expect(tstInfo.version).toBe(1);
    expect(policy).toBe(DEFAULT_POLICY_OID);
    expect(tstInfo.messageImprint.hashAlgorithm.algorithmId).toBe(OID.sha256);
    expect(toBuffer(tstInfo.messageImprint.hashedMessage.valueBlock.valueHexView)).toEqual(sha256(EVIDENCE));
    expect(serial).toMatch(/^[4-7][0-9a-f]{31}$/);
    expect(tstInfo.genTime.toISOString()).toBe(at.toISOString());
    expect(tstInfo.accuracy?.seconds).toBe(1);
    expect(tstInfo.accuracy?.millis).toBe(500);
    expect(toBuffer(tstInfo.nonce!.valueBlock.valueHexView).toString('hex')).toBe('00fedcba9876543210');
    o.write('resp-fields.tsr', resp);
    const text = o.ok(['ts', '-reply', '-in', 'resp-fields.tsr', '-text']).stdout;
    expect(text).toContain(`Policy OID: ${DEFAULT_POLICY_OID}`);
    expect(text).toContain('Time stamp: Mar  2 01:02:03.045 2026 GMT');
    expect(text).toContain('Accuracy: 0x01 seconds, 0x01F4 millis');
    expect(text).toContain('Nonce: 0xFEDCBA9876543210');
  });

  it('writes genTime without trailing zeros in the fraction and without a fraction on a whole second (RFC 3161 §2.4.2)', async () => {
    for (const [iso, encoded] of [
      ['2026-03-02T01:02:03.500Z', '20260302010203.5Z'],
      ['2026-03-02T01:02:03.000Z', '20260302010203Z'],
    ] as const) {
      const { signer: fixed } = await embeddedSigner({ now: () => new Date(iso) });
      const { tstInfoDer } = parseTokenOrResponse(await fixed.issueTimestamp({ digest: sha256(EVIDENCE), hash: 'sha256' }));
      expect(tstInfoDer.includes(Buffer.from(encoded, 'latin1'))).toBe(true);
    }
  });

  it('gives every token a different serial number', async () => {
    const serials = new Set<string>();
    for (let i = 0; i < 40; i++) serials.add((await signer.timestamp(sha256(EVIDENCE), 'sha256')).serial);
    expect(serials.size).toBe(40);
  });

  it('signs contentType, messageDigest and an ESS signingCertificateV2 naming the SHA-256 of the embedded TSA certificate', async () => {
    const { token } = await signer.timestamp(sha256(EVIDENCE), 'sha256');
    const { signedData, tstInfoDer } = parseTokenOrResponse(token);
    const [cert] = signedData.certificates as pkijs.Certificate[];
    const certDer = toBuffer(cert.toSchema().toBER(false));
    expect(certDer.toString('base64')).toBe(pem.certPem.split('\n').slice(1, -2).join(''));
    const attrs = signedData.signerInfos[0].signedAttrs!.attributes;
    expect(attrs.map((a) => a.type).sort()).toEqual([OID.contentType, OID.messageDigest, OID.signingCertificateV2].sort());
    const digest = attrs.find((a) => a.type === OID.messageDigest)!.values[0];
    expect(toBuffer(digest.valueBlock.valueHexView)).toEqual(sha256(tstInfoDer));
    const essDer = toBuffer(attrs.find((a) => a.type === OID.signingCertificateV2)!.values[0].toBER(false));
    expect(essDer.includes(sha256(certDer))).toBe(true);
    expect(signedData.signerInfos[0].signatureAlgorithm.algorithmId).toBe(OID.ecdsaWithSha256);
    o.write('token-attrs.p7s', token);
    const printed = o.ok(['cms', '-cmsout', '-print', '-inform', 'DER', '-in', 'token-attrs.p7s']).stdout;
    expect(printed).toContain('id-smime-aa-signingCertificateV2');
    expect(printed).toContain('ecdsa-with-SHA256');
  });

  it('is DER throughout: the TSTInfo sits in a primitive OCTET STRING and OpenSSL re-encodes the token to the same bytes', async () => {
    const { token } = await signer.timestamp(sha256(EVIDENCE), 'sha256');
    expect(parseTokenOrResponse(token).signedData.encapContentInfo.eContent!.idBlock.isConstructed).toBe(false);
    o.write('token-der.p7s', token);
    o.ok(['cms', '-cmsout', '-inform', 'DER', '-in', 'token-der.p7s', '-outform', 'DER', '-out', 'token-der-again.p7s']);
    expect(o.read('token-der-again.p7s').equals(token)).toBe(true);
  });

  it('puts a configured policy OID in its tokens', async () => {
    const { signer: custom } = await embeddedSigner({ policy: '1.2.156.999.1' });
    const { policy } = parseTokenOrResponse((await custom.timestamp(sha256(EVIDENCE), 'sha256')).token);
    expect(policy).toBe('1.2.156.999.1');
  });
});

describe('refusals', () => {
  async function refused(request: Uint8Array) {
    const reply = await signer.handleTimeStampRequest(request);
    expect(reply.granted).toBe(false);
    const parsed = parseTimeStampResp(reply.response);
    expect(parsed.status).toBe('rejection');
    expect(parsed.token).toBeUndefined();
    return { reply: reply as Extract<typeof reply, { granted: false }>, parsed };
  }

  it('refuses bytes that are not a TimeStampReq with badDataFormat, and OpenSSL reads the refusal', async () => {
    const { reply, parsed } = await refused(Buffer.from('not DER at all'));
    expect(parsed.failures).toEqual(['badDataFormat']);
    expect(reply.failure.code).toBe('tsa.request_malformed');
    expect(parsed.statusText.join(' ')).toContain('TimeStampReq');
    o.write('rejected.tsr', reply.response);
    const text = o.ok(['ts', '-reply', '-in', 'rejected.tsr', '-text']).stdout;
    expect(text).toContain('Status: Rejected.');
    expect(text).toContain('Failure info: the data submitted has the wrong format');
  });

  it('refuses a request followed by trailing bytes', async () => {
    const request = buildTimeStampRequest({ digest: sha256(EVIDENCE), hash: 'sha256' });
    const { parsed } = await refused(Buffer.concat([request, Buffer.from([0])]));
    expect(parsed.failures).toEqual(['badDataFormat']);
  });

  it('refuses a SHA-512 query (openssl ts -query -sha512) with badAlg', async () => {
    o.ok(['ts', '-query', '-data', 'evidence.bin', '-sha512', '-out', 'req-sha512.tsq']);
    const { reply, parsed } = await refused(o.read('req-sha512.tsq'));
    expect(parsed.failures).toEqual(['badAlg']);
    expect(reply.failure.code).toBe('tsa.hash_unsupported');
    expect(reply.failure.message.en).toContain('2.16.840.1.101.3.4.2.3');
  });

  it('refuses a query with a policy other than its own with unacceptedPolicy', async () => {
    o.ok(['ts', '-query', '-data', 'evidence.bin', '-sha256', '-tspolicy', '1.2.3.4', '-out', 'req-policy.tsq']);
    const { reply, parsed } = await refused(o.read('req-policy.tsq'));
    expect(parsed.failures).toEqual(['unacceptedPolicy']);
    expect(reply.failure.code).toBe('tsa.request_policy_unaccepted');
  });

  it('accepts a query naming its own policy', async () => {
    o.ok(['ts', '-query', '-data', 'evidence.bin', '-sha256', '-tspolicy', DEFAULT_POLICY_OID, '-cert', '-out', 'req-ownpolicy.tsq']);
    const reply = await signer.handleTimeStampRequest(o.read('req-ownpolicy.tsq'));
    expect(reply.granted).toBe(true);
    o.write('resp-ownpolicy.tsr', reply.response);
    expectVerified(['-queryfile', 'req-ownpolicy.tsq', '-in', 'resp-ownpolicy.tsr']);
  });

  it('refuses an imprint of the wrong length and an unknown request version with badDataFormat', async () => {
    const good = buildTimeStampRequest({ digest: sha256(EVIDENCE), hash: 'sha256' });
    const req = pkijs.TimeStampReq.fromBER(toArrayBuffer(good));
    req.messageImprint.hashedMessage = new asn1js.OctetString({ valueHex: new ArrayBuffer(20) });
    const short = await refused(toBuffer(req.toSchema().toBER(false)));
    expect(short.parsed.failures).toEqual(['badDataFormat']);
    expect(short.reply.failure.code).toBe('tsa.digest_length');
    const v2 = pkijs.TimeStampReq.fromBER(toArrayBuffer(good));
    v2.version = 2;
    expect((await refused(toBuffer(v2.toSchema().toBER(false)))).parsed.failures).toEqual(['badDataFormat']);
  });

  it('refuses a request with extensions with unacceptedExtension', async () => {
    const req = pkijs.TimeStampReq.fromBER(toArrayBuffer(buildTimeStampRequest({ digest: sha256(EVIDENCE), hash: 'sha256' })));
    req.extensions = [new pkijs.Extension({ extnID: '1.2.3.4', critical: false, extnValue: new Uint8Array([5, 0]).buffer })];
    const { parsed } = await refused(toBuffer(req.toSchema().toBER(false)));
    expect(parsed.failures).toEqual(['unacceptedExtension']);
  });

  it('throws a clear error when asked to stamp an unsupported hash or a digest of the wrong size', async () => {
    await expect(signer.issueTimestamp({ digest: sha256(EVIDENCE), hash: 'md5' as never })).rejects.toMatchObject({ code: 'tsa.hash_unsupported' });
    await expect(signer.timestamp(Buffer.alloc(20), 'sm3')).rejects.toBeInstanceOf(DomainError);
    await expect(signer.timestamp(Buffer.alloc(20), 'sm3')).rejects.toMatchObject({ code: 'tsa.digest_length', params: { hash: 'sm3', expected: 32, actual: 20 } });
  });
});
