import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExternalTsaClient } from '../src/domains/ledger/tsa/external-client';
import { generateTsaIdentityPem, type IdentityPem } from '../src/domains/ledger/tsa/identity';
import type { TsaSigner } from '../src/domains/ledger/tsa/signer';
import { createTsa } from '../src/domains/ledger/tsa/tsa';
import { registerTsaRoutes } from '../src/domains/ledger/tsa/tsa.routes';
import { embeddedSigner, OpensslDir } from '../src/domains/ledger/tsa/tsa.test-support';
import { verifyTimestampToken } from '../src/domains/ledger/tsa/verify';
import { parseConfig } from '../src/platform/config';
import { createBaseApp } from '../src/platform/http/base-app';
import type { Platform } from '../src/platform/http/context';
import { closedPort } from './support/smtp-server';

/**
 * The external-TSA client (ZHIBAO_TSA_URL) against this platform's own `POST /tsa`, served by
 * @hono/node-server on a random port: a real HTTP round trip, then each way the service can fail.
 */

const EVIDENCE = Buffer.from('evidence stamped by an external TSA\n');
const DIGEST = createHash('sha256').update(EVIDENCE).digest();

let o: OpensslDir;
let signer: TsaSigner;
let pem: IdentityPem;
let server: ServerType;
let base: string;
/** A raw socket server for the misbehaving services. */
let raw: http.Server;
let rawBase: string;
const rawAuthorizations: (string | undefined)[] = [];

beforeAll(async () => {
  o = new OpensslDir();
  ({ signer, pem } = await embeddedSigner());
  const platform = { config: parseConfig({}), now: () => new Date() } as unknown as Platform;
  const app = createBaseApp(platform, { session: async () => null, token: async () => null, sessionCookie: 'zb_session' });
  registerTsaRoutes(app, signer);
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const rejection = (await signer.handleTimeStampRequest(Buffer.from('x'))).response;
  raw = http.createServer((req, res) => {
    rawAuthorizations.push(req.headers.authorization);
    const reply = (status: number, type: string, body: Uint8Array | string) => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    switch (req.url) {
      case '/hang':
        return; // never answers
      case '/html':
        return reply(200, 'text/html', '<html>maintenance</html>');
      case '/error':
        return reply(503, 'text/plain', 'down');
      case '/refuse':
        return reply(200, 'application/timestamp-reply', rejection);
      case '/huge':
        return reply(200, 'application/timestamp-reply', Buffer.alloc(300 * 1024, 0x30));
      case '/garbage':
        return reply(200, 'application/timestamp-reply', 'not DER');
      case '/auth':
        if (req.headers.authorization !== `Basic ${Buffer.from('stamp:s3cr3t/é').toString('base64')}`) return reply(401, 'text/plain', 'who are you');
        // Relay to the real handler, as an authenticating proxy in front of a TSA would.
        return void (async () => {
          const chunks: Buffer[] = [];
          for await (const c of req) chunks.push(c as Buffer);
          const r = await fetch(`${base}/tsa`, { method: 'POST', headers: { 'content-type': 'application/timestamp-query' }, body: Buffer.concat(chunks) });
          reply(r.status, r.headers.get('content-type') ?? '', Buffer.from(await r.arrayBuffer()));
        })();
      default:
        return reply(404, 'text/plain', 'no');
    }
  });
  await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
  rawBase = `http://127.0.0.1:${(raw.address() as AddressInfo).port}`;
});

afterAll(async () => {
  raw.closeAllConnections();
  await new Promise((resolve) => raw.close(resolve));
  await new Promise((resolve) => server.close(resolve));
  o.remove();
});

const client = (url: string, extra: { caPem?: string; timeoutMs?: number } = {}) => new ExternalTsaClient({ url, caPem: pem.caPem, timeoutMs: 2000, ...extra });

