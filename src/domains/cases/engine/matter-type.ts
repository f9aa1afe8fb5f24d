import type { z } from 'zod';
import type { WorkingCalendar } from '../../../platform/calendar/calendar';
import type { StaffRole } from '../../../platform/permissions';
import type { ClockUnit, Period } from './clock';

/**
 * The case engine's vocabulary. A matter type (事项类型) is data: its statuses, a transition
 * table (CONVENTIONS rule 1) and the statutory clocks its actions start, stop, pause or extend.
 * Everything here is pure; the service (cases.service.ts) loads a case, asks the engine what
 * the actor may do and what an action changes, and writes the result in one transaction.
 */

export interface Bilingual {
  zh: string;
  en: string;
}

export type PartyRole = 'requester' | 'respondent';

/** Who may take an action. `org`: staff of the responsible organisation (or above it); `assigned`: on the case's panel. */
export type ActorRule =
  | { kind: 'staff'; roles: readonly StaffRole[]; reach: 'org' | 'assigned' }
  | { kind: 'party'; party: PartyRole };

/** Where a statutory number comes from (rules.md confidence: P primary law, S secondary, NF not found). */
export interface RuleSource extends Bilingual {
  confidence: 'P' | 'S' | 'NF';
}

/** One clock of a matter type (CONVENTIONS rule 12: every statutory number is data with a source). */
export interface ClockRule {
  name: string;
  label: Bilingual;
  period: Period;
  basis: RuleSource;
  effectiveFrom: string;
  /** Who must act before it runs out; a party's window that runs out `lapses`, the office's is `missed`. */
  owedBy: 'org' | PartyRole | 'parties';
  /** Statutory, or an internal target of graded handling / the fast track (warned about, never a legal limit). */
  kind: 'statutory' | 'internal';
  extension?: { max: Period; times: number; approvedBy: StaffRole };
}

export type ClockState = 'running' | 'paused' | 'met' | 'missed' | 'lapsed' | 'cancelled';

export interface ClockView {
  name: string;
  state: ClockState;
  startDate: string;
  dueDate: string;
  unit: ClockUnit;
  pausedOn: string | null;
  extensions: number;
}

/** What the engine reads of a case. `facts` are the matter type's own flags (grade, hearing date …). */
export interface CaseView<S extends string = string> {
  status: S;
  orgId: string;
  parties: Record<PartyRole, readonly string[]>;
  assignees: readonly { userId: string; role: 'handler' | 'technical_investigator' }[];
  clocks: readonly ClockView[];
  facts: Readonly<Record<string, unknown>>;
}

/** The acting user as the engine sees them, with reach already resolved against this case. */
export interface ActorView {
  userId: string;
  kind: 'staff' | 'applicant';
  roles: readonly string[];
  /** Staff: the case's organisation is within the actor's organisation subtree. */
  orgInReach: boolean;
  /** Applicants: the accounts this actor speaks for (himself and the principals he represents). */
  speaksFor: readonly string[];
}

export interface Env {
  today: string;
  calendar: WorkingCalendar;
}

/** A refusal with a code from cases.errors.ts and its parameters. */
export interface Refusal {
  code: string;
  params?: Record<string, string | number>;
  /** For a wrong payload: every problem found, for field-by-field messages. */
  error?: z.ZodError;
}

export type ClockEffect =
  | { start: string; from?: (payload: any, env: Env) => string }
  | { stop: string }
  | { pause: string }
  | { resume: string }
  | { restart: string }
  | { extend: string; by: (payload: any) => Period }
  | { stopAll: true };

export type Notify = 'requester' | 'respondent' | 'assignees' | 'org';

