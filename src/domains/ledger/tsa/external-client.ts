import { randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { isDomainError } from '../../../platform/errors';
import { assertDigest, der, IMPRINT_HASHES, integerFromBigInt, toArrayBuffer, toBuffer, type TsaHash } from './asn1';
import type { CertificatesPem } from './identity';
import { parseTimeStampResp } from './token';
import type { TimestampResult, Tsa } from './tsa';
import { tsaError } from './tsa.errors';
import { verifyTimestampToken } from './verify';

/**
 * Client of an external RFC 3161 service (ZHIBAO_TSA_URL), RFC 3161 §3.4: POST a DER
 * TimeStampReq as `application/timestamp-query`, read a TimeStampResp. Every token is verified
 * against the configured CA (ZHIBAO_TSA_CA_PEM) with the request's nonce before it is used, so a
 * misbehaving service cannot put an unverifiable token into the ledger.
 */

export const TIMESTAMP_QUERY = 'application/timestamp-query';
export const TIMESTAMP_REPLY = 'application/timestamp-reply';
/** A reply is a few kilobytes (token + certificates); anything far larger is not a reply. */
const MAX_REPLY_BYTES = 256 * 1024;

export interface TimeStampRequestOptions {
  digest: Uint8Array;
  hash: TsaHash;
  nonce?: bigint;
  certReq?: boolean;
  policy?: string;
}

/** A DER TimeStampReq, as `openssl ts -query` makes it (hash parameters NULL). */
export function buildTimeStampRequest(opts: TimeStampRequestOptions): Buffer {
  assertDigest(opts.digest, opts.hash);
  const request = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: IMPRINT_HASHES[opts.hash].oid, algorithmParams: new asn1js.Null() }),
      hashedMessage: new asn1js.OctetString({ valueHex: toArrayBuffer(toBuffer(opts.digest)) }),
    }),
    ...(opts.policy ? { reqPolicy: opts.policy } : {}),
    ...(opts.nonce !== undefined ? { nonce: integerFromBigInt(opts.nonce) } : {}),
    certReq: opts.certReq ?? true,
  });
  return der(request);
}

export interface ExternalTsaOptions {
  url: string;
  /** CA certificate(s) of the external authority, PEM. */
  caPem: string;
  timeoutMs?: number;
}

export class ExternalTsaClient implements Tsa {
  readonly kind = 'external' as const;
  private readonly endpoint: URL;
  private readonly authorization?: string;
  private readonly caPem: string;
  private readonly timeoutMs: number;
  private lastTsaCertPem = '';

  constructor(opts: ExternalTsaOptions) {
    const url = new URL(opts.url);
    // fetch refuses URLs with credentials: they become a Basic Authorization header.
    if (url.username || url.password) {
      this.authorization = `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
      url.username = '';
      url.password = '';
    }
    this.endpoint = url;
    this.caPem = opts.caPem;
    this.timeoutMs = opts.timeoutMs ?? 10_000;
  }

  /** The configured CA, and the TSA certificate of the latest verified token ('' before the first). */
  certificatesPem(): CertificatesPem {
    return { ca: this.caPem, tsa: this.lastTsaCertPem };
  }

  async timestamp(digest: Uint8Array, hash: TsaHash): Promise<TimestampResult> {
    const nonce = BigInt(`0x${randomBytes(8).toString('hex')}`);
    const reply = parseReply(await this.post(buildTimeStampRequest({ digest, hash, nonce, certReq: true })), this.endpoint.host);
    try {
      const verified = await verifyTimestampToken(reply, { digest, hash, trustedCaPem: this.caPem, nonce });
      this.lastTsaCertPem = verified.tsaCertPem;
      return { token: reply, genTime: verified.genTime, serial: verified.serial };
    } catch (e) {
      if (!isDomainError(e)) throw e;
      throw tsaError('tsa.external_bad_response', { host: this.endpoint.host, reason: e.message }, { cause: e.code });
    }
  }

  /** POSTs a DER TimeStampReq and returns the DER TimeStampResp, with transport errors made clear. */
  async post(request: Uint8Array): Promise<Buffer> {
    const host = this.endpoint.host;
    let res: Response;
    try {
      res = await fetch(this.endpoint, {
        method: 'POST',
        headers: { 'content-type': TIMESTAMP_QUERY, accept: TIMESTAMP_REPLY, ...(this.authorization ? { authorization: this.authorization } : {}) },
        body: new Uint8Array(request),
        signal: AbortSignal.timeout(this.timeoutMs),
        redirect: 'error',
      });
    } catch (e) {
      throw transportError(e, host, this.timeoutMs);
    }
    const bad = (reason: string) => tsaError('tsa.external_bad_response', { host, reason });
    if (res.status !== 200) {
      await res.body?.cancel();
      throw bad(`HTTP ${res.status}`);
    }
    const type = (res.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
    // application/timestamp-response is the pre-RFC name some services still send.
    if (type !== TIMESTAMP_REPLY && type !== 'application/timestamp-response') {
      await res.body?.cancel();
      throw bad(`content type ${type || '(none)'}, expected ${TIMESTAMP_REPLY}`);
    }
    let body: Buffer;
    try {
      body = await readLimited(res, MAX_REPLY_BYTES);
    } catch (e) {
      if (isDomainError(e)) throw e;
      throw transportError(e, host, this.timeoutMs);
    }
    if (body.length > MAX_REPLY_BYTES) throw bad(`the reply is larger than ${MAX_REPLY_BYTES} bytes`);
    return body;
  }
}

/** The token of a granted reply; a refusal becomes an error naming the status and failure bits. */
function parseReply(body: Buffer, host: string): Buffer {
  let reply;
  try {
    reply = parseTimeStampResp(body);
  } catch {
    throw tsaError('tsa.external_bad_response', { host, reason: 'the reply is not a DER TimeStampResp' });
  }
  if (!reply.granted) {
    const failure = reply.failures.join(', ') || '-';
    const text = reply.statusText.length ? `: ${reply.statusText.join(' / ')}` : '';
    throw tsaError('tsa.external_bad_response', { host, reason: `request refused (status ${reply.status}, failure ${failure})${text}` }, { status: reply.status, failures: reply.failures });
  }
  return reply.token!;
}

async function readLimited(res: Response, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  if (!res.body) return Buffer.alloc(0);
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > limit) {
      await res.body.cancel().catch(() => undefined);
      return Buffer.alloc(limit + 1);
    }
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

function transportError(e: unknown, host: string, timeoutMs: number) {
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return tsaError('tsa.external_timeout', { host, ms: timeoutMs });
  return tsaError('tsa.external_unreachable', { host, reason: err.cause?.code ?? err.cause?.message ?? err.message ?? String(e) });
}
