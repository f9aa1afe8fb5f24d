import type { Db } from '../../platform/db/client';
import type { Ctx } from '../../platform/http/context';
import { checkPatentNumber } from '../../platform/ids';
import { formatDocumentDate } from '../../platform/pdf/document-date';
import { commitIssued, discardIssued, prepareIssued, type EvidenceDeps, type PreparedIssue } from '../evidence/evidence.service';
import * as repo from './cases.repo';
import type { CaseRow } from './cases.repo';
import { renderCaseDocument } from './documents/render';
import { DEFAULT_TEMPLATES, DOCUMENT_KINDS, type DocumentKind } from './documents/templates';
import type { Bilingual, MatterType, Outcome } from './engine/matter-type';

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

const ACT_ZH: Record<string, string> = { manufacture: '制造', use: '使用', use_of_method: '使用专利方法', sale: '销售', offer_for_sale: '许诺销售', import: '进口' };
const PATENT_KIND_ZH: Record<string, string> = { invention: '发明', utility_model: '实用新型', design: '外观设计' };

export function isDocumentKind(kind: string): kind is DocumentKind {
  return (DOCUMENT_KINDS as readonly string[]).includes(kind);
}

function patentType(number: string): string {
  const r = checkPatentNumber(number);
  if (!r.ok || !('kind' in r.info)) return '专利';
  return PATENT_KIND_ZH[r.info.kind.code] ?? r.info.kind.label.zh;
}

const d = (iso: string | undefined | null) => (iso ? formatDocumentDate(iso) : undefined);
const lines = (text: unknown) => (typeof text === 'string' ? text.split(/\n+/).map((s) => s.trim()).filter(Boolean) : []);

/** Every value a template of this matter type may use, from the case, the action and its effects. */
async function valuesFor(ctx: Ctx, input: IssueInput): Promise<Record<string, string | string[] | undefined>> {
  const { row, outcome, today } = input;
  const form = row.form as { patentNumber: string; patentTitle: string; requests?: string; claims?: number[]; respondent: { name: string; address?: string } };
  const facts = { ...(row.facts as Record<string, unknown>), ...outcome.facts };
  const p = outcome.payload as Record<string, unknown>;
  const [requester] = await repo.usersByIds(ctx.db, [row.requesterUserId]);
  const events = await repo.eventsOf(ctx.db, row.id);
  const defence = [...events].reverse().find((e) => e.action === 'file_defence');
  const documents = await repo.documentsOf(ctx.db, row.id);
  const decisionDoc = [...documents].reverse().find((x) => x.kind === 'decision');
  const clocks = await repo.clocksOf(ctx.db, row.id);
  const openDecision = [...clocks].reverse().find((c) => c.name === 'decision');
  const decisionDue = input.clockDue.decision ?? (openDecision ? { dueDate: openDecision.dueDate, basis: (openDecision.rule as { basis: { zh: string } }).basis.zh } : undefined);
  const acts = ((p.acts ?? facts.acts) as string[] | undefined)?.map((a) => ACT_ZH[a] ?? a) ?? [];
  const hearing = facts.hearing as { date: string; time: string; place: string } | null | undefined;
  const org = (await repo.orgsByIds(ctx.db, [row.orgId]))[0];
  return {
    caseNumber: row.number,
    requesterName: requester?.displayName ?? '',
    respondentName: form.respondent.name,
    respondentAddress: form.respondent.address,
    // Granted Chinese patents are cited as ZL + application number (专利号).
    patentNumber: /^\d/.test(form.patentNumber) ? `ZL${form.patentNumber}` : form.patentNumber,
    patentTitle: form.patentTitle,
    patentType: patentType(form.patentNumber),
    requestDate: d(row.receivedOn),
    acceptedDate: d((facts.acceptedOn as string | undefined) ?? (outcome.transition.action === 'accept' ? today : undefined)),
    decisionDueDate: d(decisionDue?.dueDate),
    decisionDueBasis: decisionDue?.basis,
    panelMembers: input.panelNames.length ? input.panelNames.join('、') : undefined,
    contact: input.panelNames.length && org ? `${input.panelNames[0]}（${org.nameZh}）` : undefined,
    reasons: (p.reasons as string[] | undefined) ?? undefined,
    items: (p.items as string[] | undefined) ?? undefined,
    dueDate: d(input.clockDue.correction?.dueDate ?? input.clockDue.defence?.dueDate),
    defenceReceivedDate: d(defence ? defence.occurredAt.toISOString().slice(0, 10) : today),
    hearingDate: d((p.hearingDate as string | undefined) ?? (facts.hearingsHeld ? undefined : hearing?.date)),
    hearingTime: (p.hearingTime as string | undefined) ?? hearing?.time,
    hearingPlace: (p.place as string | undefined) ?? hearing?.place,
    invalidationNumber: p.invalidationRequestNumber as string | undefined,
    invalidationAcceptedDate: d(p.acceptedOn as string | undefined),
    suspensionDate: d(outcome.transition.action === 'suspend' ? today : (events.filter((e) => e.action === 'suspend').at(-1)?.occurredAt.toISOString().slice(0, 10))),
    suspensionBasis: '《中华人民共和国专利法实施细则》第九十八条',
    resumptionReason: p.reason as string | undefined,
    resumptionDate: d(today),
    originalDueDate: d(openDecision?.dueDate),
    extensionReason: facts.extensionReason as string | undefined,
    approvedBy: input.actorName || undefined,
    agreedTerms: (p.terms as string[] | undefined) ?? undefined,
    requesterStatement: form.requests,
    respondentStatement: defence ? String((defence.payload as { statement?: string }).statement ?? '') || undefined : undefined,
    factsFound: p.findings as string | undefined,
    reasoning: p.reasoning as string | undefined,
    acts: acts.length ? acts.join('、') : undefined,
    productName: ((p.product ?? facts.product) as string | undefined) ?? '被诉侵权产品',
    claims: form.claims?.length ? form.claims.join('、') : undefined,
    withdrawalDate: d(today),
    closureReason: (p.outcome as string | undefined) ?? (outcome.to === 'merged' ? `本案并入${String(p.intoCaseNumber)}合并处理` : undefined),
    closureDate: d(today),
    decisionNumber: decisionDoc?.number,
    decisionDate: d(decisionDoc?.createdAt.toISOString().slice(0, 10)),
    legalBasis: undefined,
    requestedMeasures: lines(p.request),
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
      const values = await valuesFor(ctx, input);
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
