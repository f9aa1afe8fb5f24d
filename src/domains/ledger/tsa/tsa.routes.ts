import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { DomainError } from '../../../platform/errors';
import type { AppEnv } from '../../../platform/http/context';
import { json, tag } from '../../../platform/http/openapi-helpers';
import { ProblemSchema } from '../../../platform/http/problem';
import { route } from '../../../platform/http/route';
import { TIMESTAMP_QUERY, TIMESTAMP_REPLY } from './external-client';
import type { TimeStampReply } from './signer';
import type { Tsa } from './tsa';

/** A TimeStampReq is about a hundred bytes; 4 KiB leaves room for a policy and extensions. */
export const TSA_BODY_LIMIT = 4096;

interface TimeStampResponder {
  handleTimeStampRequest(derRequest: Uint8Array): Promise<TimeStampReply>;
}

function answersQueries(tsa: Tsa): tsa is Tsa & TimeStampResponder {
  return typeof (tsa as Partial<TimeStampResponder>).handleTimeStampRequest === 'function';
}

const Binary = z.string().openapi({ format: 'binary' });

/**
 * RFC 3161 over HTTP (§3.4) at `POST /tsa`, public, outside /api so that standard clients
 * (`curl --data-binary @req.tsq -H 'Content-Type: application/timestamp-query'`) need no
 * session or CSRF token. Refusals are TimeStampResp documents with status rejection (HTTP 200),
 * as the RFC wants; only a wrong content type or an oversized body get a problem document.
 * With an external TSA configured there is no local signer, so nothing is registered.
 */
export function registerTsaRoutes(app: OpenAPIHono<AppEnv>, tsa: Tsa): void {
  if (!answersQueries(tsa)) return;
  app.openapi(
    route({
      method: 'post', path: '/tsa', permission: 'public', ...tag('Trusted time'), operationId: 'timestamp',
      ownBodyLimit: true,
      summary: 'RFC 3161 time-stamping: a DER TimeStampReq in, a DER TimeStampResp out',
      description: `Body: \`${TIMESTAMP_QUERY}\` (at most ${TSA_BODY_LIMIT} bytes), e.g. from \`openssl ts -query -data file -sha256 -cert\`. SHA-256 and SM3 imprints. The reply is \`${TIMESTAMP_REPLY}\`; a refused request is a reply with status rejection and a PKIFailureInfo.`,
      middleware: [
        bodyLimit({
          maxSize: TSA_BODY_LIMIT,
          onError: () => {
            throw new DomainError('request.too_large', { limit: TSA_BODY_LIMIT });
          },
        }),
      ] as const,
      request: { body: { content: { [TIMESTAMP_QUERY]: { schema: Binary } }, required: true } },
      responses: {
        200: { content: { [TIMESTAMP_REPLY]: { schema: Binary } }, description: 'TimeStampResp: granted with a token, or a rejection' },
        413: json(ProblemSchema, 'Body too large'),
        415: json(ProblemSchema, `Content type is not ${TIMESTAMP_QUERY}`),
      },
    }),
    async (c) => {
      const type = (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
      if (type !== TIMESTAMP_QUERY) throw new DomainError('request.unsupported_media_type', { type: type || '-' });
      const reply = await tsa.handleTimeStampRequest(new Uint8Array(await c.req.arrayBuffer()));
      return c.body(new Uint8Array(reply.response), 200, { 'content-type': TIMESTAMP_REPLY, 'cache-control': 'no-store' });
    },
  );
}
