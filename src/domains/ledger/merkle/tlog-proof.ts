import { fromBase64, toBase64 } from '../crypto/bytes';
import { merkleError } from './merkle.errors';
import { assertCount } from './tree-math';

/**
 * C2SP tlog-proof (domain/evidence.md §1.7): the offline, self-contained proof that an entry is
 * in the log, the shape of the platform's exportable 存证 verification bundle (file extension
 * `.tlog-proof`):
 *
 *   c2sp.org/tlog-proof@v1
 *   extra <base64>            (optional, unauthenticated application data)
 *   index <N>
 *   <base64 proof hash>       (zero or more, leaf sibling first)
 *
 *   <checkpoint, verbatim>
 *
 * The checkpoint is opaque here: the note module parses and verifies it, and the caller then
 * checks the inclusion proof against the checkpoint's size and root.
 */

export const TLOG_PROOF_HEADER = 'c2sp.org/tlog-proof@v1';

export interface TlogProof {
  /** Opaque extra data; absent means no `extra` line (an empty buffer writes `extra ` with nothing after it). */
  extra?: Buffer;
  index: number;
  proof: Buffer[];
  /** The signed checkpoint note, byte for byte. */
  checkpoint: string;
}

/** The same with plain byte arrays, as the browser-safe parser returns it. */
export interface TlogProofBytes {
  extra?: Uint8Array;
  index: number;
  proof: Uint8Array[];
  checkpoint: string;
}

export interface TlogProofOptions {
  /** Size of each proof hash; 32 for SHA-256 and SM3. */
  hashSize?: number;
}

const INDEX_LINE = /^index (0|[1-9][0-9]*)$/;

export function formatTlogProof(p: TlogProof | TlogProofBytes, options: TlogProofOptions = {}): string {
  const hashSize = options.hashSize ?? 32;
  assertCount('index', p.index);
  const lines = [TLOG_PROOF_HEADER];
  if (p.extra !== undefined) lines.push(`extra ${toBase64(p.extra)}`);
  lines.push(`index ${p.index}`);
  p.proof.forEach((h, i) => {
    if (h.length !== hashSize) {
      throw merkleError('merkle.proof_hash_size', { position: i + 1, expected: hashSize, actual: h.length });
    }
    lines.push(toBase64(h));
  });
  if (p.checkpoint.length === 0) throw merkleError('merkle.tlog_proof_checkpoint');
  return `${lines.join('\n')}\n\n${p.checkpoint}`;
}

export function parseTlogProof(text: string, options: TlogProofOptions = {}): TlogProof {
  const p = parseTlogProofBytes(text, options);
  const buf = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  const proof = p.proof.map(buf);
  return p.extra === undefined ? { index: p.index, proof, checkpoint: p.checkpoint } : { extra: buf(p.extra), index: p.index, proof, checkpoint: p.checkpoint };
}

/** `parseTlogProof` without Buffer (browser-safe): the one parser both use. */
export function parseTlogProofBytes(text: string, options: TlogProofOptions = {}): TlogProofBytes {
  const hashSize = options.hashSize ?? 32;
  let at = 0;
  let lineNo = 0;
  /** The next line without its \n, or undefined at the end of the text or of an unterminated line. */
  const nextLine = (): string | undefined => {
    const end = text.indexOf('\n', at);
    if (end < 0) return undefined;
    const line = text.slice(at, end);
    at = end + 1;
    lineNo++;
    return line;
  };

  if (nextLine() !== TLOG_PROOF_HEADER) throw merkleError('merkle.tlog_proof_header');

  let line = nextLine();
  let extra: Uint8Array | undefined;
  if (line?.startsWith('extra ')) {
    extra = fromBase64(line.slice('extra '.length));
    if (!extra) throw merkleError('merkle.tlog_proof_extra');
    line = nextLine();
  }

  const m = line === undefined ? null : INDEX_LINE.exec(line);
  const index = m ? Number(m[1]) : NaN;
  if (!Number.isSafeInteger(index)) throw merkleError('merkle.tlog_proof_index');

  const proof: Uint8Array[] = [];
  for (;;) {
    line = nextLine();
    if (line === undefined) throw merkleError('merkle.tlog_proof_checkpoint');
    if (line === '') break;
    const hash = fromBase64(line);
    if (!hash || hash.length !== hashSize) throw merkleError('merkle.tlog_proof_hash', { line: lineNo, expected: hashSize });
    proof.push(hash);
  }

  const checkpoint = text.slice(at);
  if (checkpoint.length === 0) throw merkleError('merkle.tlog_proof_checkpoint');
  return extra === undefined ? { index, proof, checkpoint } : { extra, index, proof, checkpoint };
}
