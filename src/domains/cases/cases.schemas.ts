import { z } from '@hono/zod-openapi';
import { CASE_GRADES, CLOCK_ALERTS, CLOCK_STATES, CLOCK_UNITS } from '../../platform/db/tables';

/** Input and output DTOs of the one-window and case API. */

const Bilingual = z.object({ zh: z.string(), en: z.string() }).openapi('Bilingual');
const Messages = z.object({ 'zh-CN': z.string(), en: z.string() });
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const RequestId = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9._:-]+$/, '只能含字母、数字和 . _ : - / letters, digits and . _ : - only')
  .openapi({ description: 'Chosen by the client, once per intended submission/action: a retry or double click with the same id gets the same result, never a second one', example: 'f3b2c1d0-req-1' });

export const ClockRuleDto = z
  .object({
    name: z.string(),
    label: Bilingual,
    length: z.number().int(),
    unit: z.enum(CLOCK_UNITS),
    basis: Bilingual,
    confidence: z.enum(['P', 'S', 'NF']).openapi({ description: 'P: primary law; S: secondary source; NF: no source found (set by the office)' }),
    owedBy: z.enum(['org', 'requester', 'respondent', 'parties']),
    kind: z.enum(['statutory', 'internal']),
  })
  .openapi('ClockRule');

export const MatterTypeDto = z
  .object({
    code: z.string(),
    title: Bilingual,
    summary: Bilingual,
    legalBasis: z.array(Bilingual),
    requirements: z.array(Bilingual),
    clocks: z.array(ClockRuleDto),
    statuses: z.array(z.object({ code: z.string(), label: Bilingual, terminal: z.boolean() })),
    responsible: z.array(z.object({ condition: Bilingual, org: z.object({ id: z.uuid(), nameZh: z.string(), nameEn: z.string() }).nullable() })),
    submissionSchema: z.record(z.string(), z.unknown()).openapi({ description: 'JSON Schema of `form` for this matter type' }),
  })
  .openapi('MatterType');

export const MatterTypeList = z.object({ items: z.array(MatterTypeDto) }).openapi('MatterTypeList');

export const SubmitMatter = z
  .object({
    matterType: z.string().min(1).max(64).openapi({ example: 'patent_adjudication' }),
    requestId: RequestId,
    actingFor: z.uuid().optional().openapi({ description: 'An agent files for this principal (授权委托)' }),
    form: z.record(z.string(), z.unknown()).openapi({ description: 'The request itself; its schema is the matter type’s `submissionSchema`' }),
  })
  .strict()
  .openapi('SubmitMatter');
export type SubmitMatter = z.infer<typeof SubmitMatter>;

export const CaseActionRequest = z
  .object({
    action: z.string().min(1).max(64).openapi({ example: 'accept' }),
    payload: z.record(z.string(), z.unknown()).default({}).openapi({ description: 'What the action needs; see the matter type' }),
    requestId: RequestId,
    expectedVersion: z.number().int().min(1).openapi({ description: 'The case `version` the caller saw; a stale one gets 409' }),
  })
  .strict()
  .openapi('CaseActionRequest');
export type CaseActionRequest = z.infer<typeof CaseActionRequest>;

const OrgRef = z.object({ id: z.uuid(), nameZh: z.string(), nameEn: z.string() });

export const Deadline = z
  .object({
    name: z.string(),
    label: Bilingual,
    startDate: IsoDate,
    dueDate: IsoDate,
    length: z.number().int(),
    unit: z.enum(CLOCK_UNITS),
    basis: Bilingual.openapi({ description: 'The article the deadline comes from' }),
    confidence: z.enum(['P', 'S', 'NF']),
    state: z.enum(CLOCK_STATES),
    owedBy: z.enum(['org', 'requester', 'respondent', 'parties']),
    kind: z.enum(['statutory', 'internal']),
    provisional: z.boolean().openapi({ description: 'Runs past the loaded holiday notices: recomputed when next year’s notice is imported' }),
    extensions: z.number().int(),
    alert: z.enum(CLOCK_ALERTS),
    workingDaysLeft: z.number().int().nullable(),
  })
  .openapi('Deadline');

export const AvailableAction = z
  .object({
    action: z.string(),
    label: Bilingual,
    blocked: z.object({ code: z.string(), messages: Messages }).nullable().openapi({ description: 'Why the case is not ready for it yet; null when it can be taken now' }),
    payloadSchema: z.record(z.string(), z.unknown()).openapi({ description: 'JSON Schema of the action’s payload' }),
  })
  .openapi('AvailableAction');

export const CaseDocumentDto = z
  .object({
    id: z.uuid(),
    kind: z.string(),
    title: Bilingual,
    number: z.string(),
    createdAt: z.string(),
    sha256: z.string(),
    size: z.number().int(),
    evidenceId: z.uuid(),
    links: z.object({ file: z.string(), receipt: z.string() }),
  })
  .openapi('CaseDocument');

export const CaseEventDto = z
  .object({
    seq: z.number().int(),
    action: z.string(),
    label: Bilingual,
    fromStatus: z.string().nullable(),
    toStatus: z.string(),
    actor: z.object({ role: z.string(), displayName: z.string().nullable() }),
    occurredAt: z.string(),
    payload: z.record(z.string(), z.unknown()).nullable().openapi({ description: 'Null for internal steps of the office when a party reads the history' }),
  })
  .openapi('CaseEvent');

export const PartyDto = z.object({
  userId: z.uuid().nullable(),
  name: z.string(),
  subjectType: z.enum(['enterprise', 'individual']),
  uscc: z.string().nullable(),
  address: z.string().nullable(),
});

