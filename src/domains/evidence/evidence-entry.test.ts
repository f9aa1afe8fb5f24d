import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EvidenceEntry } from '../ledger/receipt-format';
import { decodeEvidenceEntry, encodeEvidenceEntry, provenanceDetails, type EvidenceEntryInput } from './evidence-entry';

const input: EvidenceEntryInput = {
  evidenceId: '0b9a3f52-6a0e-4c41-9e43-5d3a3f1f8a10',
  file: { sha256: 'a'.repeat(64), sm3: 'b'.repeat(64), size: 1234, mediaType: 'application/pdf' },
  method: 'web_capture',
  recordedAt: new Date('2026-03-02T01:00:00.000Z'),
  details: provenanceDetails('web_capture', { webCapture: { url: 'https://shop.example.com/item/1', captureLog: '截图日志' } }, null),
  submitter: { userId: 'e0c0e1a2-3b4c-4d5e-8f60-718293a4b5c6', role: 'applicant', orgId: null },
  belongsTo: { kind: 'preservation' },
  timestamp: { genTime: new Date('2026-03-02T01:00:01.250Z'), token: Buffer.from('token-der'), tsa: 'internal' },
};

describe('the evidence.preserved ledger entry', () => {
  it('is canonical JSON with sorted keys, no white space, and only digests of provenance facts', () => {
    const bytes = encodeEvidenceEntry(input);
    const text = bytes.toString('utf8');
    expect(text.startsWith('{"belongsTo":{"kind":"preservation"},"evidenceId":"0b9a3f52')).toBe(true);
    expect(text).not.toMatch(/\s/);
    expect(text).not.toContain('shop.example.com');
    expect(text).not.toContain('截图');
    const entry = decodeEvidenceEntry(bytes);
    expect(entry.provenance).toEqual({
      method: 'web_capture',
      recordedAt: '2026-03-02T01:00:00.000Z',
      details: {
        urlSha256: createHash('sha256').update('https://shop.example.com/item/1').digest('hex'),
        captureLogSha256: createHash('sha256').update('截图日志', 'utf8').digest('hex'),
      },
    });
    expect(entry.timestamp).toEqual({ genTime: '2026-03-02T01:00:01.250Z', tokenSha256: createHash('sha256').update('token-der').digest('hex'), tsa: 'internal' });
    expect(EvidenceEntry.safeParse(entry).success).toBe(true);
  });

  it('names the principal by id when an agent uploads, and digests notarial and device facts', () => {
    expect(provenanceDetails('notarised_copy', { notarisedCopy: { notaryOffice: '东方公证处', certificateNumber: 'No.1' } }, 'p-id')).toEqual({
      notaryOfficeSha256: createHash('sha256').update('东方公证处').digest('hex'),
      certificateNumberSha256: createHash('sha256').update('No.1').digest('hex'),
      principalId: 'p-id',
    });
    expect(provenanceDetails('device', { device: { description: 'phone' } }, null)).toEqual({ descriptionSha256: createHash('sha256').update('phone').digest('hex') });
    expect(provenanceDetails('upload', {}, null)).toEqual({});
  });

  it('refuses values outside the format and bytes that are not the canonical form', () => {
    expect(() => encodeEvidenceEntry({ ...input, file: { ...input.file, sha256: 'XYZ' } })).toThrow();
    expect(() => encodeEvidenceEntry({ ...input, submitter: { ...input.submitter, role: 'Case Officer' } })).toThrow();
    const bytes = encodeEvidenceEntry(input);
    const spaced = Buffer.from(JSON.stringify(JSON.parse(bytes.toString()), null, 1));
    expect(() => decodeEvidenceEntry(spaced)).toThrow();
  });
});
