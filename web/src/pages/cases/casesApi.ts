/**
 * The one-window and case calls of the web UI. They behave like `api.ts` (session cookie, CSRF
 * header on state changes, RFC 9457 problem documents as `ApiError`); the CSRF token is passed in
 * by `useCasesApi`, which takes it from the session.
 */
import { useMemo } from 'react';
import type { z } from 'zod';
import type {
  AvailableAction,
  CaseDetail,
  CaseListItem,
  Deadline,
  MatterTypeDto,
  NotificationDto,
  Supervision,
} from '../../../../src/domains/cases/cases.schemas';
import type { Evidence } from '../../../../src/domains/evidence/evidence.schemas';
import { ApiError, type Problem } from '../../api';
import { en } from '../../i18n/en';
import { zhCN } from '../../i18n/zh-CN';
import { useSession } from '../../session';

export type { CaseDetail, CaseListItem, Evidence };
export type MatterType = z.infer<typeof MatterTypeDto>;
export type CaseDeadline = z.infer<typeof Deadline>;
export type CaseAction = z.infer<typeof AvailableAction>;
export type CaseNotification = z.infer<typeof NotificationDto>;
export type SupervisionView = z.infer<typeof Supervision>;
export type CaseDocument = CaseDetail['documents'][number];
export type Bilingual = { zh: string; en: string };

export interface CaseQuery {
  q?: string;
  status?: string;
  assignee?: 'me';
  alert?: 'due_soon' | 'overdue';
  open?: 'true' | 'false';
  sort?: 'due' | 'updated' | 'received';
  limit: number;
  offset: number;
}

function localProblem(code: string, status: number, zh: string, enText: string): Problem {
  return { type: `urn:zhibao:web:${code}`, title: enText, status, code, detail: enText, messages: { 'zh-CN': zh, en: enText } };
}

async function call<T>(method: string, path: string, csrf: string | null, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrf) headers['x-csrf-token'] = csrf;
  let res: Response;
  try {
    res = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(localProblem('web.network', 0, zhCN['error.network'], en['error.network']));
  }
  const text = await res.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (res.ok) return data as T;
  const problem = data as Partial<Problem> | undefined;
  if (problem && typeof problem.code === 'string' && problem.messages) throw new ApiError(problem as Problem);
  throw new ApiError(
    localProblem('web.http', res.status, zhCN['error.httpStatus'].replace('{status}', String(res.status)), en['error.httpStatus'].replace('{status}', String(res.status))),
  );
}

function query(q: object): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}

const id = (s: string) => encodeURIComponent(s);

export interface StaffAccount {
  id: string;
  displayName: string;
  roles: string[];
  orgId: string;
}

function casesApiFor(csrf: string | null) {
  return {
    matterTypes: () => call<{ items: MatterType[] }>('GET', '/api/matter-types', null),
    submitMatter: (body: { matterType: string; requestId: string; actingFor?: string; form: Record<string, unknown> }) => call<CaseDetail>('POST', '/api/matters', csrf, body),
    list: (q: CaseQuery) => call<{ items: CaseListItem[]; total: number }>('GET', `/api/cases${query(q)}`, null),
    get: (caseId: string) => call<CaseDetail>('GET', `/api/cases/${id(caseId)}`, null),
    act: (caseId: string, body: { action: string; payload: Record<string, unknown>; requestId: string; expectedVersion: number }) =>
      call<CaseDetail>('POST', `/api/cases/${id(caseId)}/actions`, csrf, body),
    supervision: () => call<SupervisionView>('GET', '/api/supervision', null),
    notifications: (q: { unread?: 'true'; limit: number; offset: number }) =>
      call<{ items: CaseNotification[]; total: number; unread: number }>('GET', `/api/notifications${query(q)}`, null),
    markRead: (ids: number[] | 'all') => call<{ marked: number }>('POST', '/api/notifications/read', csrf, { ids }),
    preservedEvidence: () => call<{ items: Evidence[]; total: number }>('GET', '/api/evidence?status=preserved&limit=200&offset=0', null),
    panelCandidates: (caseId: string) => call<{ items: StaffAccount[] }>('GET', `/api/cases/${id(caseId)}/staff`, null),
  };
}

export type CasesApi = ReturnType<typeof casesApiFor>;

/** The case calls with the session's CSRF token. */
export function useCasesApi(): CasesApi {
  const { session } = useSession();
  const csrf = session?.csrfToken ?? null;
  return useMemo(() => casesApiFor(csrf), [csrf]);
}

/** A new client request id (one per intended submission or action, so a double click acts once). */
export function newRequestId(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `r-${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

/** Where the public verification page is opened for an issued document (receipt id = evidence id). */
export const verifyLink = (d: CaseDocument) => `/verify?id=${encodeURIComponent(d.evidenceId)}&sha256=${d.sha256}`;

/** Industries the routing rules know (the request form's `industry` enum). */
export const INDUSTRIES = ['pharmaceutical', 'medical_devices', 'electronics', 'software', 'manufacturing', 'chemicals', 'consumer_goods', 'other'] as const;
