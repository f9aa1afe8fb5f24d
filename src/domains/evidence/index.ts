/** Evidence preservation (存证): provenance, streamed upload, digests, trusted time, ledger entry, receipt. */
export { registerEvidenceRoutes } from './evidence.routes';
export { buildReceipt, type EvidenceDeps } from './evidence.service';
export { decodeEvidenceEntry, encodeEvidenceEntry } from './evidence-entry';
export { createBlobStorage, LocalDirStorage, S3Storage, type BlobStorage } from './storage';