export interface Transition<S extends string, F = Record<string, unknown>> {
  action: string;
  label: Bilingual;
  by: readonly ActorRule[];
  /** Next status; `same` keeps it (an action recorded in the history). */
  to: S | 'same' | ((c: CaseView<S>, payload: any) => S);
  payload: z.ZodType;
  /** Null when the case is ready for the action; else why not (shown beside the action). */
  guard?: (c: CaseView<S>, payload: any, env: Env) => Refusal | null;
  clocks?: readonly ClockEffect[];
  facts?: (c: CaseView<S>, payload: any, env: Env) => Partial<F>;
  /** The official document (文书) this decision point issues. */
  document?: string | ((payload: any) => string | null);
  notify: readonly Notify[];
  /** The service performs side effects it alone can (panel, transfer, merge, evidence links). */
  effect?: 'panel' | 'transfer' | 'merge' | 'attach_evidence';
}

export interface StatusSpec extends Bilingual {
  terminal?: boolean;
  /** What the applicant is waiting for next, in one line ("下一步"). */
  next: Bilingual;
}

/** What the engine needs to know of a validated request, whatever the matter type. */
export interface Intake {
  /** The request as stored (identifiers normalised). */
  form: Record<string, unknown>;
  title: string;
  /** The right the matter is about (patent number, trademark number …), searched exactly. */
  subjectRef: string | null;
  respondent: { name: string; subjectType: 'enterprise' | 'individual'; uscc: string | null; address: string | null } | null;
  routing: { regionCode: string | null; industry: string | null; grade: string | null };
  evidenceIds: string[];
  /** Text for the word search (names, numbers, titles). */
  searchParts: (string | null)[];
}

/** What a document's values are filled from (read by the document issuer, pure for the matter type). */
export interface DocumentContext {
  row: { number: string; form: unknown; facts: unknown; receivedOn: string };
  outcome: { to: string; payload: unknown; facts: Record<string, unknown>; transition: { action: string } };
  today: string;
  requesterName: string;
  orgName: string;
  /** The panel after the action. */
  panelNames: string[];
  /** Due dates the action started or moved, with their basis. */
  clockDue: Record<string, { dueDate: string; basis: string }>;
  actorName: string;
  /** The case's history so far, dates in Asia/Shanghai. */
  events: { action: string; on: string; payload: Record<string, unknown> }[];
  documents: { kind: string; number: string; on: string }[];
  clocks: { name: string; dueDate: string; basis: string }[];
}

export type DocumentValues = Record<string, string | string[] | undefined>;

export interface MatterType<S extends string = string> {
  code: string;
  title: Bilingual;
  summary: Bilingual;
  /** The statutes the matter rests on (shown on the one-window page). */
  legalBasis: readonly Bilingual[];
  /** What an applicant must prepare. */
  requirements: readonly Bilingual[];
  statuses: Record<S, StatusSpec>;
  initial: S;
  /** Clocks started when the request is received. */
  initialClocks: readonly string[];
  transitions: { readonly [K in S]: readonly Transition<S>[] };
  clocks: Record<string, ClockRule>;
  submission: z.ZodType;
  /**
   * From the parsed request to what the engine stores and routes on; throws a DomainError for
   * what the schema cannot check (an identifier's check digit).
   */
  intake(form: unknown, requesterName: string): Intake;
  /** The values the matter type's document templates use (required when any action issues a document). */
  documentValues?(c: DocumentContext): DocumentValues;
}

export function matchesRule(rule: ActorRule, c: CaseView, actor: ActorView): boolean {
  if (rule.kind === 'party') {
    return actor.kind === 'applicant' && c.parties[rule.party].some((id) => actor.speaksFor.includes(id));
  }
  if (actor.kind !== 'staff' || !rule.roles.some((r) => actor.roles.includes(r))) return false;
  if (rule.reach === 'org') return actor.orgInReach;
  return actor.orgInReach && c.assignees.some((a) => a.userId === actor.userId);
}

export function mayTake<S extends string>(t: Transition<S>, c: CaseView<S>, actor: ActorView): boolean {
  return t.by.some((rule) => matchesRule(rule, c, actor));
}

export interface AvailableAction {
  action: string;
  label: Bilingual;
  /** Why the case is not ready for it yet (e.g. the defence period is still running); null = ready. */
  blocked: Refusal | null;
}

