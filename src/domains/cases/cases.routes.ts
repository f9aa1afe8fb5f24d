import { Readable } from 'node:stream';
import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { ctxOf } from '../../platform/http/base-app';
import type { AppEnv, Platform } from '../../platform/http/context';
import { body, IdParam, json, problems, tag } from '../../platform/http/openapi-helpers';
import { route } from '../../platform/http/route';
import { EvidenceReceipt } from '../ledger/receipt-format';
import * as S from './cases.schemas';
import * as service from './cases.service';
import type { CaseDeps } from './cases.service';
import * as work from './work.service';

/**
 * The one window and the case engine over HTTP: one submission endpoint and one action endpoint
 * for every matter type; the matter type's transition table decides what each caller may do.
 */

const ReceiptSchema = z.object(EvidenceReceipt.shape).strict().openapi('CaseDocumentReceipt');
const DocParams = z.object({
  id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }),
  documentId: z.uuid().openapi({ param: { name: 'documentId', in: 'path' } }),
});
const KindParam = z.object({ kind: z.string().max(64).openapi({ param: { name: 'kind', in: 'path' } }) });

export function registerCaseRoutes(app: OpenAPIHono<AppEnv>, platform: Platform, deps: CaseDeps) {
  app.openapi(
    route({
      method: 'get', path: '/api/matter-types', permission: 'public', ...tag('Cases'), operationId: 'listMatterTypes',
      summary: '办理事项: every matter type the platform offers, with what it needs, its time limits and who handles it',
      responses: { 200: json(S.MatterTypeList, 'Matter types'), ...problems },
    }),
    async (c) => c.json(await service.matterCatalogue(ctxOf(c, platform), deps), 200),
  );

  app.openapi(
    route({
      method: 'post', path: '/api/matters', permission: 'case.submit', ...tag('Cases'), operationId: 'submitMatter',
      summary: 'Submit a matter: routed to the competent office, given a tracking number and its first statutory clock',
      description: 'Idempotent per `requestId`: a retry or double click answers 200 with the case the first request created.',
      request: body(S.SubmitMatter),
      responses: { 201: json(S.CaseDetail, 'Case created'), 200: json(S.CaseDetail, 'Same requestId: the case created before'), ...problems },
    }),
    async (c) => {
      const { created, detail } = await service.submitMatter(ctxOf(c, platform), deps, c.req.valid('json'));
      return c.json(detail, created ? 201 : 200);
    },
  );

  app.openapi(
    route({
      method: 'get', path: '/api/cases', permission: 'case.read', ...tag('Cases'), operationId: 'listCases',
      summary: '我的事项 for applicants; the work queue for staff (by organisation, assignee, status, due date; search by number, party name, patent number)',
      request: { query: S.CaseListQuery },
      responses: { 200: json(S.CasePage, 'Cases'), ...problems },
    }),
    async (c) => c.json(await work.listCases(ctxOf(c, platform), deps, c.req.valid('query')), 200),
  );

  app.openapi(
    route({
      method: 'get', path: '/api/cases/{id}', permission: 'case.read', ...tag('Cases'), operationId: 'getCase',
      summary: 'A case: status, parties, documents, deadlines (with their articles) and the actions available to the caller',
      request: { params: IdParam },
      responses: { 200: json(S.CaseDetail, 'Case'), ...problems },
    }),
    async (c) => c.json(await service.getCase(ctxOf(c, platform), deps, c.req.valid('param').id), 200),
  );

  app.openapi(
    route({
      method: 'get', path: '/api/cases/{id}/staff', permission: 'case.staff', ...tag('Cases'), operationId: 'casePanelCandidates',
      summary: 'Staff who may sit on the case’s panel (active case officers of the responsible office), for the office’s own staff',
      request: { params: IdParam },
      responses: { 200: json(S.PanelCandidates, 'Candidates'), ...problems },
    }),
    async (c) => c.json(await service.panelCandidates(ctxOf(c, platform), c.req.valid('param').id), 200),
  );

  app.openapi(
    route({
      method: 'post', path: '/api/cases/{id}/actions', permission: 'case.act', ...tag('Cases'), operationId: 'takeCaseAction',
      summary: 'Take an action: event, projection, clocks, documents, audit, ledger entry and notifications in one transaction',
      description: 'A stale `expectedVersion` gets 409 (two officers cannot both win); an action the status does not offer gets 409 naming the allowed ones; the same `requestId` again returns the case without acting twice.',
      request: { params: IdParam, ...body(S.CaseActionRequest) },
      responses: { 200: json(S.CaseDetail, 'Case after the action'), ...problems },
    }),
    async (c) => c.json(await service.takeAction(ctxOf(c, platform), deps, c.req.valid('param').id, c.req.valid('json')), 200),
  );

  app.openapi(
    route({
      method: 'get', path: '/api/cases/{id}/documents/{documentId}/file', permission: 'case.read', ...tag('Cases'), operationId: 'downloadCaseDocument',
      summary: 'An official document (PDF) of the case, for its parties and its office (audited)',
      request: { params: DocParams },
      responses: { 200: { content: { 'application/pdf': { schema: z.string().openapi({ type: 'string', format: 'binary' }) } }, description: 'The PDF' }, ...problems },
    }),
    async (c) => {
      const { id, documentId } = c.req.valid('param');
      const { row, stream } = await service.openCaseDocument(ctxOf(c, platform), deps, id, documentId);
      return c.body(Readable.toWeb(stream) as unknown as ReadableStream, 200, {
        'content-type': 'application/pdf',
        'content-length': String(row.size),
        'content-disposition': `attachment; filename="document.pdf"; filename*=UTF-8''${encodeURIComponent(row.fileName)}`,
        'x-content-type-options': 'nosniff',
        'cache-control': 'private, no-store',
      }) as never;
    },
  );

  app.openapi(
    route({
      method: 'get', path: '/api/cases/{id}/documents/{documentId}/receipt', permission: 'case.read', ...tag('Cases'), operationId: 'getCaseDocumentReceipt',
      summary: 'The evidence receipt of an official document: verify it offline like any preserved evidence',
      request: { params: DocParams },
      responses: { 200: json(ReceiptSchema, 'Receipt'), ...problems },
    }),
    async (c) => {
      const { id, documentId } = c.req.valid('param');
      const receipt = await service.caseDocumentReceipt(ctxOf(c, platform), deps, id, documentId);
      c.header('content-disposition', `attachment; filename="zhibao-receipt-${receipt.receiptId}.json"`);
      c.header('cache-control', 'private, no-store');
      return c.json(receipt, 200);
    },
  );

  app.openapi(
    route({
      method: 'get', path: '/api/supervision', permission: 'case.supervise', ...tag('Cases'), operationId: 'supervision',
      summary: '督办: open, due-soon and overdue cases by organisation, and the flagged cases',
      request: { query: S.SupervisionQuery },
      responses: { 200: json(S.Supervision, 'Supervision'), ...problems },
    }),
    async (c) => c.json(await work.supervision(ctxOf(c, platform), deps, c.req.valid('query').orgId), 200),
  );

  app.openapi(
    route({
      method: 'get', path: '/api/notifications', permission: 'notification.self', ...tag('Cases'), operationId: 'listNotifications',
      summary: 'The caller’s notifications, newest first',
      request: { query: S.NotificationQuery },
      responses: { 200: json(S.NotificationPage, 'Notifications'), ...problems },
    }),
    async (c) => c.json(await work.listNotifications(ctxOf(c, platform), c.req.valid('query')), 200),
  );

  app.openapi(
    route({
      method: 'post', path: '/api/notifications/read', permission: 'notification.self', ...tag('Cases'), operationId: 'markNotificationsRead',
      summary: 'Mark notifications as read (`ids` or `all`)',
      request: body(S.MarkRead),
      responses: { 200: json(z.object({ marked: z.number().int() }), 'Marked'), ...problems },
    }),
    async (c) => c.json(await work.markRead(ctxOf(c, platform), c.req.valid('json').ids), 200),
  );

  app.openapi(
    route({
      method: 'get', path: '/api/document-templates', permission: 'template.manage', ...tag('Cases'), operationId: 'listDocumentTemplates',
      summary: 'The official-document templates, with the variables each may use',
      responses: { 200: json(S.DocumentTemplateList, 'Templates'), ...problems },
    }),
    async (c) => c.json(await work.listTemplates(ctxOf(c, platform)), 200),
  );

  app.openapi(
    route({
      method: 'put', path: '/api/document-templates/{kind}', permission: 'template.manage', ...tag('Cases'), operationId: 'updateDocumentTemplate',
      summary: 'Change a template’s wording (checked: unknown variables and unbalanced blocks are refused)',
      request: { params: KindParam, ...body(S.DocumentTemplateUpdate) },
      responses: { 200: json(S.DocumentTemplateDto, 'Saved'), ...problems },
    }),
    async (c) => {
      const { body: text, expectedVersion } = c.req.valid('json');
      return c.json(await work.updateTemplate(ctxOf(c, platform), c.req.valid('param').kind, text, expectedVersion), 200);
    },
  );

  app.openapi(
    route({
      method: 'delete', path: '/api/document-templates/{kind}', permission: 'template.manage', ...tag('Cases'), operationId: 'resetDocumentTemplate',
      summary: 'Go back to the shipped wording (saved as a new version; `expectedVersion` is the version shown, a stale one is 409)',
      request: { params: KindParam, query: S.TemplateResetQuery },
      responses: { 200: json(S.DocumentTemplateDto, 'Reset'), ...problems },
    }),
    async (c) => {
      const v = c.req.valid('query').expectedVersion;
      return c.json(await work.resetTemplate(ctxOf(c, platform), c.req.valid('param').kind, v ?? null), 200);
    },
  );
}
