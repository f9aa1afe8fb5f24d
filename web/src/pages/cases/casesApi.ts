/**
 * The one-window and case calls of the web UI, through `api.ts` (session cookie, CSRF header on
 * state changes, RFC 9457 problem documents as `ApiError`).
 */
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
import { apiRequest } from '../../api';

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

/** The shared JSON call (web/src/api.ts); the session's CSRF token is set there at sign-in. */
function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  return apiRequest<T>(method, path, body);
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

function casesApiFor() {
  return {
    matterTypes: () => call<{ items: MatterType[] }>('GET', '/api/matter-types'),
    submitMatter: (body: { matterType: string; requestId: string; actingFor?: string; form: Record<string, unknown> }) => call<CaseDetail>('POST', '/api/matters', body),
    list: (q: CaseQuery) => call<{ items: CaseListItem[]; total: number }>('GET', `/api/cases${query(q)}`),
    get: (caseId: string) => call<CaseDetail>('GET', `/api/cases/${id(caseId)}`),
    act: (caseId: string, body: { action: string; payload: Record<string, unknown>; requestId: string; expectedVersion: number }) =>
      call<CaseDetail>('POST', `/api/cases/${id(caseId)}/actions`, body),
    supervision: () => call<SupervisionView>('GET', '/api/supervision'),
    notifications: (q: { unread?: 'true'; limit: number; offset: number }) =>
      call<{ items: CaseNotification[]; total: number; unread: number }>('GET', `/api/notifications${query(q)}`),
    markRead: (ids: number[] | 'all') => call<{ marked: number }>('POST', '/api/notifications/read', { ids }),
    preservedEvidence: () => call<{ items: Evidence[]; total: number }>('GET', '/api/evidence?status=preserved&limit=200&offset=0'),
    panelCandidates: (caseId: string) => call<{ items: StaffAccount[] }>('GET', `/api/cases/${id(caseId)}/staff`),
  };
}

export type CasesApi = ReturnType<typeof casesApiFor>;

/** The case calls with the session's CSRF token. */
const casesApi = casesApiFor();

/** The case calls (a hook for the components' sake; the calls themselves hold no state). */
export function useCasesApi(): CasesApi {
  return casesApi;
}

/** A new client request id (one per intended submission or action, so a double click acts once). */
export function newRequestId(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `r-${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

/** Where the public verification page is opened for an issued document (receipt id = evidence id). */
export const verifyLink = (d: CaseDocument) => `/verify?id=${encodeURIComponent(d.evidenceId)}&sha256=${d.sha256}`;

