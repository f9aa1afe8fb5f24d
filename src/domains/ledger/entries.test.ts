import { describe, expect, it } from 'vitest';
import { caseEventEntry, decodeCaseEventEntry, documentDigest, encodeCaseEventEntry, type CaseEventInput } from './entries';

const input: CaseEventInput = {
  caseId: '0b6a3b8e-0f4c-4f51-9d3c-2f0e8f1b7a10',
  eventId: '7c1d6f2a-5e43-4b8e-a1d2-9f6e3c4b5a01',
  action: 'case.accepted',
  actor: { userId: '1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b', role: 'case_officer', orgId: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d' },
  time: new Date('2026-03-02T09:00:00+08:00'),
  documents: [documentDigest(Buffer.from('abc'))],
};

const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return 'accepted';
};

describe('case.event entries', () => {
  it('encodes a case event as canonical JSON with schema version, type, ids, actor, UTC time and digests', () => {
    expect(encodeCaseEventEntry(input).toString('utf8')).toBe(
      '{"action":"case.accepted",' +
        '"actor":{"orgId":"9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d","role":"case_officer","userId":"1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b"},' +
        '"caseId":"0b6a3b8e-0f4c-4f51-9d3c-2f0e8f1b7a10",' +
        '"documents":[{"sha256":"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad","sm3":"66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"}],' +
        '"eventId":"7c1d6f2a-5e43-4b8e-a1d2-9f6e3c4b5a01","schema":1,"time":"2026-03-02T01:00:00.000Z","type":"case.event"}',
    );
  });

  it('gives the same bytes for the same event, however the input is spelled', () => {
    const reordered = { time: '2026-03-02T01:00:00Z', documents: input.documents, actor: { orgId: input.actor.orgId, role: 'case_officer' as const, userId: input.actor.userId }, action: input.action, eventId: input.eventId, caseId: input.caseId };
    expect(encodeCaseEventEntry(reordered).equals(encodeCaseEventEntry(input))).toBe(true);
  });

  it('reads an entry back and refuses one that is not canonical or not of the schema', () => {
    const bytes = encodeCaseEventEntry(input);
    expect(decodeCaseEventEntry(bytes)).toEqual(caseEventEntry(input));
    const pretty = Buffer.from(JSON.stringify(JSON.parse(bytes.toString()), null, 1));
    expect(codeOf(() => decodeCaseEventEntry(pretty))).toBe('ledger.canonical_json');
    const otherSchema = Buffer.from(bytes.toString().replace('"schema":1', '"schema":2'));
    expect(codeOf(() => decodeCaseEventEntry(otherSchema))).toBe('ledger.entry_invalid');
  });

  it('accepts the platform itself as actor (system role, no user)', () => {
    const entry = caseEventEntry({ ...input, actor: { userId: null, role: 'system', orgId: null }, documents: undefined });
    expect(entry.actor).toEqual({ userId: null, role: 'system', orgId: null });
    expect(entry.documents).toEqual([]);
  });

  it('refuses personal data fields by name, wherever they are', () => {
    expect(codeOf(() => encodeCaseEventEntry({ ...input, actor: { ...input.actor, displayName: '陈静' } as never }))).toBe('ledger.personal_data');
    expect(codeOf(() => encodeCaseEventEntry({ ...input, id_number: '110101199003074514' } as never))).toBe('ledger.personal_data');
    expect(codeOf(() => encodeCaseEventEntry({ ...input, documents: [{ ...input.documents![0], fileName: '张三身份证.pdf' }] } as never))).toBe('ledger.personal_data');
    expect(codeOf(() => encodeCaseEventEntry({ ...input, Phone: '13800138000' } as never))).toBe('ledger.personal_data');
  });

  it('refuses unknown fields and free text where codes and ids belong', () => {
    expect(codeOf(() => encodeCaseEventEntry({ ...input, note: 'anything' } as never))).toBe('ledger.entry_invalid');
    expect(codeOf(() => encodeCaseEventEntry({ ...input, action: '受理 张三 的申请' }))).toBe('ledger.entry_invalid');
    expect(codeOf(() => encodeCaseEventEntry({ ...input, caseId: 'ZB-2026-0001' }))).toBe('ledger.entry_invalid');
    expect(codeOf(() => encodeCaseEventEntry({ ...input, actor: { ...input.actor, role: 'ceo' as never } }))).toBe('ledger.entry_invalid');
    expect(codeOf(() => encodeCaseEventEntry({ ...input, documents: [{ sha256: 'ABC', sm3: 'x' }] }))).toBe('ledger.entry_invalid');
    expect(codeOf(() => encodeCaseEventEntry({ ...input, time: '2026-03-02 09:00' }))).toBe('ledger.entry_invalid');
  });

  it('computes both document digests', () => {
    const d = documentDigest(Buffer.from('abc'));
    expect(d.sha256).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    // GB/T 32905-2016 Appendix A example 1.
    expect(d.sm3).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });
});
