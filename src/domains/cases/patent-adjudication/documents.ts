import { checkPatentNumber } from '../../../platform/ids';
import { formatDocumentDate } from '../../../platform/pdf/document-date';
import type { DocumentContext, DocumentValues } from '../engine/matter-type';

/**
 * The values the official documents of patent adjudication are filled with (the variables of
 * ../documents/templates.ts), from the case, the action and its history. Dates are printed the
 * way official documents print them (2026年11月25日).
 */

const ACT_ZH: Record<string, string> = { manufacture: '制造', use: '使用', use_of_method: '使用专利方法', sale: '销售', offer_for_sale: '许诺销售', import: '进口' };
const PATENT_KIND_ZH: Record<string, string> = { invention: '发明', utility_model: '实用新型', design: '外观设计' };

function patentType(number: string): string {
  const r = checkPatentNumber(number);
  if (!r.ok || !('kind' in r.info)) return '专利';
  return PATENT_KIND_ZH[r.info.kind.code] ?? r.info.kind.label.zh;
}

const d = (iso: string | undefined | null) => (iso ? formatDocumentDate(iso) : undefined);
const lines = (text: unknown) => (typeof text === 'string' ? text.split(/\n+/).map((s) => s.trim()).filter(Boolean) : []);

/** Every value a template of this matter type may use, from the case, the action and its effects. */
export function patentDocumentValues(input: DocumentContext): DocumentValues {
  const { row, outcome, today } = input;
  const form = row.form as { patentNumber: string; patentTitle: string; requests?: string; claims?: number[]; respondent: { name: string; address?: string } };
  const facts = { ...(row.facts as Record<string, unknown>), ...outcome.facts };
  const p = outcome.payload as Record<string, unknown>;
  const defence = [...input.events].reverse().find((e) => e.action === 'file_defence');
  const decisionDoc = [...input.documents].reverse().find((x) => x.kind === 'decision');
  const openDecision = [...input.clocks].reverse().find((c) => c.name === 'decision');
  const decisionDue = input.clockDue.decision ?? openDecision;
  const acts = ((p.acts ?? facts.acts) as string[] | undefined)?.map((a) => ACT_ZH[a] ?? a) ?? [];
  const hearing = facts.hearing as { date: string; time: string; place: string } | null | undefined;
  return {
    caseNumber: row.number,
    requesterName: input.requesterName,
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
    contact: input.panelNames.length ? `${input.panelNames[0]}（${input.orgName}）` : undefined,
    reasons: (p.reasons as string[] | undefined) ?? undefined,
    items: (p.items as string[] | undefined) ?? undefined,
    dueDate: d(input.clockDue.correction?.dueDate ?? input.clockDue.defence?.dueDate),
    defenceReceivedDate: d(defence ? defence.on : today),
    hearingDate: d((p.hearingDate as string | undefined) ?? (facts.hearingsHeld ? undefined : hearing?.date)),
    hearingTime: (p.hearingTime as string | undefined) ?? hearing?.time,
    hearingPlace: (p.place as string | undefined) ?? hearing?.place,
    invalidationNumber: p.invalidationRequestNumber as string | undefined,
    invalidationAcceptedDate: d(p.acceptedOn as string | undefined),
    suspensionDate: d(outcome.transition.action === 'suspend' ? today : input.events.filter((e) => e.action === 'suspend').at(-1)?.on),
    suspensionBasis: '《中华人民共和国专利法实施细则》第九十八条',
    resumptionReason: p.reason as string | undefined,
    resumptionDate: d(today),
    originalDueDate: d(openDecision?.dueDate),
    extensionReason: facts.extensionReason as string | undefined,
    approvedBy: input.actorName || undefined,
    agreedTerms: (p.terms as string[] | undefined) ?? undefined,
    requesterStatement: form.requests,
    respondentStatement: defence ? String(defence.payload.statement ?? '') || undefined : undefined,
    factsFound: p.findings as string | undefined,
    reasoning: p.reasoning as string | undefined,
    acts: acts.length ? acts.join('、') : undefined,
    productName: ((p.product ?? facts.product) as string | undefined) ?? '被诉侵权产品',
    claims: form.claims?.length ? form.claims.join('、') : undefined,
    withdrawalDate: d(today),
    closureReason: (p.outcome as string | undefined) ?? (outcome.to === 'merged' ? `本案并入${String(p.intoCaseNumber)}合并处理` : undefined),
    closureDate: d(today),
    decisionNumber: decisionDoc?.number,
    decisionDate: d(decisionDoc?.on),
    legalBasis: undefined,
    requestedMeasures: lines(p.request),
  };
}

