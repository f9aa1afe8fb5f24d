/**
 * Every call the web UI makes to the Zhibao API: JSON over fetch with the session cookie, the
 * CSRF header on state changes, and RFC 9457 problem documents turned into `ApiError`.
 */
import type {
  Account,
  ApplicantProfile,
  RegisterRequest,
  StaffCreate,
} from '../../src/domains/identity/identity.schemas';
import type { Organisation } from '../../src/domains/orgs/orgs.schemas';
import type { Problem } from '../../src/platform/http/problem';
import type { Permission, StaffRole } from '../../src/platform/permissions';
import { en } from './i18n/en';
import { zhCN } from './i18n/zh-CN';

export type { Account, ApplicantProfile, Organisation, Permission, Problem, StaffRole };
export type Locale = 'zh-CN' | 'en';

export interface SessionInfo {
  account: Account;
  csrfToken: string;
  permissions: Permission[];
}

export type LoginResponse =
  | { status: 'ok'; session: SessionInfo }
  | { status: 'totp_enrolment_required'; csrfToken: string; secret: string; otpauthUri: string; qrSvg: string };

export interface Representation {
  id: string;
  principal: { id: string; login: string; name: string };
  agent: { id: string; login: string; name: string };
  grantedAt: string;
}

export interface ApplicantSummary {
  id: string;
  login: string;
  displayName: string;
  status: 'active' | 'disabled';
  profile: ApplicantProfile;
}

export interface ApiTokenInfo {
  id: string;
  userId: string;
  userLogin: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export type AuditOutcome = 'success' | 'denied' | 'failed';

export interface AuditRecord {
  id: number;
  at: string;
  actorUserId: string | null;
  actorLogin: string | null;
  actorRoles: string[];
  actorOrgId: string | null;
  via: string;
  ip: string | null;
  userAgent: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  outcome: AuditOutcome;
  details: Record<string, unknown>;
  requestId: string | null;
}

export interface AuditFilter {
  from?: string;
  to?: string;
  actor?: string;
  action?: string;
  outcome?: AuditOutcome;
  text?: string;
}

export interface CalendarYearInfo {
  year: number;
  noticeTitle: string;
  sourceUrl: string;
  publishedOn: string | null;
  source: 'shipped' | 'import';
  importedAt: string;
}

export interface CalendarOverview {
  coverage: { from: string; to: string };
  years: CalendarYearInfo[];
}

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'adjusted_workday';

export interface CalendarDay {
  date: string;
  working: boolean;
  kind: DayKind;
  name?: string;
  nameEn?: string;
}

export interface DeadlineResult {
  start: string;
  duration: string;
  date: string;
  rolledOverFrom?: string;
  basis: { id: string; zh: string; en: string };
}

export type OrgInput = Pick<Organisation, 'code' | 'nameZh' | 'nameEn' | 'kind'> & {
  parentId?: string | null;
  regionCode?: string | null;
  regionAliases?: string[];
};

export type OrgPatch = Partial<Omit<OrgInput, 'code'>> & { active?: boolean; expectedVersion: number };

/** A problem document the API sent, or one made up here for network failures. */
export class ApiError extends Error {
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.messages.en);
    this.name = 'ApiError';
    this.problem = problem;
  }

  get status(): number {
    return this.problem.status;
  }

  get code(): string {
    return this.problem.code;
  }
}

function localProblem(code: string, status: number, zh: string, enText: string): Problem {
  return { type: `urn:zhibao:web:${code}`, title: enText, status, code, detail: enText, messages: { 'zh-CN': zh, en: enText } };
}

/** Turns anything a call threw into a problem document for display. */
export function toProblem(e: unknown): Problem {
  if (e instanceof ApiError) return e.problem;
  return localProblem('web.unexpected', 0, zhCN['error.unexpected'], en['error.unexpected']);
}

let csrfToken: string | null = null;
let onSessionLost: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when the API answers `auth.required` to a call made while signed in (session expired). */
export function setSessionLostHandler(handler: (() => void) | null): void {
  onSessionLost = handler;
}

type Query = Record<string, string | number | undefined | null>;

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

/** One JSON call with the session's CSRF token; failures become `ApiError` with a problem document (zh/en). */
export function apiRequest<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
  return request<T>(method, path, body, query);
}

async function request<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(withQuery(path, query), {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(localProblem('web.network', 0, zhCN['error.network'], en['error.network']));
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (res.ok) return data as T;
  const problem = data as Partial<Problem> | undefined;
  if (problem && typeof problem.code === 'string' && problem.messages) {
    if (problem.code === 'auth.required' && csrfToken && onSessionLost) onSessionLost();
    throw new ApiError(problem as Problem);
  }
  const zh = zhCN['error.httpStatus'].replace('{status}', String(res.status));
  const enText = en['error.httpStatus'].replace('{status}', String(res.status));
  throw new ApiError(localProblem('web.http', res.status, zh, enText));
}

const get = <T>(path: string, query?: Query) => request<T>('GET', path, undefined, query);
const post = <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {});
const patch = <T>(path: string, body: unknown) => request<T>('PATCH', path, body);
const put = <T>(path: string, body: unknown) => request<T>('PUT', path, body);
const del = (path: string) => request<void>('DELETE', path);

