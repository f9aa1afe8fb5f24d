import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { DomainError } from '../../../platform/errors';
import { assertStorageKey, StorageError, type BlobStorage } from './blob-storage';
import { EMPTY_SHA256, signV4, uriEncode, type SigV4Credentials } from './sigv4';

export interface S3Options {
  /** e.g. https://s3.cn-east-2.amazonaws.com.cn or http://127.0.0.1:9000 */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** http://host/bucket/key (MinIO, most self-hosted stores) instead of http://bucket.host/key. */
  pathStyle: boolean;
  /** Key prefix inside the bucket, e.g. `evidence/`. */
  prefix?: string;
  /** Bytes per multipart part (S3: at least 5 MiB except the last); default 8 MiB. */
  partSize?: number;
  fetch?: typeof fetch;
  now?: () => Date;
}

const MIN_PART = 5 * 1024 * 1024;

/**
 * Evidence files in S3-compatible object storage, signed with AWS Signature V4. An upload's
 * length is not known in advance (it is checked while streaming), and S3 refuses chunked PUTs,
 * so a file is sent as parts of `partSize` bytes: one PutObject when it fits into one part,
 * otherwise a multipart upload (aborted if the source fails, so nothing is left behind). Each
 * request carries the SHA-256 of its body, which the store checks. Memory: one part per upload.
 */
export class S3Storage implements BlobStorage {
  readonly kind = 's3' as const;
  private readonly creds: SigV4Credentials;
  private readonly base: URL;
  private readonly partSize: number;
  private readonly fetch: typeof fetch;
  private readonly now: () => Date;

  constructor(private readonly opts: S3Options) {
    this.creds = { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey, region: opts.region, service: 's3' };
    const endpoint = new URL(opts.endpoint);
    this.base = opts.pathStyle
      ? new URL(`${endpoint.origin}${endpoint.pathname.replace(/\/+$/, '')}/${uriEncode(opts.bucket)}/`)
      : new URL(`${endpoint.protocol}//${opts.bucket}.${endpoint.host}${endpoint.pathname.replace(/\/+$/, '')}/`);
    this.partSize = opts.partSize ?? 8 * 1024 * 1024;
    this.fetch = opts.fetch ?? globalThis.fetch;
    this.now = opts.now ?? (() => new Date());
  }

  urlOf(key: string, query: Record<string, string> = {}): URL {
    assertStorageKey(key);
    const objectKey = `${this.opts.prefix ?? ''}${key}`;
    const url = new URL(objectKey.split('/').map(uriEncode).join('/'), this.base);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    return url;
  }

  private async send(method: string, url: URL, body?: Buffer, headers: Record<string, string> = {}): Promise<Response> {
    const payloadHash = body ? createHash('sha256').update(body).digest('hex') : EMPTY_SHA256;
    const signed = signV4({ method, url, headers, payloadHash, date: this.now() }, this.creds);
    try {
      return await this.fetch(url, { method, headers: signed.headers, body: body ? new Uint8Array(body) : undefined });
    } catch (e) {
      throw new StorageError(`S3 ${method} ${url.host}: ${(e as Error).message}`, { cause: e });
    }
  }

  private async expectOk(res: Response, what: string): Promise<string> {
    const text = await res.text();
    // CompleteMultipartUpload can answer 200 with an <Error> document.
    if (!res.ok || /<Error>/.test(text)) {
      const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1] ?? `HTTP ${res.status}`;
      throw new StorageError(`S3 ${what} failed: ${code}`);
    }
    return text;
  }

  async put(key: string, source: AsyncIterable<Uint8Array>): Promise<void> {
    this.urlOf(key); // key check before anything is read
    let chunks: Uint8Array[] = [];
    let buffered = 0;
    let uploadId: string | undefined;
    const etags: string[] = [];
    const flushPart = async () => {
      const body = Buffer.concat(chunks);
      chunks = [];
      buffered = 0;
      if (!uploadId) {
        const created = await this.expectOk(await this.send('POST', this.urlOf(key, { uploads: '' })), 'CreateMultipartUpload');
        uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(created)?.[1];
        if (!uploadId) throw new StorageError('S3 CreateMultipartUpload answered without an UploadId');
      }
      const res = await this.send('PUT', this.urlOf(key, { partNumber: String(etags.length + 1), uploadId }), body);
      await this.expectOk(res, `UploadPart ${etags.length + 1}`);
      const etag = res.headers.get('etag');
      if (!etag) throw new StorageError('S3 UploadPart answered without an ETag');
      etags.push(etag);
    };
    try {
      for await (const chunk of source) {
        chunks.push(chunk);
        buffered += chunk.length;
        if (buffered >= Math.max(this.partSize, MIN_PART)) await flushPart();
      }
      if (!uploadId) {
        await this.expectOk(await this.send('PUT', this.urlOf(key), Buffer.concat(chunks), { 'content-type': 'application/octet-stream' }), 'PutObject');
        return;
      }
      if (buffered > 0) await flushPart();
      const xml = `<CompleteMultipartUpload>${etags.map((e, i) => `<Part><PartNumber>${i + 1}</PartNumber><ETag>${e.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</ETag></Part>`).join('')}</CompleteMultipartUpload>`;
      await this.expectOk(await this.send('POST', this.urlOf(key, { uploadId }), Buffer.from(xml, 'utf8'), { 'content-type': 'application/xml' }), 'CompleteMultipartUpload');
    } catch (e) {
      if (uploadId) await this.send('DELETE', this.urlOf(key, { uploadId })).then((r) => r.body?.cancel()).catch(() => {});
      throw e;
    }
  }

  async get(key: string): Promise<Readable> {
    const res = await this.send('GET', this.urlOf(key));
    if (res.status === 404) {
      await res.body?.cancel();
      throw new DomainError('evidence.blob_missing');
    }
    if (!res.ok || !res.body) await this.expectOk(res, 'GetObject');
    return Readable.fromWeb(res.body as unknown as WebReadableStream<Uint8Array>);
  }

  async delete(key: string): Promise<void> {
    const res = await this.send('DELETE', this.urlOf(key));
    if (res.status === 404) {
      await res.body?.cancel();
      return;
    }
    await this.expectOk(res, 'DeleteObject');
  }

  async exists(key: string): Promise<boolean> {
    const res = await this.send('HEAD', this.urlOf(key));
    await res.body?.cancel();
    if (res.status === 404) return false;
    if (!res.ok) throw new StorageError(`S3 HeadObject failed: HTTP ${res.status}`);
    return true;
  }
}
