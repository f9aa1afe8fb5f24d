import { createHash, type Hash } from 'node:crypto';
import { DomainError } from '../../platform/errors';
import { createSm3, type Sm3Hasher } from '../ledger/crypto/sm3';
import './evidence.errors';
import { MediaSniffer } from './sniff';

/** What the intake learnt about a file once its last byte went through. */
export interface IntakeResult {
  size: number;
  sha256: string;
  sm3: string;
  mediaType: string;
}

/**
 * One pass over an uploaded file on its way to storage: SHA-256, SM3 and the media type are
 * computed chunk by chunk, and the size limit is enforced as the bytes arrive (the stream fails
 * with `evidence.too_large` at the first byte over the limit, so an oversized file is never
 * read, let alone stored, in full). Nothing but the sniffing head is kept in memory.
 */
export class EvidenceIntake {
  private readonly sha256: Hash = createHash('sha256');
  private readonly sm3: Sm3Hasher = createSm3();
  private readonly sniffer = new MediaSniffer();
  private size = 0;
  private done: IntakeResult | undefined;

  constructor(readonly maxBytes: number) {}

  get bytesSeen(): number {
    return this.size;
  }

  update(chunk: Uint8Array): void {
    if (this.done) throw new Error('the intake is already finished');
    this.size += chunk.length;
    if (this.size > this.maxBytes) throw new DomainError('evidence.too_large', { limit: this.maxBytes });
    this.sha256.update(chunk);
    this.sm3.update(chunk);
    this.sniffer.update(chunk);
  }

  finish(): IntakeResult {
    this.done ??= {
      size: this.size,
      sha256: this.sha256.digest('hex'),
      sm3: this.sm3.digest().toString('hex'),
      mediaType: this.sniffer.result(),
    };
    return this.done;
  }

  /** Passes `source` through, feeding every chunk to the intake first (the consumer stores it). */
  async *pipe(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    for await (const chunk of source) {
      if (chunk.length === 0) continue;
      this.update(chunk);
      yield chunk;
    }
  }
}