export const CaseDetail = z
  .object({
    id: z.uuid(),
    number: z.string().openapi({ example: 'ZB-2026-000123' }),
    matterType: z.string(),
    matterTitle: Bilingual,
    status: z.string(),
    statusLabel: Bilingual,
    next: Bilingual,
    terminal: z.boolean(),
    version: z.number().int(),
    org: OrgRef,
    title: z.string(),
    subjectRef: z.string().nullable(),
    grade: z.enum(CASE_GRADES),
    fastTrack: z.boolean(),
    receivedOn: IsoDate,
    createdAt: z.string(),
    updatedAt: z.string(),
    closedAt: z.string().nullable(),
    viewerRole: z.enum(['requester', 'respondent', 'staff']),
    parties: z.object({ requester: PartyDto, respondent: PartyDto, submittedBy: z.object({ userId: z.uuid(), displayName: z.string() }) }),
    form: z.record(z.string(), z.unknown()),
    facts: z.record(z.string(), z.unknown()),
    assignees: z.array(z.object({ userId: z.uuid(), displayName: z.string(), role: z.enum(['handler', 'technical_investigator']) })),
    deadlines: z.array(Deadline),
    availableActions: z.array(AvailableAction),
    documents: z.array(CaseDocumentDto),
    evidence: z.array(z.object({ id: z.uuid(), fileName: z.string(), sha256: z.string().nullable(), size: z.number().int().nullable(), party: z.string(), addedAt: z.string() })),
    history: z.array(CaseEventDto),
  })
  .openapi('CaseDetail');
export type CaseDetail = z.infer<typeof CaseDetail>;

export const CaseListItem = z
  .object({
    id: z.uuid(),
    number: z.string(),
    matterType: z.string(),
    matterTitle: Bilingual,
    title: z.string(),
    status: z.string(),
    statusLabel: Bilingual,
    next: Bilingual,
    org: OrgRef,
    requesterName: z.string(),
    respondentName: z.string(),
    subjectRef: z.string().nullable(),
    grade: z.enum(CASE_GRADES),
    fastTrack: z.boolean(),
    receivedOn: IsoDate,
    updatedAt: z.string(),
    nextDeadline: z.object({ name: z.string(), label: Bilingual, dueDate: IsoDate, alert: z.enum(CLOCK_ALERTS), owedBy: z.string() }).nullable(),
  })
  .openapi('CaseListItem');
export type CaseListItem = z.infer<typeof CaseListItem>;

export const CaseListQuery = z.object({
  q: z.string().trim().max(100).optional().openapi({ description: 'Tracking number, party name (Chinese word search) or patent number' }),
  status: z.string().max(40).optional(),
  matterType: z.string().max(64).optional(),
  orgId: z.uuid().optional(),
  assignee: z.enum(['me']).or(z.uuid()).optional().openapi({ description: '`me` or a user id' }),
  dueBefore: IsoDate.optional().openapi({ description: 'Cases with an open office deadline due on or before this date' }),
  alert: z.enum(['due_soon', 'overdue']).optional(),
  open: z.enum(['true', 'false']).optional(),
  sort: z.enum(['due', 'updated', 'received']).default('updated'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type CaseListQuery = z.infer<typeof CaseListQuery>;

export const CasePage = z.object({ items: z.array(CaseListItem), total: z.number().int() }).openapi('CasePage');

export const NotificationDto = z
  .object({
    id: z.number().int(),
    caseId: z.uuid().nullable(),
    kind: z.string(),
    title: Bilingual,
    body: Bilingual,
    dueDate: IsoDate.nullable(),
    read: z.boolean(),
    createdAt: z.string(),
  })
  .openapi('Notification');

export const NotificationPage = z.object({ items: z.array(NotificationDto), total: z.number().int(), unread: z.number().int() }).openapi('NotificationPage');
export const NotificationQuery = z.object({
  unread: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export const MarkRead = z.object({ ids: z.array(z.number().int()).max(500).or(z.literal('all')) }).strict().openapi('MarkNotificationsRead');

export const SupervisionQuery = z.object({ orgId: z.uuid().optional() });
export const Supervision = z
  .object({
    today: IsoDate,
    dueSoonWorkingDays: z.number().int(),
    byOrg: z.array(z.object({ org: OrgRef, open: z.number().int(), dueSoon: z.number().int(), overdue: z.number().int() })),
    cases: z.array(CaseListItem.extend({ clock: Deadline.pick({ name: true, label: true, dueDate: true, alert: true, basis: true }) })),
  })
  .openapi('Supervision');

export const DocumentTemplateDto = z
  .object({
    kind: z.string(),
    title: Bilingual,
    body: z.string(),
    isDefault: z.boolean(),
    version: z.number().int().nullable(),
    variables: z.array(z.object({ name: z.string(), description: Bilingual, list: z.boolean() })),
    updatedAt: z.string().nullable(),
  })
  .openapi('DocumentTemplate');
export const DocumentTemplateList = z.object({ items: z.array(DocumentTemplateDto) }).openapi('DocumentTemplateList');
export const DocumentTemplateUpdate = z
  .object({ body: z.string().min(1).max(50_000), expectedVersion: z.number().int().min(1).nullable() })
  .strict()
  .openapi('DocumentTemplateUpdate');

export const PanelCandidates = z
  .object({ items: z.array(z.object({ id: z.uuid(), displayName: z.string(), orgId: z.uuid(), roles: z.array(z.string()) })) })
  .openapi('PanelCandidates');

export const TemplateResetQuery = z.object({
  expectedVersion: z.coerce.number().int().min(1).optional().openapi({ description: 'The version shown; leave out only when the template was never edited' }),
});
