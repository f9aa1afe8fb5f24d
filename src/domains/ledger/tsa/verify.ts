import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { bytesEqual, toHex } from '../crypto/bytes';
import { assertDigest, bytesOf, certificateFromDer, derBytes, engine, IMPRINT_HASHES, nameText, OID, pemBlocksBytes, toArrayBuffer, toPem, type TsaHash } from './asn1';
import { checkSigningCertificate } from './ess-check';
import { chainProblem, checkTsaCertificate } from './certificate-checks';
import { parseTokenOrResponseBytes } from './token';
import { tsaError } from './tsa.errors';

/**
 * Verifies an RFC 3161 token without OpenSSL (receipt verifier, CLI): the checks `openssl ts
 * -verify` makes, each failing with its own error code —
 *   imprint = the caller's digest → signed messageDigest = hash(TSTInfo) → ECDSA/RSA signature
 *   over the signed attributes → the TSA certificate chains to the trusted CA at genTime → its
 *   EKU is timeStamping only and critical → the ESS attribute names exactly that certificate.
 * Browser-safe (no `node:` imports, no Buffer): the public receipt verifier runs it in the browser.
 */

/**
 * Signature algorithms pkijs verifies with WebCrypto: ECDSA and RSA PKCS#1 v1.5 with SHA-2.
 * SM2 tokens are not among them: a GM/T-compliant SM2 signature needs the Z_A recipe
 * (domain/evidence.md §3.4), and this module issues ECDSA P-256 tokens.
 */
const SIGNATURE_ALGORITHMS = new Set([
  OID.ecdsaWithSha256,
  '1.2.840.10045.4.3.3', // ecdsa-with-SHA384
  '1.2.840.10045.4.3.4', // ecdsa-with-SHA512
  '1.2.840.113549.1.1.1', // rsaEncryption
  '1.2.840.113549.1.1.11', // sha256WithRSAEncryption
  '1.2.840.113549.1.1.12',
  '1.2.840.113549.1.1.13',
]);

export interface VerifyOptions {
  /** The digest the token should carry, computed by the caller over the evidence. */
  digest: Uint8Array;
  hash: TsaHash;
  /** PEM of the CA certificate(s) to trust (the root; intermediates may follow). */
  trustedCaPem: string;
  /** The TSA certificate, for tokens issued without it (certReq false). */
  tsaCertPem?: string;
  /** The nonce of the request, when the caller made one and wants it checked. */
  nonce?: bigint;
}

export interface VerifiedTimestamp {
  ok: true;
  genTime: Date;
  /** Serial number of the token, lowercase hex. */
  serial: string;
  /** TSA policy OID, dotted. */
  policy: string;
  /** Subject of the TSA certificate, RFC 4514 style (`CN=…,O=…`). */
  tsaSubject: string;
  /** Stated accuracy of genTime in milliseconds, when the token states one. */
  accuracyMs?: number;
  nonce?: bigint;
  tsaCertPem: string;
}

