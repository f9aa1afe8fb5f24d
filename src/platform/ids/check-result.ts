import type { IdsErrorCode } from './ids.errors';

export type IdsErrorParams = Record<string, string | number>;

/** A remark about an accepted identifier that a person should look at (text in ids.errors.ts). */
export interface IdentifierWarning {
  code: IdsErrorCode;
  params: IdsErrorParams;
}

/**
 * Outcome of checking one identifier. Checks return rather than throw because the browser runs
 * them on every keystroke; `assertIdentifier` turns a failure into a `DomainError` for services.
 */
export type CheckResult<Info> =
  | { ok: true; normalized: string; info: Info }
  | { ok: false; code: IdsErrorCode; params: IdsErrorParams };

export type CheckFailure = Extract<CheckResult<never>, { ok: false }>;

export function fail(code: IdsErrorCode, params: IdsErrorParams = {}): CheckFailure {
  return { ok: false, code, params };
}

/** A code's meaning in both languages, for display beside the code. */
export interface BilingualLabel {
  zh: string;
  en: string;
}
