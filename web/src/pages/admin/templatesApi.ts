/**
 * The document-template calls of the web UI (文书模板), through `api.ts` (session cookie, CSRF
 * header on state changes, RFC 9457 problem documents as `ApiError`).
 */
import type { z } from 'zod';
import type { DocumentTemplateDto } from '../../../../src/domains/cases/cases.schemas';
import { apiRequest } from '../../api';

export type DocumentTemplate = z.infer<typeof DocumentTemplateDto>;

const path = (kind: string) => `/api/document-templates/${encodeURIComponent(kind)}`;

export const templatesApi = {
  list: () => apiRequest<{ items: DocumentTemplate[] }>('GET', '/api/document-templates'),
  /** `expectedVersion` is the version shown (null while the template is the default); a stale one is a 409. */
  save: (kind: string, body: string, expectedVersion: number | null) => apiRequest<DocumentTemplate>('PUT', path(kind), { body, expectedVersion }),
  /** Restoring is a new version too: `expectedVersion` is the version shown. */
  restoreDefault: (kind: string, expectedVersion: number | null) =>
    apiRequest<DocumentTemplate>('DELETE', expectedVersion === null ? path(kind) : `${path(kind)}?expectedVersion=${expectedVersion}`),
};
