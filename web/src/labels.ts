/**
 * Enumerations the UI offers in forms: organisation kinds and staff roles come from the shared
 * module the server uses too; token scopes are listed here in display order and checked against
 * the permission matrix at compile time.
 */
import type { PERMISSIONS } from '../../src/platform/permissions';

export { ORG_KINDS, STAFF_ROLES } from '../../src/platform/enums';

type Scope = { [K in keyof typeof PERMISSIONS]: (typeof PERMISSIONS)[K] extends { scope: infer S extends string } ? S : never }[keyof typeof PERMISSIONS];

type Exhaustive<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : { missing: Exclude<All, Listed> };
type Assert<T extends true> = T;

export const TOKEN_SCOPES = [
  'public',
  'account:read',
  'orgs:read',
  'orgs:write',
  'users:read',
  'users:write',
  'applicants:read',
  'audit:read',
  'calendar:write',
  'ledger:write',
  'evidence:read',
  'evidence:write',
  'cases:read',
  'cases:write',
] as const satisfies readonly Scope[];
export type TokenScopesAreComplete = Assert<Exhaustive<Scope, (typeof TOKEN_SCOPES)[number]>>;

export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** i18n key suffix of a scope (`scope.orgs_write`). */
export const scopeKey = (s: TokenScope) => s.replace(':', '_') as ScopeKey;
export type ScopeKey = TokenScope extends infer S ? (S extends `${infer A}:${infer B}` ? `${A}_${B}` : S) : never;
