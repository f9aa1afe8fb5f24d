import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3Storage } from './s3';
import { signV4 } from './sigv4';
import { StorageError } from './blob-storage';

/**
 * S3Storage against a tiny S3 look-alike on a random port that checks every request's
 * Signature V4 (recomputed from the headers it names) and the SHA-256 of every body, and
 * implements PutObject, GetObject, HeadObject, DeleteObject and multipart uploads.
 */

const CREDS = { accessKeyId: 'AKIDZHIBAOTEST', secretAccessKey: 'c2VjcmV0LXplaGliYW8tdGVzdA', region: 'cn-east-2' };
const BUCKET = 'zhibao-evidence';

interface Upload {
  key: string;
  parts: Map<number, Buffer>;
}

let server: http.Server;
let endpoint: string;
const objects = new Map<string, Buffer>();
const uploads = new Map<string, Upload>();
const log: string[] = [];
let rejected = 0;

function verifySignature(req: http.IncomingMessage, body: Buffer): string | null {
  const auth = req.headers.authorization ?? '';
  const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(auth);
  if (!m) return 'malformed authorization';
  const [, accessKey, , region, signedHeaders, signature] = m;
  if (accessKey !== CREDS.accessKeyId || region !== CREDS.region) return 'unknown credential';
  const payloadHash = String(req.headers['x-amz-content-sha256']);
  if (payloadHash !== createHash('sha256').update(body).digest('hex')) return 'body does not match x-amz-content-sha256';
  const stamp = String(req.headers['x-amz-date']);
  const date = new Date(`${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)}Z`);
  const headers: Record<string, string> = {};
  for (const name of signedHeaders.split(';')) if (!['host', 'x-amz-date', 'x-amz-content-sha256'].includes(name)) headers[name] = String(req.headers[name]);
  if (!signedHeaders.split(';').includes('host')) return 'host not signed';
  const url = new URL(req.url!, `http://${req.headers.host}`);
  const expected = signV4({ method: req.method!, url, headers, payloadHash, date }, CREDS).signature;
  return expected === signature ? null : 'SignatureDoesNotMatch';
}

function reply(res: http.ServerResponse, status: number, body = '', headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/xml', ...headers });
  res.end(body);
}

beforeAll(async () => {
  server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const problem = verifySignature(req, body);
    const url = new URL(req.url!, 'http://x');
    log.push(`${req.method} ${url.pathname}${url.search}`);
    if (problem) {
      rejected++;
      return reply(res, 403, `<Error><Code>SignatureDoesNotMatch</Code><Message>${problem}</Message></Error>`);
    }
    const prefix = `/${BUCKET}/`;
    if (!url.pathname.startsWith(prefix)) return reply(res, 404, '<Error><Code>NoSuchBucket</Code></Error>');
    const key = decodeURIComponent(url.pathname.slice(prefix.length));
    const uploadId = url.searchParams.get('uploadId');
    if (req.method === 'POST' && url.searchParams.has('uploads')) {
      const id = `up-${uploads.size + 1}`;
      uploads.set(id, { key, parts: new Map() });
      return reply(res, 200, `<InitiateMultipartUploadResult><Bucket>${BUCKET}</Bucket><Key>${key}</Key><UploadId>${id}</UploadId></InitiateMultipartUploadResult>`);
    }
    if (uploadId) {
      const upload = uploads.get(uploadId);
      if (!upload) return reply(res, 404, '<Error><Code>NoSuchUpload</Code></Error>');
      if (req.method === 'PUT') {
        const n = Number(url.searchParams.get('partNumber'));
        upload.parts.set(n, body);
        return reply(res, 200, '', { etag: `"${createHash('md5').update(body).digest('hex')}"` });
      }
      if (req.method === 'POST') {
        const numbers = [...body.toString().matchAll(/<PartNumber>(\d+)<\/PartNumber>/g)].map((x) => Number(x[1]));
        objects.set(upload.key, Buffer.concat(numbers.map((n) => upload.parts.get(n)!)));
        uploads.delete(uploadId);
        return reply(res, 200, `<CompleteMultipartUploadResult><Key>${upload.key}</Key></CompleteMultipartUploadResult>`);
      }
      if (req.method === 'DELETE') {
        uploads.delete(uploadId);
        return reply(res, 204);
      }
    }
    switch (req.method) {
      case 'PUT':
        objects.set(key, body);
        return reply(res, 200, '', { etag: '"x"' });
      case 'GET':
      case 'HEAD': {
        const object = objects.get(key);
        if (!object) return reply(res, 404, req.method === 'GET' ? '<Error><Code>NoSuchKey</Code></Error>' : '');
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(object.length) });
        return res.end(req.method === 'GET' ? object : undefined);
      }
      case 'DELETE':
        objects.delete(key);
        return reply(res, 204);
    }
    return reply(res, 405);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const storage = (over: Partial<ConstructorParameters<typeof S3Storage>[0]> = {}) =>
  new S3Storage({ endpoint, bucket: BUCKET, region: CREDS.region, accessKeyId: CREDS.accessKeyId, secretAccessKey: CREDS.secretAccessKey, pathStyle: true, prefix: 'evidence/', ...over });

