import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { errorText } from '../../../platform/errors';
import {
  assertDigest,
  DEFAULT_POLICY_OID,
  der,
  engine,
  IMPRINT_HASHES,
  imprintHashByOid,
  integerFromBigInt,
  integerHex,
  OID,
  oidString,
  parseDer,
  randomPositiveInteger,
  toArrayBuffer,
  toBuffer,
  type TsaHash,
} from './asn1';
import { signingCertificateV2Attribute } from './ess';
import { certificatesPem, type CertificatesPem, type TsaIdentity } from './identity';
import { failInfoBits, type FailureName } from './token';
import type { TimestampResult, Tsa } from './tsa';
import type { TsaErrorCode } from './tsa.errors';

/**
 * The embedded time-stamping authority: issues RFC 3161 tokens signed with the identity's
 * ECDSA P-256 key. A token is CMS SignedData (version 3) over a DER TSTInfo, with the signed
 * attributes contentType, messageDigest and ESS signingCertificateV2 — what OpenSSL's
 * `ts -verify` requires (domain/evidence.md §3.1).
 */

export interface SignerOptions {
  identity: TsaIdentity;
  /** TSAPolicyId put in every token (default DEFAULT_POLICY_OID). */
  policy?: string;
  /** Accuracy of genTime stated in tokens, in milliseconds (0 leaves the field out). */
  accuracyMs?: number;
  now?: () => Date;
}

export interface IssueRequest {
  digest: Uint8Array;
  hash: TsaHash;
  /** Echoed in the token (RFC 3161 nonce, a non-negative INTEGER). */
  nonce?: bigint;
  /** Embed the TSA certificate in the token (default true: tokens then verify with the CA alone). */
  certReq?: boolean;
}

export interface IssuedToken extends TimestampResult {
  /** DER TimeStampResp (status granted + token). */
  response: Buffer;
}

export interface RequestFailure {
  info: FailureName;
  /** The module's error code for the same refusal, with its text in both languages. */
  code: TsaErrorCode;
  message: { 'zh-CN': string; en: string };
}

/** The answer to a TimeStampReq: always a DER TimeStampResp, granted or refused. */
export type TimeStampReply = { response: Buffer; granted: true; serial: string } | { response: Buffer; granted: false; failure: RequestFailure };

interface Imprint {
  hashAlgorithm: string;
  digest: Uint8Array;
}

export class TsaSigner implements Tsa {
  readonly kind = 'internal' as const;
  readonly policy: string;
  private readonly identity: TsaIdentity;
  private readonly accuracyMs: number;
  private readonly now: () => Date;
  private readonly policyDer: Buffer;

  constructor(opts: SignerOptions) {
    this.identity = opts.identity;
    this.policy = opts.policy ?? DEFAULT_POLICY_OID;
    this.policyDer = der(new asn1js.ObjectIdentifier({ value: this.policy }));
    this.accuracyMs = opts.accuracyMs ?? 1000;
    this.now = opts.now ?? (() => new Date());
  }

  certificatesPem(): CertificatesPem {
    return certificatesPem(this.identity);
  }

  async timestamp(digest: Uint8Array, hash: TsaHash): Promise<TimestampResult> {
    const { token, genTime, serial } = await this.issue({ digest, hash, certReq: true });
    return { token, genTime, serial };
  }

  /** A DER TimeStampResp granting a token over `digest`. */
  async issueTimestamp(req: IssueRequest): Promise<Buffer> {
    return (await this.issue(req)).response;
  }

  async issue(req: IssueRequest): Promise<IssuedToken> {
    assertDigest(req.digest, req.hash);
    return this.sign({ hashAlgorithm: IMPRINT_HASHES[req.hash].oid, digest: req.digest }, req.nonce === undefined ? undefined : integerFromBigInt(req.nonce), req.certReq ?? true);
  }

