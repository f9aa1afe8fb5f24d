import { createHash } from 'node:crypto';
import type { Ledger } from './ledger.service';
import type { Tsa } from './tsa';

/**
 * Trusted time for the log: every signed checkpoint gets an RFC 3161 token over the SHA-256 of
 * its note text, stored with the checkpoint (once). Runs beside the integrator; a failing TSA
 * delays tokens but never blocks appends or signing.
 */
export function checkpointNoteDigest(note: string): Buffer {
  return createHash('sha256').update(note, 'utf8').digest();
}

export async function timestampPendingCheckpoints(ledger: Ledger, tsa: Tsa, limit = 50): Promise<number> {
  let done = 0;
  for (const checkpoint of await ledger.checkpointsAwaitingTimestamp(limit)) {
    const { token } = await tsa.timestamp(checkpointNoteDigest(checkpoint.note), 'sha256');
    if (await ledger.attachTimestamp(checkpoint.size, token)) done++;
  }
  return done;
}

export function startCheckpointTimestamping(ledger: Ledger, tsa: Tsa, intervalMs = 1000) {
  let running: Promise<unknown> | null = null;
  const tick = () => {
    running ??= timestampPendingCheckpoints(ledger, tsa)
      .catch((e: Error) => console.error(`时间戳签发失败 / checkpoint timestamping failed: ${e.message}`))
      .finally(() => {
        running = null;
      });
    return running;
  };
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  return {
    tick,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