describe('the external-TSA client against POST /tsa over HTTP', () => {
  it('round-trips: sends a query, verifies the token against the configured CA, and the token verifies with openssl', async () => {
    const tsa = await createTsa({ ...parseConfig({ ZHIBAO_TSA_URL: `${base}/tsa`, ZHIBAO_TSA_CA_PEM: pem.caPem }) });
    expect(tsa.kind).toBe('external');
    const stamped = await tsa.timestamp(DIGEST, 'sha256');
    expect(stamped.serial).toMatch(/^[0-9a-f]{32}$/);
    expect(Math.abs(stamped.genTime.getTime() - Date.now())).toBeLessThan(60_000);
    await expect(verifyTimestampToken(stamped.token, { digest: DIGEST, hash: 'sha256', trustedCaPem: pem.caPem })).resolves.toMatchObject({ serial: stamped.serial });
    // The TSA certificate learnt from the verified token is published with the configured CA.
    expect(tsa.certificatesPem()).toEqual({ ca: pem.caPem, tsa: pem.certPem });
    o.write('evidence.bin', EVIDENCE);
    o.write('ca.pem', pem.caPem);
    o.write('external.p7s', stamped.token);
    expect(o.run(['ts', '-verify', '-data', 'evidence.bin', '-in', 'external.p7s', '-token_in', '-CAfile', 'ca.pem']).output).toContain('Verification: OK');
  });

  it('stamps SM3 digests through the external service too', async () => {
    const digest = createHash('sm3').update(EVIDENCE).digest();
    const stamped = await client(`${base}/tsa`).timestamp(digest, 'sm3');
    await expect(verifyTimestampToken(stamped.token, { digest, hash: 'sm3', trustedCaPem: pem.caPem })).resolves.toMatchObject({ ok: true });
  });

  it('sends the credentials of the URL as HTTP basic authentication, never in the URL', async () => {
    const stamped = await client(`${rawBase.replace('http://', 'http://stamp:s3cr3t%2F%C3%A9@')}/auth`).timestamp(DIGEST, 'sha256');
    expect(stamped.token.length).toBeGreaterThan(100);
    await expect(client(`${rawBase}/auth`).timestamp(DIGEST, 'sha256')).rejects.toMatchObject({ code: 'tsa.external_bad_response', params: { reason: 'HTTP 401' } });
    expect(rawAuthorizations.filter(Boolean)).toHaveLength(1);
  });

  it('refuses a token from an authority that does not chain to the configured CA', async () => {
    const other = await generateTsaIdentityPem();
    const err = await client(`${base}/tsa`, { caPem: other.caPem }).timestamp(DIGEST, 'sha256').catch((e) => e);
    expect(err).toMatchObject({ code: 'tsa.external_bad_response', details: { cause: 'tsa.chain_invalid' } });
    expect(err.message).toContain('does not chain');
  });

  it('gives up after the timeout with a clear error', async () => {
    const started = Date.now();
    await expect(client(`${rawBase}/hang`, { timeoutMs: 300 }).timestamp(DIGEST, 'sha256')).rejects.toMatchObject({ code: 'tsa.external_timeout', params: { ms: 300 } });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('says when nothing listens at the address', async () => {
    const port = await closedPort();
    await expect(client(`http://127.0.0.1:${port}/tsa`).timestamp(DIGEST, 'sha256')).rejects.toMatchObject({
      code: 'tsa.external_unreachable',
      params: { host: `127.0.0.1:${port}`, reason: 'ECONNREFUSED' },
    });
  });

  it.each([
    ['/error', 'HTTP 503'],
    ['/html', 'content type text/html, expected application/timestamp-reply'],
    ['/garbage', 'the reply is not a DER TimeStampResp'],
    ['/huge', 'the reply is larger than 262144 bytes'],
  ])('refuses a bad answer from %s: %s', async (pathname, reason) => {
    await expect(client(`${rawBase}${pathname}`).timestamp(DIGEST, 'sha256')).rejects.toMatchObject({ code: 'tsa.external_bad_response', params: { reason } });
  });

  it('names the status and failure when the service refuses the request', async () => {
    const err = await client(`${rawBase}/refuse`).timestamp(DIGEST, 'sha256').catch((e) => e);
    expect(err).toMatchObject({ code: 'tsa.external_bad_response', details: { status: 'rejection', failures: ['badDataFormat'] } });
    expect(err.message).toContain('request refused (status rejection, failure badDataFormat)');
  });
});