  /**
   * Answers a DER TimeStampReq, as served at `POST /tsa`. Every refusal is a TimeStampResp with
   * status rejection and the matching PKIFailureInfo bit (RFC 3161 §2.4.2), never an exception.
   */
  async handleTimeStampRequest(derRequest: Uint8Array): Promise<TimeStampReply> {
    let request: pkijs.TimeStampReq;
    let schema: asn1js.AsnType;
    try {
      schema = parseDer(derRequest, 'the request');
      request = new pkijs.TimeStampReq({ schema });
    } catch {
      return this.refuse('badDataFormat', 'tsa.request_malformed', { reason: 'not a DER TimeStampReq' });
    }
    if (request.version !== 1) return this.refuse('badDataFormat', 'tsa.request_malformed', { reason: `version ${request.version} (only 1 is defined)` });
    const algorithm = request.messageImprint.hashAlgorithm;
    const hash = imprintHashByOid(algorithm.algorithmId);
    if (!hash) return this.refuse('badAlg', 'tsa.hash_unsupported', { name: algorithm.algorithmId });
    const params = algorithm.algorithmParams as asn1js.AsnType | undefined;
    if (params !== undefined && !(params instanceof asn1js.Null)) {
      return this.refuse('badAlg', 'tsa.request_malformed', { reason: 'the hash algorithm has parameters' });
    }
    const digest = toBuffer(request.messageImprint.hashedMessage.valueBlock.valueHexView);
    if (digest.length !== IMPRINT_HASHES[hash].size) {
      return this.refuse('badDataFormat', 'tsa.digest_length', { hash, expected: IMPRINT_HASHES[hash].size, actual: digest.length });
    }
    const fields = (schema as asn1js.Sequence).valueBlock.value;
    const reqPolicy = fields.find((f) => f instanceof asn1js.ObjectIdentifier) as asn1js.ObjectIdentifier | undefined;
    if (reqPolicy && !der(reqPolicy).equals(this.policyDer)) {
      return this.refuse('unacceptedPolicy', 'tsa.request_policy_unaccepted', { policy: oidString(reqPolicy), ours: this.policy });
    }
    if (request.extensions?.length) {
      return this.refuse('unacceptedExtension', 'tsa.request_extension_unaccepted', { oid: request.extensions[0].extnID });
    }
    try {
      const issued = await this.sign({ hashAlgorithm: algorithm.algorithmId, digest }, request.nonce, request.certReq ?? false);
      return { response: issued.response, granted: true, serial: issued.serial };
    } catch (e) {
      console.error('RFC 3161 signing failed:', e);
      return this.refuse('systemFailure', 'tsa.signing_failed', {});
    }
  }

  private refuse(info: FailureName, code: TsaErrorCode, params: Record<string, string | number>): TimeStampReply {
    const message = { 'zh-CN': errorText(code, 'zh-CN', params), en: errorText(code, 'en', params) };
    const status = new pkijs.PKIStatusInfo({
      status: pkijs.PKIStatus.rejection,
      statusStrings: [new asn1js.Utf8String({ value: message.en }), new asn1js.Utf8String({ value: message['zh-CN'] })],
      failInfo: failInfoBits(info),
    });
    const response = der(new pkijs.TimeStampResp({ status }));
    return { response, granted: false, failure: { info, code, message } };
  }

  private async sign(imprint: Imprint, nonce: asn1js.Integer | undefined, certReq: boolean): Promise<IssuedToken> {
    const { tsaCert, tsaCertDer, signingKey } = this.identity;
    const genTime = this.now();
    const serialNumber = randomPositiveInteger(16);
    const tstInfo = new pkijs.TSTInfo({
      version: 1,
      policy: this.policy,
      messageImprint: new pkijs.MessageImprint({
        hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: imprint.hashAlgorithm }),
        hashedMessage: new asn1js.OctetString({ valueHex: toArrayBuffer(toBuffer(imprint.digest)) }),
      }),
      serialNumber,
      genTime, // GeneralizedTime with milliseconds, trailing zeros dropped (RFC 3161 §2.4.2)
      ...(this.accuracyMs > 0 ? { accuracy: accuracyOf(this.accuracyMs) } : {}),
      ...(nonce ? { nonce } : {}),
    });
    const tstInfoDer = der(tstInfo);

    const attributes = [
      new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.tstInfo })] }),
      new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: toArrayBuffer(createHash('sha256').update(tstInfoDer).digest()) })] }),
      signingCertificateV2Attribute(tsaCert, tsaCertDer),
    ];
    // DER orders a SET OF by the encodings of its elements (X.690 §11.6); the signature covers this order.
    attributes.sort((a, b) => Buffer.compare(der(a), der(b)));

    const encapContentInfo = new pkijs.EncapsulatedContentInfo({ eContentType: OID.tstInfo });
    // Set after construction: the constructor would wrap the content in a constructed (BER) OCTET STRING.
    encapContentInfo.eContent = new asn1js.OctetString({ valueHex: toArrayBuffer(tstInfoDer) });
    const signedData = new pkijs.SignedData({
      version: 3,
      encapContentInfo,
      signerInfos: [
        new pkijs.SignerInfo({
          version: 1,
          sid: new pkijs.IssuerAndSerialNumber({ issuer: tsaCert.issuer, serialNumber: tsaCert.serialNumber }),
          signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes }),
        }),
      ],
      ...(certReq ? { certificates: [tsaCert] } : {}),
    });
    await signedData.sign(signingKey as CryptoKey, 0, 'SHA-256', undefined, engine);
    const token = der(new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema() }));
    const response = der(
      new asn1js.Sequence({
        value: [new pkijs.PKIStatusInfo({ status: pkijs.PKIStatus.granted }).toSchema(), parseDer(token, 'the token')],
      }),
    );
    return { response, token, genTime, serial: integerHex(serialNumber) };
  }
}

function accuracyOf(ms: number): pkijs.Accuracy {
  const seconds = Math.floor(ms / 1000);
  const millis = Math.round(ms % 1000);
  return new pkijs.Accuracy({ ...(seconds ? { seconds } : {}), ...(millis ? { millis } : {}) });
}

