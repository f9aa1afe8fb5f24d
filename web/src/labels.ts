/**
 * Enumerations the UI offers in forms. They mirror server constants whose modules import the
 * database layer, so they are repeated here; the type assertions below fail to compile when the
 * server adds or removes a value.
 */
import type { ORG_KINDS as SERVER_ORG_KINDS, STAFF_ROLES as SERVER_STAFF_ROLES } from '../../src/platform/db/tables';
import type { PERMISSIONS } from '../../src/platform/permissions';

type OrgKind = (typeof SERVER_ORG_KINDS)[number];
type StaffRoleName = (typeof SERVER_STAFF_ROLES)[number];
type Scope = { [K in keyof typeof PERMISSIONS]: (typeof PERMISSIONS)[K] extends { scope: infer S extends string } ? S : never }[keyof typeof PERMISSIONS];

type Exhaustive<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : { missing: Exclude<All, Listed> };
type Assert<T extends true> = T;

export const ORG_KINDS = [
  'ip_office',
  'district_ip_office',
  'protection_centre',
  'mediation_committee',
  'court',
  'police',
  'procuratorate',
  'market_regulator',
  'other',
] as const satisfies readonly OrgKind[];
export type OrgKindsAreComplete = Assert<Exhaustive<OrgKind, (typeof ORG_KINDS)[number]>>;

export const STAFF_ROLES = [
  'case_officer',
  'reviewer',
  'supervisor',
  'mediator',
  'judge',
  'police_liaison',
  'auditor',
  'administrator',
] as const satisfies readonly StaffRoleName[];
export type StaffRolesAreComplete = Assert<Exhaustive<StaffRoleName, (typeof STAFF_ROLES)[number]>>;

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
] as const satisfies readonly Scope[];
export type TokenScopesAreComplete = Assert<Exhaustive<Scope, (typeof TOKEN_SCOPES)[number]>>;

export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** i18n key suffix of a scope (`scope.orgs_write`). */
export const scopeKey = (s: TokenScope) => s.replace(':', '_') as ScopeKey;
export type ScopeKey = TokenScope extends infer S ? (S extends `${infer A}:${infer B}` ? `${A}_${B}` : S) : never;
