import { desc, eq, sql } from 'drizzle-orm';
import { createTransport, type Transporter } from 'nodemailer';
import type { Config } from '../config';
import { rowsOf, type Db } from '../db/client';
import { mailOutbox } from '../db/tables';
import type { Platform } from '../http/context';

/**
 * The outbox pattern: a mail is a row inserted in the transaction of the change that causes it
 * (CONVENTIONS rule 7), so it is queued exactly when that change commits. `deliverPendingMail`
 * sends the rows later, from any number of processes; with MAIL_TRANSPORT=outbox nothing is
 * sent and the rows stay for a developer to read (`listOutbox`).
 */

export const MAX_ATTEMPTS = 10;
/** How long a claimed row is left to the process sending it before another may try it. */
const LEASE_MS = 5 * 60_000;
// Back-off after the n-th failure: 30 s, 1 min, 2 min … capped at 2 h, so ten attempts span
// about four hours of an SMTP server being away before a mail is given up.
const BACKOFF_BASE_MS = 30_000;
const BACKOFF_MAX_MS = 2 * 60 * 60_000;

export function retryDelayMs(attempts: number): number {
  return Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1), BACKOFF_MAX_MS);
}

export interface OutgoingMail {
  to: string;
  subject: string;
  body: string;
}

/** Queues a mail; pass the transaction of the change the mail is about. */
export async function enqueueMail(db: Db, mail: OutgoingMail): Promise<number> {
  const [row] = await db.insert(mailOutbox).values({ to: mail.to, subject: mail.subject, body: mail.body }).returning({ id: mailOutbox.id });
  return row.id;
}

/** Queues several mails in one statement (same transaction rule as `enqueueMail`). */
export async function enqueueMails(db: Db, mails: readonly OutgoingMail[]): Promise<void> {
  if (mails.length) await mailInsert(db, mails);
}

/** The INSERT of `enqueueMails`, not yet run, for embedding in a larger statement (at least one mail). */
export function mailInsert(db: Db, mails: readonly OutgoingMail[]) {
  return db.insert(mailOutbox).values(mails.map((m) => ({ to: m.to, subject: m.subject, body: m.body })));
}

export type OutboxRow = typeof mailOutbox.$inferSelect;

/** The newest mails first, sent or not (for the CLI and for developers with MAIL_TRANSPORT=outbox). */
export async function listOutbox(db: Db, opts: { limit: number }): Promise<OutboxRow[]> {
  return db.select().from(mailOutbox).orderBy(desc(mailOutbox.id)).limit(opts.limit);
}

// One SMTP transport per configuration (every Ctx shares its platform's config object).
const transports = new WeakMap<Config, Transporter>();

