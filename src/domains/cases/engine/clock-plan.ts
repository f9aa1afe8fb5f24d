import type { WorkingCalendar } from '../../../platform/calendar/calendar';
import type { ClockRow } from '../cases.repo';
import { computeDue, daysStoodStill, extendDue, shiftForPause, type Period } from './clock';
import type { ClockChange, ClockRule, MatterType } from './matter-type';

/**
 * From the engine's clock changes to rows (pure): which clocks to insert and which to update.
 * A clock the office owes that stops after its due date is `missed`, a party's `lapsed`;
 * a restarted or cancelled clock stays in the history as `cancelled`.
 */


export interface ClockPlan {
  inserts: (Omit<ClockRow, 'id' | 'createdAt' | 'alert'> & { alert?: string })[];
  updates: { id: number; values: Partial<ClockRow> }[];
}

export function ruleSnapshot(rule: ClockRule) {
  return { label: rule.label, basis: rule.basis, effectiveFrom: rule.effectiveFrom, owedBy: rule.owedBy, kind: rule.kind, period: rule.period };
}

export function startClock(caseId: string, rule: ClockRule, start: string, calendar: WorkingCalendar): ClockPlan['inserts'][number] {
  const due = computeDue(calendar, start, rule.period);
  return {
    caseId, name: rule.name, state: 'running', startDate: start, dueDate: due.date, unit: rule.period.unit, length: rule.period.length,
    rule: ruleSnapshot(rule), provisional: due.provisional, pausedOn: null, extensions: 0, extendedBy: [], stoodStill: 0, endedOn: null,
  };
}

/** Turns the engine's clock changes into rows: what to insert and what to update. */
export function planClocks(type: MatterType, caseId: string, current: ClockRow[], changes: ClockChange[], today: string, calendar: WorkingCalendar, grade: { grade: string; fastTrack: boolean }): ClockPlan {
  const plan: ClockPlan = { inserts: [], updates: [] };
  const open = (name: string) => [...current].reverse().find((c) => c.name === name && (c.state === 'running' || c.state === 'paused'));
  for (const ch of changes) {
    const rule = type.clocks[ch.name];
    const clock = open(ch.name);
    switch (ch.op) {
      case 'start':
        // Internal targets run only for the grade or track they belong to.
        if (ch.name === 'fast_track_target' && !grade.fastTrack) break;
        if (ch.name === 'simple_target' && grade.grade !== 'simple') break;
        if (clock) plan.updates.push({ id: clock.id, values: { state: 'cancelled', endedOn: today } });
        plan.inserts.push(startClock(caseId, rule, ch.startDate ?? today, calendar));
        break;
      case 'restart':
        if (clock) plan.updates.push({ id: clock.id, values: { state: 'cancelled', endedOn: today } });
        plan.inserts.push(startClock(caseId, rule, ch.startDate ?? today, calendar));
        break;
      case 'stop':
        if (!clock) break;
        if (rule.owedBy === 'org') plan.updates.push({ id: clock.id, values: { state: today > clock.dueDate ? 'missed' : 'met', endedOn: today } });
        else plan.updates.push({ id: clock.id, values: { state: today > clock.dueDate ? 'lapsed' : 'met', endedOn: today } });
        break;
      case 'cancel':
        if (clock) plan.updates.push({ id: clock.id, values: { state: 'cancelled', endedOn: today } });
        break;
      case 'pause':
        if (clock && clock.state === 'running') plan.updates.push({ id: clock.id, values: { state: 'paused', pausedOn: today } });
        break;
      case 'resume':
        if (clock && clock.state === 'paused' && clock.pausedOn) {
          const due = shiftForPause(calendar, clock.dueDate, clock.unit as never, clock.pausedOn, today);
          const stood = daysStoodStill(calendar, clock.unit as never, clock.pausedOn, today);
          plan.updates.push({
            id: clock.id,
            values: { state: 'running', pausedOn: null, dueDate: due.date, provisional: clock.provisional || due.provisional, alert: 'none', stoodStill: (clock.stoodStill ?? 0) + stood },
          });
        }
        break;
      case 'extend':
        if (clock && ch.extendBy) {
          const due = extendDue(calendar, clock.dueDate, ch.extendBy);
          plan.updates.push({
            id: clock.id,
            values: { dueDate: due.date, extensions: clock.extensions + 1, provisional: clock.provisional || due.provisional, alert: 'none', extendedBy: [...((clock.extendedBy as Period[] | null) ?? []), ch.extendBy] },
          });
        }
        break;
    }
  }
  return plan;
}

