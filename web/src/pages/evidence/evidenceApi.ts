/**
 * The evidence calls of the web UI. JSON calls behave like `api.ts` (session cookie, CSRF header
 * on state changes, problem documents as `ApiError`); the file itself goes up with
 * XMLHttpRequest, the one browser API that reports upload progress.
 */
import type { Evidence, EvidenceCreate } from '../../../../src/domains/evidence/evidence.schemas';
import type { EvidenceReceipt } from '../../../../src/domains/ledger/receipt-format';
import { ApiError, type Problem } from '../../api';
import { en } from '../../i18n/en';
import { zhCN } from '../../i18n/zh-CN';

export type { Evidence, EvidenceCreate, EvidenceReceipt };
export type EvidenceStatus = Evidence['status'];
export type ProvenanceMethod = Evidence['method'];
export type UploadMethod = EvidenceCreate['method'];
/** What a person chooses on the upload form (`issued` documents come from case actions). */
export const METHODS: UploadMethod[] = ['upload', 'web_capture', 'notarised_copy', 'device'];

function localProblem(code: string, status: number, zh: string, enText: string): Problem {
  return { type: `urn:zhibao:web:${code}`, title: enText, status, code, detail: enText, messages: { 'zh-CN': zh, en: enText } };
}

const networkProblem = () => new ApiError(localProblem('web.network', 0, zhCN['error.network'], en['error.network']));

function problemOf(status: number, text: string): ApiError {
  try {
    const data = JSON.parse(text) as Partial<Problem>;
    if (typeof data.code === 'string' && data.messages) return new ApiError(data as Problem);
  } catch {
    // not a problem document
  }
  return new ApiError(
    localProblem('web.http', status, zhCN['error.httpStatus'].replace('{status}', String(status)), en['error.httpStatus'].replace('{status}', String(status))),
  );
}

async function call<T>(method: string, path: string, csrf: string | null, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrf) headers['x-csrf-token'] = csrf;
  let res: Response;
  try {
    res = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw networkProblem();
  }
  const text = await res.text();
  if (!res.ok) throw problemOf(res.status, text);
  return JSON.parse(text) as T;
}

const id = (s: string) => encodeURIComponent(s);

export interface EvidenceQuery {
  status?: EvidenceStatus;
  method?: ProvenanceMethod;
  q?: string;
  limit: number;
  offset: number;
}

export const evidenceApi = {
  list: (q: EvidenceQuery) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') params.set(k, String(v));
    return call<{ items: Evidence[]; total: number }>('GET', `/api/evidence?${params}`, null);
  },
  get: (evidenceId: string) => call<Evidence>('GET', `/api/evidence/${id(evidenceId)}`, null),
  receipt: (evidenceId: string) => call<EvidenceReceipt>('GET', `/api/evidence/${id(evidenceId)}/receipt`, null),
  record: (body: Partial<EvidenceCreate> & Pick<EvidenceCreate, 'fileName' | 'method'>, csrf: string | null) => call<Evidence>('POST', '/api/evidence', csrf, body),
  receiptUrl: (evidenceId: string) => `/api/evidence/${id(evidenceId)}/receipt`,
  fileUrl: (evidenceId: string) => `/api/evidence/${id(evidenceId)}/file`,

  /** PUTs the file to `links.content`, reporting progress (0–100); resolves with the preserved record. */
  uploadContent(contentUrl: string, file: File, csrf: string | null, onProgress: (percent: number) => void): Promise<Evidence> {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('PUT', contentUrl);
      xhr.withCredentials = true;
      xhr.setRequestHeader('content-type', 'application/octet-stream');
      xhr.setRequestHeader('accept', 'application/json');
      if (csrf) xhr.setRequestHeader('x-csrf-token', csrf);
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) onProgress(Math.min(99, Math.round((e.loaded / e.total) * 100)));
      };
      xhr.onload = () => {
        if (xhr.status >= 200 && xhr.status < 300) {
          onProgress(100);
          resolve(JSON.parse(xhr.responseText) as Evidence);
        } else reject(problemOf(xhr.status, xhr.responseText));
      };
      xhr.onerror = () => reject(networkProblem());
      xhr.send(file);
    });
  },
};

/** Byte size for people: 1 234 567 bytes → "1.2 MB" (and the exact count beside it where it matters). */
export function formatSize(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return '—';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let v = bytes / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}

/** The checkpoint a receipt's tlog-proof ends with: origin and tree size. */
export function checkpointOf(tlogProof: string): { origin: string; size: number; root: string } | null {
  const at = tlogProof.indexOf('\n\n');
  if (at < 0) return null;
  const [origin, size, root] = tlogProof.slice(at + 2).split('\n');
  if (!origin || !/^\d+$/.test(size ?? '')) return null;
  return { origin, size: Number(size), root: root ?? '' };
}

/** DER bytes from base64 (the token as `openssl ts -token_in` reads it). */
export function base64Bytes(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
