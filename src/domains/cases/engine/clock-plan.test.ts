import { describe, expect, it } from 'vitest';
import { defaultCalendar } from '../../../platform/calendar/calendar';
import type { ClockRow } from '../cases.repo';
import { patentAdjudication } from '../patent-adjudication/workflow';
import { recomputeDue } from './clock';
import { planClocks, startClock } from './clock-plan';
import type { MatterType } from './matter-type';

const calendar = defaultCalendar();
const type = patentAdjudication('shanghai-2002') as unknown as MatterType;
const CASE = '00000000-0000-4000-8000-00000000c0de';
const ordinary = { grade: 'ordinary', fastTrack: false };

function row(id: number, name: string, start: string, extra: Partial<ClockRow> = {}): ClockRow {
  return { id, createdAt: new Date(0), alert: 'none', ...startClock(CASE, type.clocks[name], start, calendar), ...extra } as ClockRow;
}

describe('clock plans', () => {
  it('marks an office clock stopped after its due date as missed, and on time as met', () => {
    const acceptance = row(1, 'acceptance', '2026-03-02'); // due 2026-03-09
    expect(planClocks(type, CASE, [acceptance], [{ name: 'acceptance', op: 'stop' }], '2026-03-09', calendar, ordinary).updates).toEqual([
      { id: 1, values: { state: 'met', endedOn: '2026-03-09' } },
    ]);
    expect(planClocks(type, CASE, [acceptance], [{ name: 'acceptance', op: 'stop' }], '2026-03-10', calendar, ordinary).updates[0].values.state).toBe('missed');
  });

  it('lets a party’s window that ran out lapse rather than count as missed', () => {
    const defence = row(2, 'defence', '2026-03-03'); // due 2026-03-18
    expect(planClocks(type, CASE, [defence], [{ name: 'defence', op: 'stop' }], '2026-03-20', calendar, ordinary).updates[0].values.state).toBe('lapsed');
  });

  it('resumes a paused clock with the days it stood still added, ending on a working day', () => {
    const decision = row(3, 'decision', '2026-03-03', { state: 'paused', pausedOn: '2026-04-01' }); // due 2026-06-03
    const plan = planClocks(type, CASE, [decision], [{ name: 'decision', op: 'resume' }], '2026-04-11', calendar, ordinary);
    // 10 days paused: 3 June + 10 = 13 June 2026, a Saturday → Monday 15 June.
    expect(plan.updates[0].values).toMatchObject({ state: 'running', pausedOn: null, dueDate: '2026-06-15' });
  });

  it('extends the decision clock by a month from its due date and counts the extension', () => {
    const decision = row(4, 'decision', '2026-03-03');
    const plan = planClocks(type, CASE, [decision], [{ name: 'decision', op: 'extend', extendBy: { length: 1, unit: 'month' } }], '2026-05-20', calendar, ordinary);
    expect(plan.updates[0].values).toMatchObject({ dueDate: '2026-07-03', extensions: 1 });
  });

  it('restarts the acceptance clock from the day the supplement arrives, keeping the old one as cancelled', () => {
    const acceptance = row(5, 'acceptance', '2026-03-02', { state: 'paused', pausedOn: '2026-03-04' });
    const plan = planClocks(type, CASE, [acceptance], [{ name: 'acceptance', op: 'restart', startDate: '2026-03-16' }], '2026-03-16', calendar, ordinary);
    expect(plan.updates).toEqual([{ id: 5, values: { state: 'cancelled', endedOn: '2026-03-16' } }]);
    expect(plan.inserts[0]).toMatchObject({ name: 'acceptance', startDate: '2026-03-16', dueDate: '2026-03-23' }); // 21 March is a Saturday
  });

  it('starts internal targets only for the fast track or a simple case', () => {
    const start = [{ name: 'fast_track_target', op: 'start' as const, startDate: '2026-03-03' }, { name: 'simple_target', op: 'start' as const, startDate: '2026-03-03' }];
    expect(planClocks(type, CASE, [], start, '2026-03-03', calendar, ordinary).inserts).toEqual([]);
    expect(planClocks(type, CASE, [], start, '2026-03-03', calendar, { grade: 'simple', fastTrack: true }).inserts.map((i) => i.name)).toEqual(['fast_track_target', 'simple_target']);
  });
});

describe('provisional deadlines computed again', () => {
  // A made-up notice for a year not yet published (test data only): 1–7 January off, Saturday 9 January worked.
  const later = calendar.withNotice({
    year: 2027,
    noticeTitle: '测试用通知',
    sourceUrl: 'https://www.gov.cn/test-only-notice.htm',
    publishedOn: '2026-11-01',
    holidays: [{ name: '测试假日', nameEn: 'Test holiday', from: '2027-01-01', to: '2027-01-07' }],
    workdays: [{ name: '测试假日', nameEn: 'Test holiday', date: '2027-01-09' }],
  } as never);

  it('gives the same date while the year is still missing, and the true one once its notice is loaded', () => {
    const clock = { startDate: '2026-12-28', length: 5, unit: 'workingDay' as const, extendedBy: [], stoodStill: 0 };
    expect(recomputeDue(calendar, clock)).toEqual({ date: '2027-01-05', provisional: true });
    // 29, 30, 31 December, then the holiday to 7 January: 8 and the worked Saturday 9 January.
    expect(recomputeDue(later, clock)).toEqual({ date: '2027-01-09', provisional: false });
  });

  it('replays extensions and the days a pause stood still', () => {
    const clock = { startDate: '2026-10-10', length: 3, unit: 'month' as const, extendedBy: [{ length: 1, unit: 'month' as const }], stoodStill: 4 };
    // 3 months: Sunday 10 January 2027 → Monday 11 January; +1 month: 11 February; +4 days paused: Monday 15 February.
    expect(recomputeDue(calendar, clock)).toEqual({ date: '2027-02-15', provisional: true });
    expect(recomputeDue(later, clock)).toEqual({ date: '2027-02-15', provisional: false });
  });

  it('records what a resume and an extension did, for that later computation', () => {
    const paused = row(9, 'decision', '2026-03-03', { state: 'paused', pausedOn: '2026-04-01', stoodStill: 2 } as Partial<ClockRow>);
    const resumed = planClocks(type, CASE, [paused], [{ name: 'decision', op: 'resume' }], '2026-04-11', calendar, ordinary);
    expect(resumed.updates[0].values).toMatchObject({ stoodStill: 12 });
    const extended = planClocks(type, CASE, [row(10, 'decision', '2026-03-03')], [{ name: 'decision', op: 'extend', extendBy: { length: 1, unit: 'month' } }], '2026-05-20', calendar, ordinary);
    expect(extended.updates[0].values).toMatchObject({ extendedBy: [{ length: 1, unit: 'month' }] });
  });
});
