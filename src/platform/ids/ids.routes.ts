import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { errorText } from '../errors';
import type { AppEnv, Platform } from '../http/context';
import { json, problems, tag } from '../http/openapi-helpers';
import { route } from '../http/route';
import { checkIdentifier, IDENTIFIER_KINDS } from './index';

const CheckResponse = z
  .object({
    ok: z.boolean(),
    kind: z.enum(IDENTIFIER_KINDS),
    normalized: z.string().optional(),
    info: z.record(z.string(), z.unknown()).optional(),
    code: z.string().optional(),
    messages: z.object({ 'zh-CN': z.string(), en: z.string() }).optional(),
  })
  .openapi('IdentifierCheck');

export function registerIdsRoutes(app: OpenAPIHono<AppEnv>, platform: Platform) {
  app.openapi(
    route({
      method: 'get', path: '/api/ids/check', permission: 'public', ...tag('Identifiers'), operationId: 'checkIdentifier',
      summary: 'Check an identifier: 统一社会信用代码 (uscc), 身份证号码 (id), patent application number, trademark number, Nice class',
      description: 'Always 200: `ok` tells whether the identifier is valid, with the normalised form or the reason in both languages.',
      request: {
        query: z.object({
          kind: z.enum(IDENTIFIER_KINDS),
          value: z.string().min(1).max(64),
        }),
      },
      responses: { 200: json(CheckResponse, 'Result of the check'), ...problems },
    }),
    async (c) => {
      const { kind, value } = c.req.valid('query');
      const result = checkIdentifier(kind, value, { now: platform.now() });
      if (result.ok) return c.json({ ok: true, kind, normalized: result.normalized, info: result.info as unknown as Record<string, unknown> }, 200);
      return c.json(
        { ok: false, kind, code: result.code, messages: { 'zh-CN': errorText(result.code, 'zh-CN', result.params), en: errorText(result.code, 'en', result.params) } },
        200,
      );
    },
  );
}
