import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { bytesOf, derBytes, integerHex, OID, oidString, parseDer, toArrayBuffer } from './asn1';
import { tsaError } from './tsa.errors';

/**
 * Reading RFC 3161 structures: a TimeStampResp (status + token) or a bare TimeStampToken (a CMS
 * ContentInfo holding SignedData over a TSTInfo). Anything that does not parse is
 * `tsa.token_malformed`, never a pkijs exception.
 */

export const PKI_STATUS = ['granted', 'grantedWithMods', 'rejection', 'waiting', 'revocationWarning', 'revocationNotification'] as const;
export type PkiStatusName = (typeof PKI_STATUS)[number];

/** PKIFailureInfo bits (RFC 3161 §2.4.2). */
export const FAILURE_BITS = {
  badAlg: 0,
  badRequest: 2,
  badDataFormat: 5,
  timeNotAvailable: 14,
  unacceptedPolicy: 15,
  unacceptedExtension: 16,
  addInfoNotAvailable: 17,
  systemFailure: 25,
} as const;
export type FailureName = keyof typeof FAILURE_BITS;

/** The PKIFailureInfo BIT STRING with one bit set, DER-encoded (trailing zero bits dropped). */
export function failInfoBits(name: FailureName): asn1js.BitString {
  const bit = FAILURE_BITS[name];
  const bytes = new Uint8Array((bit >> 3) + 1);
  bytes[bit >> 3] = 0x80 >> (bit & 7);
  return new asn1js.BitString({ valueHex: toArrayBuffer(bytes), unusedBits: 7 - (bit & 7) });
}

export function failuresOf(bits: asn1js.BitString | undefined): FailureName[] {
  if (!bits) return [];
  const view = bits.valueBlock.valueHexView;
  return (Object.keys(FAILURE_BITS) as FailureName[]).filter((name) => {
    const bit = FAILURE_BITS[name];
    return ((view[bit >> 3] ?? 0) & (0x80 >> (bit & 7))) !== 0;
  });
}

export interface ParsedResponse {
  status: PkiStatusName | `status ${number}`;
  granted: boolean;
  failures: FailureName[];
  statusText: string[];
  /** DER of the TimeStampToken, when the response has one. */
  token?: Buffer;
}

/** `ParsedResponse` with plain byte arrays (browser-safe). */
export interface ParsedResponseBytes extends Omit<ParsedResponse, 'token'> {
  token?: Uint8Array;
}

export interface ParsedToken {
  tokenDer: Buffer;
  signedData: pkijs.SignedData;
  tstInfo: pkijs.TSTInfo;
  tstInfoDer: Buffer;
  /** Dotted policy OID (decoded here: asn1js prints arcs above 2^53 in hex). */
  policy: string;
  serial: string;
}

/** `ParsedToken` with plain byte arrays (browser-safe). */
export interface ParsedTokenBytes extends Omit<ParsedToken, 'tokenDer' | 'tstInfoDer'> {
  tokenDer: Uint8Array;
  tstInfoDer: Uint8Array;
}

const toNodeBuffer = (b: Uint8Array): Buffer => Buffer.from(b.buffer, b.byteOffset, b.byteLength);
const tokenWithBuffers = (t: ParsedTokenBytes): ParsedToken => ({ ...t, tokenDer: toNodeBuffer(t.tokenDer), tstInfoDer: toNodeBuffer(t.tstInfoDer) });

const malformed = (reason: string) => tsaError('tsa.token_malformed', { reason });

function parseResponseSchema(schema: asn1js.AsnType): ParsedResponseBytes {
  let resp: pkijs.TimeStampResp;
  try {
    resp = new pkijs.TimeStampResp({ schema });
  } catch {
    throw malformed('not a TimeStampResp');
  }
  const code = resp.status.status as number;
  const status = PKI_STATUS[code] ?? (`status ${code}` as const);
  const granted = code === 0 || code === 1;
  const statusText = (resp.status.statusStrings ?? []).map((s) => s.valueBlock.value);
  const token = resp.timeStampToken ? derBytes(resp.timeStampToken) : undefined;
  if (granted && !token) throw malformed('the response grants the request but holds no token');
  return { status, granted, failures: failuresOf(resp.status.failInfo), statusText, token };
}

/** Parses a DER TimeStampResp (status, failure bits, texts, token). */
export function parseTimeStampResp(bytes: Uint8Array): ParsedResponse {
  const r = parseResponseSchema(parseDer(bytes, 'the timestamp response'));
  return { ...r, token: r.token && toNodeBuffer(r.token) };
}

/**
 * The token in `bytes`, which may be a TimeStampResp (then it must be granted) or the bare
 * TimeStampToken. A ContentInfo starts with an OID, a TimeStampResp with the status SEQUENCE.
 */
export function parseTokenOrResponse(bytes: Uint8Array): ParsedToken {
  return tokenWithBuffers(parseTokenOrResponseBytes(bytes));
}

/** `parseTokenOrResponse` without Buffer (browser-safe): the one parser both use. */
export function parseTokenOrResponseBytes(bytes: Uint8Array): ParsedTokenBytes {
  const schema = parseDer(bytes, 'the timestamp');
  const firstField = schema instanceof asn1js.Sequence ? schema.valueBlock.value[0] : undefined;
  if (firstField instanceof asn1js.Sequence) {
    const response = parseResponseSchema(schema);
    if (!response.granted) {
      throw tsaError('tsa.response_not_granted', { status: response.status, failure: response.failures.join(', ') || '-' }, { statusText: response.statusText });
    }
    return parseTokenBytes(response.token!);
  }
  return parseTokenBytes(bytes);
}

/** Parses a DER TimeStampToken (ContentInfo → SignedData → TSTInfo). */
export function parseToken(bytes: Uint8Array): ParsedToken {
  return tokenWithBuffers(parseTokenBytes(bytes));
}

/** `parseToken` without Buffer (browser-safe). */
export function parseTokenBytes(bytes: Uint8Array): ParsedTokenBytes {
  const schema = parseDer(bytes, 'the timestamp token');
  let signedData: pkijs.SignedData;
  try {
    const contentInfo = new pkijs.ContentInfo({ schema });
    if (contentInfo.contentType !== OID.signedData) throw new Error('not SignedData');
    signedData = new pkijs.SignedData({ schema: contentInfo.content });
  } catch {
    throw malformed('not a CMS SignedData ContentInfo');
  }
  const encap = signedData.encapContentInfo;
  if (encap.eContentType !== OID.tstInfo) throw malformed(`the signed content type is ${encap.eContentType}, not id-ct-TSTInfo`);
  if (!(encap.eContent instanceof asn1js.OctetString)) throw malformed('the TSTInfo is missing');
  if (signedData.signerInfos.length !== 1) throw malformed(`a token has exactly one signer, this one has ${signedData.signerInfos.length}`);
  const tstInfoDer = bytesOf(encap.eContent.getValue());
  const tstSchema = parseDer(tstInfoDer, 'the TSTInfo');
  let tstInfo: pkijs.TSTInfo;
  try {
    tstInfo = new pkijs.TSTInfo({ schema: tstSchema });
  } catch {
    throw malformed('the TSTInfo does not follow RFC 3161');
  }
  if (tstInfo.version !== 1) throw malformed(`TSTInfo version ${tstInfo.version}`);
  const policyOid = (tstSchema as asn1js.Sequence).valueBlock.value[1] as asn1js.ObjectIdentifier;
  return { tokenDer: bytesOf(bytes), signedData, tstInfo, tstInfoDer, policy: oidString(policyOid), serial: integerHex(tstInfo.serialNumber) };
}