function transportFor(config: Config): Transporter {
  let transport = transports.get(config);
  if (!transport) {
    transport = createTransport({
      // Options in the URL's query (`?ignoreTLS=true`, `?requireTLS=true`) take precedence.
      url: config.MAIL_SMTP_URL,
      // Nodemailer waits minutes by default; a delivery round should not.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
    transports.set(config, transport);
  }
  return transport;
}

/** Closes the SMTP transport of this platform, if one was opened. */
export function closeMailTransport(platform: Pick<Platform, 'config'>): void {
  transports.get(platform.config)?.close();
  transports.delete(platform.config);
}

export interface DeliveryOptions {
  /** Most mails sent in this call. */
  limit?: number;
  /** Where failures are reported, one line each; default: stderr unless LOG_LEVEL is error or silent. */
  log?: (line: string) => void;
}

export interface DeliveryResult {
  sent: number;
  failed: number;
}

interface ClaimedRow {
  id: number | string;
  to: string;
  subject: string;
  body: string;
  attempts: number;
}

/**
 * Claims one due row for this process: the row lock (SKIP LOCKED) keeps two processes from
 * claiming it at once, and the lease written into `next_attempt_at` keeps others off it while
 * it is sent outside any transaction (an SMTP exchange must not hold a database transaction,
 * and on PGlite a transaction would block every other query). A process that dies mid-send
 * leaves the row to be retried when the lease ends; the attempt still counts.
 */
async function claimOne(db: Db, now: Date): Promise<ClaimedRow | undefined> {
  const nowIso = now.toISOString();
  const leaseIso = new Date(now.getTime() + LEASE_MS).toISOString();
  const result = await db.execute(sql`
    with due as (
      select id from mail_outbox
      where sent_at is null
        and attempts < ${MAX_ATTEMPTS}
        and (next_attempt_at is null or next_attempt_at <= ${nowIso}::timestamptz)
      order by id
      limit 1
      for update skip locked
    )
    update mail_outbox m
    set attempts = m.attempts + 1, next_attempt_at = ${leaseIso}::timestamptz
    from due
    where m.id = due.id
    returning m.id, m."to", m.subject, m.body, m.attempts`);
  return rowsOf<ClaimedRow>(result)[0];
}

function defaultLog(config: Config): (line: string) => void {
  const quiet = config.LOG_LEVEL === 'error' || config.LOG_LEVEL === 'silent';
  return (line) => {
    if (!quiet) console.warn(line);
  };
}

function oneLine(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.replace(/\s+/g, ' ').trim().slice(0, 1000) || 'unknown error';
}

/**
 * Sends due mails through SMTP (MAIL_TRANSPORT=smtp); does nothing with MAIL_TRANSPORT=outbox.
 * Safe to call from any number of processes and as often as wanted; never throws: every
 * failure is recorded on its row and logged as one line.
 */
export async function deliverPendingMail(platform: Pick<Platform, 'config' | 'db' | 'now'>, opts: DeliveryOptions = {}): Promise<DeliveryResult> {
  const result: DeliveryResult = { sent: 0, failed: 0 };
  const { config, db } = platform;
  if (config.MAIL_TRANSPORT !== 'smtp') return result;
  const log = opts.log ?? defaultLog(config);
  const limit = opts.limit ?? 20;
  let transport: Transporter;
  try {
    transport = transportFor(config);
  } catch (e) {
    log(`mail: cannot create the SMTP transport: ${oneLine(e)}`);
    return result;
  }
  while (result.sent + result.failed < limit) {
    let row: ClaimedRow | undefined;
    try {
      row = await claimOne(db, platform.now());
    } catch (e) {
      log(`mail: cannot read the outbox: ${oneLine(e)}`);
      return result;
    }
    if (!row) break;
    const id = Number(row.id);
    try {
      await transport.sendMail({
        from: config.MAIL_FROM,
        // An address object, not a string: nodemailer would parse a string as a list.
        to: { name: '', address: row.to },
        subject: row.subject,
        text: row.body,
      });
    } catch (e) {
      result.failed++;
      const error = oneLine(e);
      const givingUp = row.attempts >= MAX_ATTEMPTS;
      log(`mail: delivery of outbox row ${id} failed (attempt ${row.attempts} of ${MAX_ATTEMPTS}${givingUp ? ', giving up' : ''}): ${error}`);
      try {
        await db
          .update(mailOutbox)
          .set({ lastError: error, nextAttemptAt: givingUp ? null : new Date(platform.now().getTime() + retryDelayMs(row.attempts)) })
          .where(eq(mailOutbox.id, id));
      } catch (e2) {
        // The lease still holds the row back; it is retried when the lease ends.
        log(`mail: cannot record the failure of outbox row ${id}: ${oneLine(e2)}`);
      }
      continue;
    }
    result.sent++;
    try {
      await db.update(mailOutbox).set({ sentAt: platform.now(), lastError: null, nextAttemptAt: null }).where(eq(mailOutbox.id, id));
    } catch (e) {
      // Sent but not marked: it goes out again when the lease ends (at least once, never lost).
      log(`mail: outbox row ${id} was sent but cannot be marked as sent: ${oneLine(e)}`);
    }
  }
  return result;
}

export interface MailDeliveryLoop {
  /** Stops the timer and waits for a round in progress to finish. */
  stop(): Promise<void>;
}

/**
 * Calls `deliverPendingMail` every `intervalMs` (rounds never overlap). The timer is unref'd:
 * it does not keep the process alive on its own.
 */
export function startMailDelivery(platform: Pick<Platform, 'config' | 'db' | 'now'>, opts: { intervalMs?: number; limit?: number } = {}): MailDeliveryLoop {
  const intervalMs = opts.intervalMs ?? 15_000;
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = deliverPendingMail(platform, { limit: opts.limit })
        .catch(() => {}) // it reports its own failures; this only guards the timer chain
        .finally(schedule);
    }, intervalMs);
    timer.unref();
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      closeMailTransport(platform);
    },
  };
}
