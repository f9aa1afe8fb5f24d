import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { decodeBase64Loose, toBase64, toHex } from '../crypto/bytes';
import { tsaError } from './tsa.errors';

/**
 * Shared ASN.1 pieces of the RFC 3161 module: object identifiers, the pkijs crypto engine, PEM
 * and DER helpers. Browser-safe at import (no `node:` imports): pkijs is given the platform's
 * WebCrypto (`globalThis.crypto`: Node's webcrypto on the server, the browser's in the receipt
 * verifier page). Helpers returning Buffer are for server code; the verification path uses the
 * Uint8Array ones (`bytesOf`, `derBytes`, `pemBlocksBytes`).
 */

export const OID = {
  sha256: '2.16.840.1.101.3.4.2.1',
  sha1: '1.3.14.3.2.26',
  sm3: '1.2.156.10197.1.401',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectKeyIdentifier: '2.5.29.14',
  authorityKeyIdentifier: '2.5.29.35',
  timeStamping: '1.3.6.1.5.5.7.3.8',
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  organizationalUnit: '2.5.4.11',
  country: '2.5.4.6',
} as const;

/**
 * The default TSA policy (TSAPolicyId, RFC 3161 §2.4.2).
 *
 * Zhibao has no registered enterprise number, so the policy lives under the UUID arc 2.25
 * (ITU-T X.667 / ISO/IEC 9834-8), which anyone may use without registration:
 * 2.25.89572587273816771903227779611814537917 is the integer value of UUID
 * 43630d84-7a1b-49e3-b929-4067e6e42abd, generated once for Zhibao. Below it:
 *   .1    the embedded time-stamping authority
 *   .1.1  its policy, version 1: genTime from the host clock (synchronise it with NTP), the
 *         accuracy stated in each token, SHA-256 and SM3 imprints, ECDSA P-256 signatures.
 * A deployment with its own policy sets ZHIBAO_TSA_POLICY_OID.
 */
export const DEFAULT_POLICY_OID = '2.25.89572587273816771903227779611814537917.1.1';

export type TsaHash = 'sha256' | 'sm3';

/** Imprint hash algorithms a token may carry: the ledger's two hashes, both 32 bytes. */
export const IMPRINT_HASHES: Record<TsaHash, { oid: string; size: number }> = {
  sha256: { oid: OID.sha256, size: 32 },
  sm3: { oid: OID.sm3, size: 32 },
};

export function imprintHashByOid(oid: string): TsaHash | undefined {
  return (Object.keys(IMPRINT_HASHES) as TsaHash[]).find((h) => IMPRINT_HASHES[h].oid === oid);
}

export function assertDigest(digest: Uint8Array, hash: string): asserts hash is TsaHash {
  const spec = IMPRINT_HASHES[hash as TsaHash];
  if (!spec) throw tsaError('tsa.hash_unsupported', { name: String(hash) });
  if (digest.length !== spec.size) throw tsaError('tsa.digest_length', { hash, expected: spec.size, actual: digest.length });
}

export const engine = new pkijs.CryptoEngine({ name: 'zhibao', crypto: globalThis.crypto as unknown as Crypto });
pkijs.setEngine('zhibao', engine);

