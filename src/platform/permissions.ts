import { STAFF_ROLES } from './enums';

/**
 * The permission matrix: the one place that says which role may do what, and which API-token
 * scope a system client needs for it. Routes name a permission (see `http/route.ts`);
 * `test/permissions.int.test.ts` walks every registered route with every role against this table.
 *
 * Role decides *whether* an action is allowed at all (403 otherwise); reach — the actor's
 * organisation subtree, or an applicant's own records and those of principals he represents —
 * decides *which records* (404 outside reach, so ids cannot be probed).
 */

export type StaffRole = (typeof STAFF_ROLES)[number];
export type Role = StaffRole | 'applicant';
export const ALL_ROLES: readonly Role[] = ['applicant', ...STAFF_ROLES];

const ALL_STAFF = STAFF_ROLES;
// Staff who handle matters and so collect and read evidence; auditors and administrators run the
// platform and see evidence only through the audit log (who uploaded, read or downloaded what).
const EVIDENCE_OFFICERS = ['case_officer', 'reviewer', 'supervisor', 'mediator', 'judge', 'police_liaison'] as const;

export interface PermissionSpec {
  /** `anyone` includes anonymous callers; `authenticated` any logged-in account. */
  roles: 'anyone' | 'authenticated' | readonly Role[];
  /** Scope an API token must carry; absent = not available to API tokens (browser only). */
  scope?: string;
  description: string;
}

export const PERMISSIONS = {
  public: { roles: 'anyone', scope: 'public', description: 'Public information and sign-in' },
  'account.self': {
    roles: 'authenticated',
    scope: 'account:read',
    description: 'Read and change one’s own account',
  },
  'representation.manage': {
    roles: ['applicant'],
    description: 'Authorise or revoke agents acting for oneself (授权委托)',
  },
  'org.read': { roles: ALL_STAFF, scope: 'orgs:read', description: 'See the organisation tree' },
  'org.manage': { roles: ['administrator'], scope: 'orgs:write', description: 'Create, change and import organisations' },
  'user.read': { roles: ['administrator', 'supervisor'], scope: 'users:read', description: 'List staff accounts in reach' },
  'user.manage': {
    roles: ['administrator'],
    scope: 'users:write',
    description: 'Create staff accounts, assign roles, disable accounts, reset second factors',
  },
  'applicant.read': {
    roles: ['case_officer', 'reviewer', 'supervisor', 'mediator', 'administrator'],
    scope: 'applicants:read',
    description: 'See applicants in reach (identifiers masked)',
  },
  'pii.reveal': {
    roles: ['case_officer', 'administrator'],
    description: 'See an applicant’s personal identifiers in clear (each read audited)',
  },
  'token.manage': { roles: ['administrator'], description: 'Issue and revoke API tokens for system clients' },
  'audit.read': { roles: ['auditor', 'administrator'], scope: 'audit:read', description: 'Search and export the audit log' },
  'calendar.manage': {
    roles: ['administrator'],
    scope: 'calendar:write',
    description: 'Import a year’s State Council holiday notice',
  },
  'ledger.append': {
    roles: ['administrator'],
    scope: 'ledger:write',
    description: 'Preserve opaque entries in the evidence ledger (数据存证) for system clients',
  },
  'evidence.create': {
    roles: ['applicant', ...EVIDENCE_OFFICERS],
    scope: 'evidence:write',
    description: 'Upload evidence files for preservation (存证): provenance, digests, trusted time, ledger entry',
  },
  'evidence.read': {
    roles: ['applicant', ...EVIDENCE_OFFICERS],
    scope: 'evidence:read',
    description: 'See preserved evidence in reach, download files and receipts (存证凭证)',
  },
  'case.submit': {
    roles: ['applicant'],
    scope: 'cases:write',
    description: 'Submit a matter through the one window (一窗口) for oneself or a represented principal',
  },
  'case.read': {
    roles: ['applicant', ...EVIDENCE_OFFICERS],
    scope: 'cases:read',
    description: 'See cases in reach: applicants their own matters (as requester or respondent), staff their organisations’ cases',
  },
  'case.act': {
    roles: ['applicant', ...EVIDENCE_OFFICERS],
    scope: 'cases:write',
    description: 'Take an action on a case; the matter type’s transition table decides which actions each party and role may take',
  },
  'case.staff': {
    roles: EVIDENCE_OFFICERS,
    scope: 'cases:read',
    description: 'See which officers may sit on a case’s panel (for the office’s own staff)',
  },
  'case.supervise': {
    roles: ['supervisor'],
    scope: 'cases:read',
    description: 'See overdue and at-risk cases by organisation (督办)',
  },
  'template.manage': {
    roles: ['administrator'],
    description: 'Edit the wording of official documents (文书模板)',
  },
  'notification.self': {
    roles: 'authenticated',
    scope: 'account:read',
    description: 'Read one’s own notifications',
  },
} as const satisfies Record<string, PermissionSpec>;

export type Permission = keyof typeof PERMISSIONS;

/** Scopes an API token can be issued with (documented in the OpenAPI description). */
export const TOKEN_SCOPES = [
  ...new Set(Object.values(PERMISSIONS).flatMap((p: PermissionSpec) => (p.scope ? [p.scope] : []))),
].sort();

export function roleAllows(permission: Permission, roles: readonly Role[], authenticated: boolean): boolean {
  const spec: PermissionSpec = PERMISSIONS[permission];
  if (spec.roles === 'anyone') return true;
  if (spec.roles === 'authenticated') return authenticated;
  const allowed = spec.roles;
  return authenticated && roles.some((r) => allowed.includes(r));
}

export function isStaffRole(role: string): role is StaffRole {
  return (STAFF_ROLES as readonly string[]).includes(role);
}