async function* chunksOf(data: Buffer, size: number) {
  for (let at = 0; at < data.length; at += size) yield data.subarray(at, at + size);
}

async function readAll(s: NodeJS.ReadableStream): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of s) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

describe('S3Storage (signed requests against an S3 look-alike)', () => {
  it('stores a small file with one signed PutObject and reads it back', async () => {
    const s = storage();
    const data = Buffer.from('证据 evidence bytes');
    await s.put('b7c1e0f2-small', chunksOf(data, 5));
    expect(objects.get('evidence/b7c1e0f2-small')).toEqual(data);
    expect(await s.exists('b7c1e0f2-small')).toBe(true);
    expect(await readAll(await s.get('b7c1e0f2-small'))).toEqual(data);
    await s.delete('b7c1e0f2-small');
    expect(await s.exists('b7c1e0f2-small')).toBe(false);
    await expect(s.get('b7c1e0f2-small')).rejects.toMatchObject({ code: 'evidence.blob_missing' });
    await s.delete('b7c1e0f2-small'); // absent: no error
  });

  it('streams a larger file as a multipart upload of bounded parts', async () => {
    const s = storage({ partSize: 5 * 1024 * 1024 });
    const data = Buffer.alloc(11 * 1024 * 1024 + 123);
    for (let i = 0; i < data.length; i++) data[i] = (i * 31) & 0xff;
    log.length = 0;
    await s.put('multi-1', chunksOf(data, 64 * 1024));
    expect(log.filter((l) => l.startsWith('PUT')).length).toBe(3);
    expect(log.at(-1)).toBe('POST /zhibao-evidence/evidence/multi-1?uploadId=up-1');
    expect(objects.get('evidence/multi-1')!.equals(data)).toBe(true);
  });

  it('aborts the multipart upload and keeps nothing when the source fails', async () => {
    const s = storage({ partSize: 5 * 1024 * 1024 });
    async function* failing() {
      yield Buffer.alloc(6 * 1024 * 1024, 1);
      throw new Error('client went away');
    }
    await expect(s.put('multi-2', failing())).rejects.toThrow('client went away');
    expect(objects.has('evidence/multi-2')).toBe(false);
    expect([...uploads.values()].some((u) => u.key === 'evidence/multi-2')).toBe(false);
  });

  it('reports a refused signature as a StorageError', async () => {
    const before = rejected;
    await expect(storage({ secretAccessKey: 'wrong' }).put('bad-key', chunksOf(Buffer.from('x'), 1))).rejects.toBeInstanceOf(StorageError);
    expect(rejected).toBe(before + 1);
  });

  it('addresses the bucket in the host name unless path style is asked for', () => {
    const virtual = storage({ endpoint: 'https://s3.cn-east-2.amazonaws.com.cn', pathStyle: false });
    expect(virtual.urlOf('abc').toString()).toBe('https://zhibao-evidence.s3.cn-east-2.amazonaws.com.cn/evidence/abc');
    expect(storage().urlOf('abc', { uploads: '' }).toString()).toBe(`${endpoint}/zhibao-evidence/evidence/abc?uploads=`);
    expect(() => storage().urlOf('../etc')).toThrow();
  });
});