/** The actions this actor may take on the case now (CONVENTIONS rule 1: pure). */
export function availableActions<S extends string>(type: MatterType<S>, c: CaseView<S>, actor: ActorView, env: Env): AvailableAction[] {
  return type.transitions[c.status]
    .filter((t) => mayTake(t, c, actor))
    .map((t) => ({ action: t.action, label: t.label, blocked: t.guard ? t.guard(c, undefined, env) : null }));
}

export interface ClockChange {
  name: string;
  op: 'start' | 'stop' | 'pause' | 'resume' | 'restart' | 'extend' | 'cancel';
  startDate?: string;
  extendBy?: Period;
}

export interface Outcome<S extends string> {
  from: S;
  to: S;
  transition: Transition<S>;
  payload: unknown;
  clocks: ClockChange[];
  facts: Record<string, unknown>;
  document: string | null;
}

export type ApplyResult<S extends string> = { ok: true; outcome: Outcome<S> } | { ok: false; refusal: Refusal; status: 400 | 403 | 409 };

/**
 * What taking `action` with `payload` changes, or why it is refused: 409 when the status does
 * not offer the action (naming the status and what it does offer) or the case is not ready,
 * 403 when the actor may not take it, 400 when the payload is wrong.
 */
export function apply<S extends string>(type: MatterType<S>, c: CaseView<S>, actor: ActorView, action: string, payload: unknown, env: Env): ApplyResult<S> {
  const offered = type.transitions[c.status];
  const t = offered.find((x) => x.action === action);
  if (!t) {
    const known = Object.values<readonly Transition<S>[]>(type.transitions).some((list) => list.some((x) => x.action === action));
    const allowed = availableActions(type, c, actor, env).map((a) => a.action);
    return {
      ok: false,
      status: known ? 409 : 400,
      refusal: { code: known ? 'case.action_not_allowed' : 'case.action_unknown', params: { action, status: c.status, allowed: allowed.join(', ') || '-' } },
    };
  }
  if (!mayTake(t, c, actor)) return { ok: false, status: 403, refusal: { code: 'case.actor_not_allowed', params: { action, status: c.status } } };
  const parsed = t.payload.safeParse(payload ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const [reasonZh, reasonEn] = issue.message.includes(' / ') ? issue.message.split(' / ') : [issue.message, issue.message];
    return {
      ok: false,
      status: 400,
      refusal: { code: 'case.payload_invalid', params: { action, field: issue.path.map(String).join('.') || '(payload)', reasonZh, reasonEn }, error: parsed.error },
    };
  }
  const refusal = t.guard?.(c, parsed.data, env);
  if (refusal) return { ok: false, status: 409, refusal };
  const to = t.to === 'same' ? c.status : typeof t.to === 'function' ? t.to(c, parsed.data) : t.to;
  const clocks: ClockChange[] = [];
  for (const e of t.clocks ?? []) {
    if ('stopAll' in e) {
      for (const k of c.clocks) if (k.state === 'running' || k.state === 'paused') clocks.push({ name: k.name, op: 'cancel' });
    } else if ('start' in e) clocks.push({ name: e.start, op: 'start', startDate: e.from ? e.from(parsed.data, env) : env.today });
    else if ('stop' in e) clocks.push({ name: e.stop, op: 'stop' });
    else if ('pause' in e) clocks.push({ name: e.pause, op: 'pause' });
    else if ('resume' in e) clocks.push({ name: e.resume, op: 'resume' });
    else if ('restart' in e) clocks.push({ name: e.restart, op: 'restart', startDate: env.today });
    else clocks.push({ name: e.extend, op: 'extend', extendBy: e.by(parsed.data) });
  }
  const document = typeof t.document === 'function' ? t.document(parsed.data) : (t.document ?? null);
  return {
    ok: true,
    outcome: { from: c.status, to, transition: t, payload: parsed.data, clocks, facts: t.facts?.(c, parsed.data, env) ?? {}, document },
  };
}

export function clockOf(c: Pick<CaseView, 'clocks'>, name: string): ClockView | undefined {
  // The latest clock of that name (a restarted clock supersedes the earlier one).
  for (let i = c.clocks.length - 1; i >= 0; i--) if (c.clocks[i].name === name) return c.clocks[i];
  return undefined;
}