export function toBuffer(data: ArrayBuffer | ArrayBufferView): Buffer {
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/** A Uint8Array view of the bytes (no copy), browser-safe. */
export function bytesOf(data: ArrayBuffer | ArrayBufferView): Uint8Array {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** DER of a pkijs object or asn1js value as a Uint8Array (browser-safe). */
export function derBytes(value: { toSchema(): asn1js.AsnType } | asn1js.AsnType): Uint8Array {
  const schema = 'toSchema' in value ? value.toSchema() : value;
  return new Uint8Array((schema as asn1js.BaseBlock).toBER(false));
}

/** An ArrayBuffer holding exactly these bytes (pkijs and asn1js want ArrayBuffers). */
export function toArrayBuffer(data: Uint8Array): ArrayBuffer {
  return data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
}

/** DER of a pkijs object or asn1js value. */
export function der(value: { toSchema(): asn1js.AsnType } | asn1js.AsnType): Buffer {
  const schema = 'toSchema' in value ? value.toSchema() : value;
  return toBuffer((schema as asn1js.BaseBlock).toBER(false));
}

/** Parses DER that must be exactly one value (trailing bytes are refused, not ignored). */
export function parseDer(bytes: Uint8Array, what: string): asn1js.AsnType {
  const parsed = asn1js.fromBER(toArrayBuffer(bytes));
  if (parsed.offset === -1 || parsed.result.error) throw tsaError('tsa.token_malformed', { reason: `${what} is not valid DER` });
  if (parsed.offset !== bytes.length) throw tsaError('tsa.token_malformed', { reason: `${what} has ${bytes.length - parsed.offset} trailing bytes` });
  return parsed.result;
}

export function toPem(label: string, derBytes: Uint8Array): string {
  const b64 = toBase64(derBytes);
  return `-----BEGIN ${label}-----\n${b64.replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END ${label}-----\n`;
}

/**
 * DER of every PEM block with this label. Environment variables often carry PEM with literal
 * `\n` sequences instead of line breaks; both forms are read.
 */
export function pemBlocks(pem: string, label: string): Buffer[] {
  return pemBlocksBytes(pem, label).map((b) => Buffer.from(b));
}

/** `pemBlocks` as Uint8Arrays (browser-safe); a block whose body is not base64 is refused. */
export function pemBlocksBytes(pem: string, label: string): Uint8Array[] {
  const text = pem.replace(/\\n/g, '\n');
  const re = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`, 'g');
  return [...text.matchAll(re)].map((m) => {
    const bytes = decodeBase64Loose(m[1]);
    if (!bytes) throw tsaError('tsa.token_malformed', { reason: `a ${label} PEM block is not base64` });
    return bytes;
  });
}

export function certificateFromDer(bytes: Uint8Array): pkijs.Certificate {
  return pkijs.Certificate.fromBER(toArrayBuffer(bytes));
}

export function certificateToPem(cert: pkijs.Certificate): string {
  return toPem('CERTIFICATE', der(cert));
}

/** Dotted form of an OBJECT IDENTIFIER, decoded here because asn1js prints arcs above 2^53 in hex. */
export function oidString(oid: asn1js.ObjectIdentifier): string {
  const body = new Uint8Array(oid.valueBlock.toBER(false));
  const arcs: bigint[] = [];
  let acc = 0n;
  for (const byte of body) {
    acc = (acc << 7n) | BigInt(byte & 0x7f);
    if ((byte & 0x80) === 0) {
      arcs.push(acc);
      acc = 0n;
    }
  }
  if (arcs.length === 0) return '';
  const first = arcs[0] < 40n ? 0n : arcs[0] < 80n ? 1n : 2n;
  return [first, arcs[0] - first * 40n, ...arcs.slice(1)].join('.');
}

/** A positive INTEGER of `bytes` random bytes, minimally encoded (top bits 01). */
export function randomPositiveInteger(bytes: number): asn1js.Integer {
  const value = new Uint8Array(bytes);
  globalThis.crypto.getRandomValues(value);
  value[0] = (value[0] & 0x3f) | 0x40;
  return new asn1js.Integer({ valueHex: toArrayBuffer(value) });
}

export function integerHex(value: asn1js.Integer): string {
  return toHex(bytesOf(value.valueBlock.valueHexView));
}

/** The INTEGER with the unsigned big-endian value `n` (DER: a leading 0x00 only when needed). */
export function integerFromBigInt(n: bigint): asn1js.Integer {
  if (n < 0n) throw new RangeError('a nonce must not be negative');
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  if (/^[89a-f]/.test(hex)) hex = `00${hex}`;
  return new asn1js.Integer({ valueHex: toArrayBuffer(Buffer.from(hex, 'hex')) });
}

/** RFC 4514-style text of a distinguished name, most significant RDN last (as OpenSSL's RFC2253 form). */
export function nameText(name: pkijs.RelativeDistinguishedNames): string {
  const short: Record<string, string> = {
    [OID.commonName]: 'CN',
    [OID.organization]: 'O',
    [OID.organizationalUnit]: 'OU',
    [OID.country]: 'C',
    '2.5.4.7': 'L',
    '2.5.4.8': 'ST',
    '1.2.840.113549.1.9.1': 'emailAddress',
    '2.5.4.5': 'serialNumber',
  };
  return name.typesAndValues
    .map((tv) => `${short[tv.type] ?? tv.type}=${String(tv.value.valueBlock.value ?? '').replace(/([,+"\\<>;])/g, '\\$1')}`)
    .reverse()
    .join(',');
}
