/**
 * One error type for the whole platform (CONVENTIONS rule 3).
 *
 * Each domain declares its codes with `defineErrors` in its `<name>.errors.ts`, giving the
 * HTTP status, the CLI exit code and the text in both languages side by side, so a missing
 * translation is a type error rather than a blank message. Texts may hold `{name}`
 * placeholders filled from `DomainError.params`.
 */

export type Locale = 'zh-CN' | 'en';

export interface ErrorSpec {
  status: number;
  zh: string;
  en: string;
  /** CLI exit code; defaults to 1 for 4xx and 2 for 5xx. */
  exit?: number;
}

const registry = new Map<string, ErrorSpec>();

/** Registers a domain's error codes and returns the codes as a typed map (`E.code`). */
export function defineErrors<const T extends Record<string, ErrorSpec>>(specs: T): { [K in keyof T]: K } {
  const codes = {} as { [K in keyof T]: K };
  for (const [code, spec] of Object.entries(specs)) {
    const existing = registry.get(code);
    if (existing && (existing.zh !== spec.zh || existing.status !== spec.status)) {
      throw new Error(`error code ${code} is defined twice with different texts`);
    }
    registry.set(code, spec);
    (codes as Record<string, string>)[code] = code;
  }
  return codes;
}

export class DomainError extends Error {
  readonly code: string;
  readonly params: Record<string, string | number>;
  readonly details: unknown;

  constructor(code: string, params: Record<string, string | number> = {}, details?: unknown) {
    super(errorText(code, 'en', params));
    this.name = 'DomainError';
    this.code = code;
    this.params = params;
    this.details = details;
  }

  get status(): number {
    return errorSpec(this.code).status;
  }
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}

export function errorSpec(code: string): ErrorSpec {
  return registry.get(code) ?? registry.get('internal')!;
}

export function errorText(code: string, locale: Locale, params: Record<string, string | number> = {}): string {
  const spec = errorSpec(code);
  const template = locale === 'en' ? spec.en : spec.zh;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function exitCodeFor(code: string): number {
  const spec = errorSpec(code);
  return spec.exit ?? (spec.status >= 500 ? 2 : 1);
}

export function registeredErrorCodes(): string[] {
  return [...registry.keys()].sort();
}

/** Codes every layer uses; domain-specific ones live beside their domain. */
export const E = defineErrors({
  internal: { status: 500, zh: '服务器内部错误，请稍后再试', en: 'Internal server error; please try again later' },
  'validation.failed': { status: 400, zh: '提交的内容有误：{summary}', en: 'The request is not valid: {summary}' },
  'request.malformed_json': { status: 400, zh: '请求内容不是有效的 JSON', en: 'The request body is not valid JSON' },
  'request.too_large': { status: 413, zh: '请求内容过大（上限 {limit} 字节）', en: 'The request is too large (limit {limit} bytes)' },
  'request.unsupported_media_type': { status: 415, zh: '不支持的内容类型：{type}', en: 'Unsupported content type: {type}' },
  'not_found': { status: 404, zh: '未找到该记录', en: 'Record not found' },
  'route.not_found': { status: 404, zh: '没有这个接口：{method} {path}', en: 'No such endpoint: {method} {path}' },
  'auth.required': { status: 401, zh: '请先登录', en: 'Please log in first' },
  'auth.forbidden': { status: 403, zh: '您的角色无权执行此操作', en: 'Your role is not allowed to do this' },
  'auth.scope_missing': { status: 403, zh: '令牌缺少所需权限范围：{scope}', en: 'The token lacks the required scope: {scope}' },
  'auth.csrf_invalid': { status: 403, zh: '安全校验失败，请刷新页面后重试', en: 'Security check failed (CSRF); reload the page and try again' },
  'conflict.version': { status: 409, zh: '记录已被他人修改，请刷新后重试', en: 'The record was changed by someone else; reload and try again' },
  'conflict.duplicate': { status: 409, zh: '{what} 已存在', en: '{what} already exists' },
  'rate_limited': { status: 429, zh: '尝试次数过多，请 {seconds} 秒后再试', en: 'Too many attempts; try again in {seconds} seconds' },
});