export async function verifyTimestampToken(tokenOrResponse: Uint8Array, opts: VerifyOptions): Promise<VerifiedTimestamp> {
  assertDigest(opts.digest, opts.hash);
  const token = parseTokenOrResponseBytes(tokenOrResponse);
  const { signedData, tstInfo } = token;

  // 1. The imprint: the right algorithm and the caller's digest.
  const imprint = tstInfo.messageImprint;
  if (imprint.hashAlgorithm.algorithmId !== IMPRINT_HASHES[opts.hash].oid) {
    throw tsaError('tsa.imprint_mismatch', { hash: opts.hash }, { tokenAlgorithm: imprint.hashAlgorithm.algorithmId });
  }
  if (!bytesEqual(bytesOf(imprint.hashedMessage.valueBlock.valueHexView), opts.digest)) throw tsaError('tsa.imprint_mismatch', { hash: opts.hash });
  const nonce = tstInfo.nonce ? BigInt(`0x${toHex(bytesOf(tstInfo.nonce.valueBlock.valueHexView)) || '0'}`) : undefined;
  if (opts.nonce !== undefined && nonce !== opts.nonce) throw tsaError('tsa.nonce_mismatch');

  // 2. The signer certificate: embedded, or supplied by the caller.
  const signerInfo = signedData.signerInfos[0];
  const supplied = opts.tsaCertPem ? readCertificates(opts.tsaCertPem, 'a supplied TSA certificate') : [];
  const candidates = [...(signedData.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate), ...supplied];
  const sid = signerInfo.sid;
  const signer = sid instanceof pkijs.IssuerAndSerialNumber ? candidates.find((c) => c.issuer.isEqual(sid.issuer) && c.serialNumber.isEqual(sid.serialNumber)) : undefined;
  if (!signer) throw tsaError('tsa.signer_cert_missing');
  const signerDer = derBytes(signer);

  // 3. Signed attributes: content type, message digest, signature (pkijs), then the chain.
  const attrs = signerInfo.signedAttrs?.attributes ?? [];
  const contentType = attrs.find((a) => a.type === OID.contentType)?.values[0];
  if (!(contentType instanceof asn1js.ObjectIdentifier) || contentType.valueBlock.toString() !== OID.tstInfo) {
    throw tsaError('tsa.token_malformed', { reason: 'the signed content-type attribute is not id-ct-TSTInfo' });
  }
  const trusted = readCertificates(opts.trustedCaPem, 'a trusted CA certificate');
  if (trusted.length === 0) throw tsaError('tsa.chain_invalid', { reason: 'no trusted CA certificate given' });
  const signatureAlgorithm = signerInfo.signatureAlgorithm.algorithmId;
  if (!SIGNATURE_ALGORITHMS.has(signatureAlgorithm)) throw tsaError('tsa.signature_algorithm_unsupported', { oid: signatureAlgorithm });
  await verifySignature(token.tokenDer, signer, token.tstInfoDer);

  // The chain is checked at genTime: a token stays valid after its TSA certificate expires.
  const intermediates = candidates.filter((c) => c !== signer);
  const roots = trusted.filter((c) => c.subject.isEqual(c.issuer));
  const problem = await chainProblem(signer, roots.length ? roots : trusted, tstInfo.genTime, [...intermediates, ...trusted.filter((c) => !roots.includes(c))]);
  if (problem) throw tsaError('tsa.chain_invalid', { reason: problem });

  // 4. What OpenSSL checks beyond CMS: the TSA purpose and the ESS binding.
  checkTsaCertificate(signer);
  checkSigningCertificate(attrs, signer, signerDer);

  const accuracy = tstInfo.accuracy;
  return {
    ok: true,
    genTime: tstInfo.genTime,
    serial: token.serial,
    policy: token.policy,
    tsaSubject: nameText(signer.subject),
    ...(accuracy ? { accuracyMs: (accuracy.seconds ?? 0) * 1000 + (accuracy.millis ?? 0) + (accuracy.micros ?? 0) / 1000 } : {}),
    ...(nonce !== undefined ? { nonce } : {}),
    tsaCertPem: toPem('CERTIFICATE', signerDer),
  };
}

/** The certificates in PEM text; one that is not a certificate is a chain problem, not a crash. */
function readCertificates(pem: string, what: string): pkijs.Certificate[] {
  return pemBlocksBytes(pem, 'CERTIFICATE').map((der) => {
    try {
      return certificateFromDer(der);
    } catch {
      throw tsaError('tsa.chain_invalid', { reason: `${what} is not a valid X.509 certificate` });
    }
  });
}

/**
 * messageDigest and signature with `SignedData.verify`. pkijs, seeing id-ct-TSTInfo, would also
 * re-hash the original data for the imprint — which a verifier holding only the digest (or an
 * SM3 imprint, which WebCrypto lacks) cannot give it. The imprint was checked above, so pkijs
 * verifies a copy whose content is labelled id-data; the signed attributes and the signature are
 * unchanged (the content type is bound by the contentType attribute, checked above).
 */
async function verifySignature(tokenDer: Uint8Array, signer: pkijs.Certificate, tstInfoDer: Uint8Array): Promise<void> {
  // A fresh parse of the token: pkijs verifies the signed attributes as they were encoded.
  const copy = new pkijs.SignedData({ schema: pkijs.ContentInfo.fromBER(toArrayBuffer(tokenDer)).content });
  copy.encapContentInfo = new pkijs.EncapsulatedContentInfo({ eContentType: OID.data });
  copy.encapContentInfo.eContent = new asn1js.OctetString({ valueHex: toArrayBuffer(tstInfoDer) });
  copy.certificates = [signer];
  let result: pkijs.SignedDataVerifyResult;
  try {
    result = (await copy.verify({ signer: 0, checkChain: false, extendedMode: true }, engine)) as pkijs.SignedDataVerifyResult;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (/Message digest doesn't match/i.test(message)) throw tsaError('tsa.content_digest_mismatch');
    if (/mandatory attribute/i.test(message)) throw tsaError('tsa.token_malformed', { reason: 'the content-type or message-digest attribute is missing' });
    throw tsaError('tsa.signature_invalid', {}, { reason: message });
  }
  if (!result.signatureVerified) throw tsaError('tsa.signature_invalid');
}