const id = (s: string) => encodeURIComponent(s);

export const api = {
  // Session and account
  me: () => get<SessionInfo>('/api/auth/me'),
  login: (body: { username: string; password: string; totp?: string }) => post<LoginResponse>('/api/auth/login', body),
  enrolTotp: (totp: string) => post<SessionInfo>('/api/auth/totp/enrol', { totp }),
  logout: () => post<void>('/api/auth/logout'),
  register: (body: Omit<RegisterRequest, 'actsAsAgent' | 'locale'> & { actsAsAgent: boolean; locale: Locale }) =>
    post<SessionInfo>('/api/auth/register', body),
  updateMyAccount: (body: {
    displayName?: string;
    email?: string | null;
    locale?: Locale;
    address?: string | null;
    phone?: string | null;
    expectedVersion: number;
  }) => patch<Account>('/api/account', body),
  changePassword: (currentPassword: string, newPassword: string) =>
    post<void>('/api/account/password', { currentPassword, newPassword }),
  representations: () => get<{ asPrincipal: Representation[]; asAgent: Representation[] }>('/api/account/representations'),
  grantRepresentation: (agentLogin: string) => post<Representation>('/api/account/representations', { agentLogin }),
  revokeRepresentation: (repId: string) => del(`/api/account/representations/${id(repId)}`),

  // Organisations
  districts: () => get<{ items: Organisation[] }>('/api/public/districts'),
  orgs: () => get<{ items: Organisation[] }>('/api/orgs'),
  createOrg: (body: OrgInput) => post<Organisation>('/api/orgs', body),
  updateOrg: (orgId: string, body: OrgPatch) => patch<Organisation>(`/api/orgs/${id(orgId)}`, body),
  importOrgs: (format: 'json' | 'csv', content: string) =>
    post<{ created: number; updated: number; total: number }>('/api/orgs/import', { format, content }),

  // Users
  users: (q: { q?: string; orgId?: string; kind?: Account['kind']; limit: number; offset: number }) =>
    get<{ items: Account[]; total: number }>('/api/users', q),
  createUser: (body: Omit<StaffCreate, 'kind'> & { kind: 'staff' | 'system' }) =>
    post<{ account: Account; initialPassword: string | null }>('/api/users', body),
  updateUser: (userId: string, body: { displayName?: string; email?: string | null; orgId?: string; status?: 'active' | 'disabled'; expectedVersion: number }) =>
    patch<Account>(`/api/users/${id(userId)}`, body),
  setRoles: (userId: string, roles: StaffRole[], expectedVersion: number) =>
    put<Account>(`/api/users/${id(userId)}/roles`, { roles, expectedVersion }),
  resetTotp: (userId: string) => post<Account>(`/api/users/${id(userId)}/totp-reset`),

  // API tokens
  tokens: () => get<{ items: ApiTokenInfo[] }>('/api/tokens'),
  createToken: (body: { userId: string; name: string; scopes: string[]; expiresInDays?: number }) =>
    post<{ token: string; info: ApiTokenInfo }>('/api/tokens', body),
  revokeToken: (tokenId: string) => del(`/api/tokens/${id(tokenId)}`),

  // Applicants
  applicants: (q: { q?: string; limit: number; offset: number }) =>
    get<{ items: ApplicantSummary[]; total: number }>('/api/applicants', q),
  applicant: (applicantId: string) => get<ApplicantSummary>(`/api/applicants/${id(applicantId)}`),
  revealApplicant: (applicantId: string, reason: string) =>
    post<{ idNumber: string | null; phone: string | null }>(`/api/applicants/${id(applicantId)}/reveal`, { reason }),

  // Audit
  audit: (filter: AuditFilter & { limit: number; before?: number }) =>
    get<{ items: AuditRecord[]; nextBefore: number | null }>('/api/audit', { ...filter }),
  auditExportUrl: (filter: AuditFilter) => withQuery('/api/audit/export.csv', { ...filter }),

  // Calendar
  calendar: () => get<CalendarOverview>('/api/calendar'),
  calendarYear: (year: number) => get<{ year: number; days: CalendarDay[] }>(`/api/calendar/years/${year}`),
  addDuration: (start: string, duration: string) => get<DeadlineResult>('/api/calendar/add', { start, duration }),
  importNotice: (notice: unknown) => post<{ year: number; days: number }>('/api/calendar/notices', notice),
};
