import type { Db } from '../../platform/db/client';
import type { Ctx } from '../../platform/http/context';
import { todayInShanghai } from '../../platform/calendar/calendar';
import { commitIssued, discardIssued, prepareIssued, type EvidenceDeps, type PreparedIssue } from '../evidence/evidence.service';
import * as repo from './cases.repo';
import type { CaseRow } from './cases.repo';
import { renderCaseDocument } from './documents/render';
import { DEFAULT_TEMPLATES, DOCUMENT_KINDS, type DocumentKind } from './documents/templates';
import type { Bilingual, DocumentContext, MatterType, Outcome } from './engine/matter-type';

/**
 * The official documents (文书) a case action issues: the template (an administrator's version
 * or the shipped default) filled from the case, rendered to PDF, stored and time-stamped as
 * evidence belonging to the case, and committed with the action — its digests go into the
 * action's ledger entry, so the document a party downloads can be checked against the log.
 */

export interface IssueInput {
  row: CaseRow;
  type: MatterType;
  outcome: Outcome<string>;
  eventId: string;
  /** Names of the panel (after the action), dates of clocks the action started or moved. */
  panelNames: string[];
  clockDue: Record<string, { dueDate: string; basis: string }>;
  actorName: string;
  today: string;
}

export interface IssuedDocument {
  kind: DocumentKind;
  number: string;
  evidenceId: string;
  prepared: PreparedIssue;
}

export interface DocumentIssuer {
  issue(ctx: Ctx, input: IssueInput): Promise<IssuedDocument>;
  commit(tx: Db, ctx: Ctx, issued: IssuedDocument, caseId: string): Promise<{ sha256: string; sm3: string }>;
  discard(issued: IssuedDocument): Promise<void>;
  title(kind: string): Bilingual;
}

// 文号 abbreviations: 沪知裁受字〔2026〕第123-1号 (受理), …
const ABBR: Record<DocumentKind, string> = {
  acceptance_notice: '受', rejection_notice: '不受', correction_notice: '补', defence_notice: '答', defence_copy_notice: '转', hearing_notice: '审',
  suspension_notice: '中', resumption_notice: '恢', extension_notice: '延', mediation_agreement: '调', decision: '', withdrawal_notice: '撤',
  closure_notice: '结', linkage_notice: '协',
};

export function isDocumentKind(kind: string): kind is DocumentKind {
  return (DOCUMENT_KINDS as readonly string[]).includes(kind);
}

/** What a matter type's document values are computed from: the case, the action, and what the issuer read. */
async function contextFor(ctx: Ctx, input: IssueInput): Promise<DocumentContext> {
  const { row } = input;
  const [[requester], events, documents, clocks, [org]] = await Promise.all([
    repo.usersByIds(ctx.db, [row.requesterUserId]),
    repo.eventsOf(ctx.db, row.id),
    repo.documentsOf(ctx.db, row.id),
    repo.clocksOf(ctx.db, row.id),
    repo.orgsByIds(ctx.db, [row.orgId]),
  ]);
  return {
    ...input,
    requesterName: requester?.displayName ?? '',
    orgName: org?.nameZh ?? '',
    events: events.map((e) => ({ action: e.action, on: todayInShanghai(e.occurredAt), payload: e.payload as Record<string, unknown> })),
    documents: documents.map((x) => ({ kind: x.kind, number: x.number, on: todayInShanghai(x.createdAt) })),
    clocks: clocks.map((c) => ({ name: c.name, dueDate: c.dueDate, basis: (c.rule as { basis: { zh: string } }).basis.zh })),
  };
}

function addresseeOf(kind: DocumentKind, values: Record<string, unknown>, payload: Record<string, unknown>): string | undefined {
  switch (DEFAULT_TEMPLATES[kind].recipient) {
    case 'requester':
      return `${values.requesterName}：`;
    case 'respondent':
      return `${values.respondentName}：`;
    case 'each_party':
      return `${values.requesterName}、${values.respondentName}：`;
    case 'agency':
      return `${String(payload.agency ?? '')}：`;
    default:
      return undefined;
  }
}

export function createDocumentIssuer(evidence: EvidenceDeps): DocumentIssuer {
  return {
    async issue(ctx, input) {
      const kind = input.outcome.document!;
      if (!isDocumentKind(kind)) throw new Error(`no template for document kind ${kind}`);
      const override = await repo.templateOverride(ctx.db, kind);
      if (!input.type.documentValues) throw new Error(`matter type ${input.type.code} issues documents but has no documentValues`);
      const values = input.type.documentValues(await contextFor(ctx, input));
      const existing = (await repo.documentsOf(ctx.db, input.row.id)).filter((x) => x.kind === kind).length;
      const serial = input.row.number.split('-')[2];
      const year = input.row.number.split('-')[1];
      const prefix = ctx.config.ZHIBAO_DOCUMENT_PREFIX;
      const number = `${prefix}${ABBR[kind]}字〔${year}〕第${serial}${existing ? `-${existing + 1}` : ''}号`;
      const org = (await repo.orgsByIds(ctx.db, [input.row.orgId]))[0];
      const bytes = await renderCaseDocument(kind, override?.body ?? DEFAULT_TEMPLATES[kind].text, values, {
        orgName: org.nameZh,
        documentNumber: number,
        addressee: addresseeOf(kind, values, input.outcome.payload as Record<string, unknown>),
        issuedDate: input.today,
        verificationHint: `本文书的 SHA-256 摘要已记入知保存证账本，可在 ${ctx.config.baseUrl}/verify 核验（案号 ${input.row.number}）`,
      });
      const prepared = await prepareIssued(ctx, evidence, `${input.row.number}-${DEFAULT_TEMPLATES[kind].title}${existing ? `-${existing + 1}` : ''}.pdf`, bytes);
      return { kind, number, evidenceId: prepared.id, prepared };
    },
    async commit(tx, ctx, issued, caseId) {
      const row = await commitIssued(tx, ctx, issued.prepared, { caseId, kind: issued.kind });
      return { sha256: row.sha256!, sm3: row.sm3! };
    },
    discard: (issued) => discardIssued(evidence, issued.prepared),
    title(kind) {
      return isDocumentKind(kind) ? { zh: DEFAULT_TEMPLATES[kind].title, en: DEFAULT_TEMPLATES[kind].titleEn } : { zh: kind, en: kind };
    },
  };
}
