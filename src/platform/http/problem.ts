import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import { DomainError, errorSpec, errorText, type Locale } from '../errors';
import type { AppEnv } from './context';
import { fieldErrors, summarise, type FieldError } from './validation';

/** RFC 9457 problem details with a stable `code` and the message in both languages. */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    detail: z.string(),
    messages: z.object({ 'zh-CN': z.string(), en: z.string() }),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z
      .array(z.object({ path: z.string(), code: z.string(), message: z.string(), messages: z.object({ 'zh-CN': z.string(), en: z.string() }) }))
      .optional(),
    retryAfterSeconds: z.number().optional(),
  })
  .openapi('Problem');

export type Problem = z.infer<typeof ProblemSchema>;

/** The problem type's fixed summary: the template up to its first clause, placeholders elided. */
function shortTitle(template: string): string {
  return template.split(/[：:。；;（(]|\. /)[0].replace(/\{\w+\}/g, '…').trim();
}

export function problemFor(err: DomainError, locale: Locale, instance?: string, requestId?: string): Problem {
  const spec = errorSpec(err.code);
  const zh = errorText(err.code, 'zh-CN', err.params);
  const en = errorText(err.code, 'en', err.params);
  const problem: Problem = {
    type: `urn:zhibao:problem:${err.code}`,
    title: shortTitle(locale === 'en' ? spec.en : spec.zh),
    status: spec.status,
    code: err.code,
    detail: locale === 'en' ? en : zh,
    messages: { 'zh-CN': zh, en },
    instance,
    requestId,
  };
  const details = err.details as { errors?: FieldError[]; retryAfterSeconds?: number } | undefined;
  if (details?.errors) problem.errors = details.errors;
  if (details?.retryAfterSeconds) problem.retryAfterSeconds = details.retryAfterSeconds;
  return problem;
}

export function validationError(error: z.ZodError, locale: Locale): DomainError {
  const errors = fieldErrors(error, locale);
  // The summary is rendered per language from the same field list.
  return new DomainError('validation.failed', { summary: summarise(errors, locale) }, { errors, zhSummary: summarise(errors, 'zh-CN'), enSummary: summarise(errors, 'en') });
}

/** Maps anything thrown to a DomainError; unknown errors become `internal` (and are logged by the caller). */
export function toDomainError(err: unknown, contentType?: string): DomainError {
  if (err instanceof DomainError) return err;
  if (err instanceof z.ZodError) return validationError(err, 'zh-CN');
  if (err instanceof HTTPException) {
    if (err.status === 400 && /json/i.test(err.message)) return new DomainError('request.malformed_json');
    if (err.status === 413) return new DomainError('request.too_large', { limit: '?' });
    // The route's media-type gate (a body that is not JSON on a JSON route).
    if (err.status === 415) return new DomainError('request.unsupported_media_type', { type: contentType?.split(';')[0].trim() || '-' });
    if (err.status === 401) return new DomainError('auth.required');
    if (err.status === 404) return new DomainError('not_found');
    return new DomainError('validation.failed', { summary: err.message });
  }
  return new DomainError('internal');
}

export function problemResponse(c: Context<AppEnv>, err: DomainError) {
  const locale = c.get('locale') ?? 'zh-CN';
  const details = err.details as { zhSummary?: string; enSummary?: string } | undefined;
  const problem = problemFor(err, locale, c.req.path, c.get('requestId'));
  if (err.code === 'validation.failed' && details?.zhSummary !== undefined) {
    problem.messages = {
      'zh-CN': errorText(err.code, 'zh-CN', { summary: details.zhSummary }),
      en: errorText(err.code, 'en', { summary: details.enSummary ?? '' }),
    };
    problem.detail = problem.messages[locale];
  }
  const headers: Record<string, string> = { 'content-type': 'application/problem+json; charset=utf-8' };
  if (problem.retryAfterSeconds) headers['retry-after'] = String(problem.retryAfterSeconds);
  return c.body(JSON.stringify(problem), problem.status as 400, headers);
}
