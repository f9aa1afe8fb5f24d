import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { ORG_KINDS, STAFF_ROLES } from '../enums';

/**
 * Every table of the platform. Invariants live in the database too (CONVENTIONS rule 5):
 * named CHECK constraints mirror the enums the code uses.
 */

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

export { ORG_KINDS, STAFF_ROLES };

const inList = (column: string, values: readonly string[]) =>
  sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);

export const organisations = pgTable(
  'organisations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    kind: text('kind').notNull(),
    parentId: uuid('parent_id').references((): any => organisations.id),
    // GB/T 2260 administrative division code the organisation is competent for (310101 = 黄浦区).
    regionCode: text('region_code'),
    // Superseded division codes still found on old identifiers (310108 闸北 → 静安).
    regionAliases: text('region_aliases').array().notNull().default(sql`'{}'::text[]`),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('organisations_code_key').on(t.code),
    index('organisations_parent_idx').on(t.parentId),
    check('organisations_kind_check', inList('kind', ORG_KINDS)),
    check('organisations_region_code_check', sql`region_code is null or region_code ~ '^[0-9]{6}$'`),
    check('organisations_not_own_parent', sql`parent_id is null or parent_id <> id`),
  ],
);

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    login: text('login').notNull(),
    kind: text('kind').notNull(),
    displayName: text('display_name').notNull(),
    email: text('email'),
    passwordHash: text('password_hash').notNull(),
    totpSecretEnc: text('totp_secret_enc'),
    totpEnrolledAt: timestamp('totp_enrolled_at', { withTimezone: true }),
    // Last accepted TOTP time step: a code is never accepted twice (RFC 6238 §5.2).
    totpLastStep: bigint('totp_last_step', { mode: 'number' }).notNull().default(0),
    orgId: uuid('org_id').references(() => organisations.id),
    status: text('status').notNull().default('active'),
    locale: text('locale').notNull().default('zh-CN'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('users_login_key').on(t.login),
    index('users_org_idx').on(t.orgId),
    check('users_kind_check', inList('kind', ['applicant', 'staff', 'system'])),
    check('users_status_check', inList('status', ['active', 'disabled'])),
    check('users_locale_check', inList('locale', ['zh-CN', 'en'])),
    check('users_login_format', sql`login ~ '^[a-z0-9][a-z0-9._-]{2,63}$'`),
    check('users_staff_has_org', sql`kind = 'applicant' or org_id is not null`),
  ],
);

export const userRoles = pgTable(
  'user_roles',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    role: text('role').notNull(),
    grantedAt: createdAt(),
  },
  (t) => [primaryKey({ name: 'user_roles_pkey', columns: [t.userId, t.role] }), check('user_roles_role_check', inList('role', STAFF_ROLES))],
);

export const applicantProfiles = pgTable(
  'applicant_profiles',
  {
    userId: uuid('user_id')
      .primaryKey()
      .references(() => users.id),
    subjectType: text('subject_type').notNull(),
    actsAsAgent: boolean('acts_as_agent').notNull().default(false),
    name: text('name').notNull(),
    // 统一社会信用代码: public business registration data, stored in clear.
    uscc: text('uscc'),
    // 居民身份证号码: personal data, AES-256-GCM encrypted; the keyed hash finds duplicates.
    idNumberEnc: text('id_number_enc'),
    idNumberIndex: text('id_number_index'),
    idNumberMasked: text('id_number_masked'),
    legalRepresentative: text('legal_representative'),
    regionCode: text('region_code'),
    districtOrgId: uuid('district_org_id').references(() => organisations.id),
    address: text('address'),
    phoneEnc: text('phone_enc'),
    phoneMasked: text('phone_masked'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('applicant_profiles_uscc_key').on(t.uscc),
    uniqueIndex('applicant_profiles_id_number_key').on(t.idNumberIndex),
    index('applicant_profiles_district_idx').on(t.districtOrgId),
    check('applicant_profiles_subject_type_check', inList('subject_type', ['enterprise', 'individual'])),
    check(
      'applicant_profiles_identifier_present',
      sql`(subject_type = 'enterprise' and uscc is not null) or (subject_type = 'individual' and id_number_enc is not null)`,
    ),
  ],
);

/** 授权委托: an agent acts for a principal until the authorisation is revoked. */
export const representations = pgTable(
  'representations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    principalUserId: uuid('principal_user_id')
      .notNull()
      .references(() => users.id),
    agentUserId: uuid('agent_user_id')
      .notNull()
      .references(() => users.id),
    grantedAt: createdAt(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('representations_active_key').on(t.principalUserId, t.agentUserId).where(sql`revoked_at is null`),
    index('representations_agent_idx').on(t.agentUserId),
    check('representations_not_self', sql`principal_user_id <> agent_user_id`),
  ],
);

export const sessions = pgTable(
  'sessions',
  {
    // SHA-256 of the cookie value: a leaked table does not yield usable cookies.
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    stage: text('stage').notNull().default('full'),
    csrfToken: text('csrf_token').notNull(),
    pendingTotpSecretEnc: text('pending_totp_secret_enc'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('sessions_user_idx').on(t.userId), check('sessions_stage_check', inList('stage', ['full', 'totp_enrolment']))],
);

export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull(),
    tokenPrefix: text('token_prefix').notNull(),
    scopes: text('scopes').array().notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('api_tokens_hash_key').on(t.tokenHash), index('api_tokens_user_idx').on(t.userId)],
);

export const loginAttempts = pgTable(
  'login_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    login: text('login').notNull(),
    ip: text('ip').notNull(),
    success: boolean('success').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('login_attempts_login_idx').on(t.login, t.at), index('login_attempts_ip_idx').on(t.ip, t.at)],
);

/**
 * Insert-only (a trigger refuses UPDATE, DELETE and TRUNCATE; on PostgreSQL the app role is
 * granted SELECT and INSERT only — see the custom migration).
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorUserId: uuid('actor_user_id'),
    actorLogin: text('actor_login'),
    actorRoles: text('actor_roles').array().notNull().default(sql`'{}'::text[]`),
    actorOrgId: uuid('actor_org_id'),
    via: text('via').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    outcome: text('outcome').notNull(),
    details: jsonb('details').notNull().default(sql`'{}'::jsonb`),
    requestId: text('request_id'),
  },
  (t) => [
    index('audit_log_at_idx').on(t.at),
    index('audit_log_actor_idx').on(t.actorUserId, t.at),
    index('audit_log_target_idx').on(t.targetType, t.targetId),
    check('audit_log_outcome_check', inList('outcome', ['success', 'denied', 'failed'])),
    check('audit_log_via_check', inList('via', ['session', 'token', 'cli', 'system', 'anonymous'])),
  ],
);

/** One State Council holiday notice per year; the working-day calendar is built from these rows. */
export const calendarNotices = pgTable(
  'calendar_notices',
  {
    year: integer('year').primaryKey(),
    notice: jsonb('notice').notNull(),
    source: text('source').notNull(),
    importedAt: timestamp('imported_at', { withTimezone: true }).notNull().defaultNow(),
    importedBy: uuid('imported_by').references(() => users.id),
  },
  (t) => [check('calendar_notices_source_check', inList('source', ['shipped', 'import'])), check('calendar_notices_year_check', sql`year between 2000 and 2100`)],
);

/**
 * Mails, queued in the transaction of the change that causes them and delivered by
 * `deliverPendingMail` (src/platform/mail). `attempts` counts delivery attempts started; a row
 * still unsent after 10 stays here with its `last_error` for an operator to read.
 */
export const mailOutbox = pgTable(
  'mail_outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    to: text('to').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    createdAt: createdAt(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    // Not before this time: the retry back-off, and the lease of a process sending the row (null = due now).
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
  },
  (t) => [
    index('mail_outbox_pending_idx').on(t.id).where(sql`sent_at is null`),
    check('mail_outbox_attempts_check', sql`attempts >= 0`),
  ],
);

export const appMeta = pgTable('app_meta', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

// ---------------------------------------------------------------------------------------------
// Evidence ledger (数据存证, src/domains/ledger; design in docs/ledger.md). Entries, tiles and
// checkpoints are append-only: migration 0004_ledger_append_only adds triggers refusing every other change.

/** Raw bytes; PGlite answers Uint8Array, node-postgres Buffer: both come out as Buffer. */
const bytea = customType<{ data: Buffer; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength)),
});

export const LEDGER_HASHES = ['sha256', 'sm3'] as const;
/** Largest entry: tlog-tiles entry bundles prefix each entry with a uint16 length. */
export const LEDGER_MAX_ENTRY_BYTES = 65_535;

/** One Merkle log; its origin, hash and public keys are fixed when it is created. */
export const ledgerLogs = pgTable(
  'ledger_logs',
  {
    id: serial('id').primaryKey(),
    origin: text('origin').notNull(),
    hash: text('hash').notNull(),
    ed25519Vkey: text('ed25519_vkey').notNull(),
    sm2Vkey: text('sm2_vkey').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('ledger_logs_origin_key').on(t.origin),
    check('ledger_logs_hash_check', inList('hash', LEDGER_HASHES)),
    // c2sp.org/tlog-checkpoint: a schema-less URL without spaces or '+'.
    check('ledger_logs_origin_check', sql`origin ~ '^[^[:space:]+]+$'`),
  ],
);

/** The integrated tree: its size, right border (compact range, highest level first) and root. */
export const ledgerState = pgTable(
  'ledger_state',
  {
    logId: integer('log_id')
      .primaryKey()
      .references(() => ledgerLogs.id),
    size: bigint('size', { mode: 'number' }).notNull(),
    compactRange: bytea('compact_range').notNull(),
    root: bytea('root').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('ledger_state_size_check', sql`size >= 0`),
    check('ledger_state_root_check', sql`octet_length(root) = 32`),
    // One 32-byte hash per set bit of the size.
    check('ledger_state_compact_range_check', sql`octet_length(compact_range) = 32 * bit_count(size::bit(64))`),
  ],
);

/** Entries waiting for an index, inserted in the caller's transaction by `ledger.append`. */
export const ledgerQueue = pgTable(
  'ledger_queue',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    entry: bytea('entry').notNull(),
    createdAt: createdAt(),
  },
  (t) => [check('ledger_queue_entry_size_check', sql`octet_length(entry) <= 65535`)],
);

/** The log's leaves in order; `queue_id` tells a caller which index its append received. */
export const ledgerEntries = pgTable(
  'ledger_entries',
  {
    // No foreign key here: its per-row check (a key-share lock on the log row) costs a third of
    // the integrator's throughput, and log rows are never deleted (a trigger refuses it).
    logId: integer('log_id').notNull(),
    idx: bigint('idx', { mode: 'number' }).notNull(),
    queueId: bigint('queue_id', { mode: 'number' }).notNull(),
    entry: bytea('entry').notNull(),
    leafHash: bytea('leaf_hash').notNull(),
    integratedAt: timestamp('integrated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'ledger_entries_pkey', columns: [t.logId, t.idx] }),
    uniqueIndex('ledger_entries_queue_id_key').on(t.queueId),
    check('ledger_entries_idx_check', sql`idx >= 0`),
    check('ledger_entries_entry_size_check', sql`octet_length(entry) <= 65535`),
    check('ledger_entries_leaf_hash_check', sql`octet_length(leaf_hash) = 32`),
  ],
);

/**
 * The stored tree: every perfect-subtree node in groups of four levels. Row (level S, index M)
 * holds the 16 nodes 16M..16M+15 of tree level 4S and the 14 interior nodes above them (30 × 32
 * bytes, kept inline: no TOAST), so a proof is one query over ~log16(n) rows and a tlog-tile is
 * the first 16 hashes of at most 16 rows (layout: src/domains/ledger/tile-layout.ts). `width`
 * hashes of level 4S are present; a row of width 16 is complete and never changes.
 */
export const ledgerStrata = pgTable(
  'ledger_strata',
  {
    logId: integer('log_id')
      .notNull()
      .references(() => ledgerLogs.id),
    level: smallint('level').notNull(),
    idx: bigint('idx', { mode: 'number' }).notNull(),
    width: smallint('width').notNull(),
    nodes: bytea('nodes').notNull(),
  },
  (t) => [
    primaryKey({ name: 'ledger_strata_pkey', columns: [t.logId, t.level, t.idx] }),
    check('ledger_strata_level_check', sql`level between 0 and 15`),
    check('ledger_strata_idx_check', sql`idx >= 0`),
    check('ledger_strata_width_check', sql`width between 1 and 16`),
    check('ledger_strata_nodes_check', sql`octet_length(nodes) = 960`),
  ],
);

/**
 * Signed checkpoints (c2sp.org/tlog-checkpoint notes, Ed25519 + SM2), one per published size.
 * `tsa_token` is where the RFC 3161 time-stamping module stores the token over the note (the
 * only column that may change, once, from null).
 */
export const ledgerCheckpoints = pgTable(
  'ledger_checkpoints',
  {
    logId: integer('log_id')
      .notNull()
      .references(() => ledgerLogs.id),
    size: bigint('size', { mode: 'number' }).notNull(),
    root: bytea('root').notNull(),
    note: text('note').notNull(),
    createdAt: createdAt(),
    tsaToken: bytea('tsa_token'),
  },
  (t) => [
    primaryKey({ name: 'ledger_checkpoints_pkey', columns: [t.logId, t.size] }),
    index('ledger_checkpoints_untimestamped_idx').on(t.logId, t.size).where(sql`tsa_token is null`),
    check('ledger_checkpoints_size_check', sql`size >= 0`),
    check('ledger_checkpoints_root_check', sql`octet_length(root) = 32`),
  ],
);

// ---------------------------------------------------------------------------------------------
// Evidence (存证, src/domains/evidence; design in docs/evidence.md). One row per uploaded file:
// provenance is written (status 'receiving') before the first byte is read, then the digests,
// the RFC 3161 token and the ledger entry when the file is preserved.

export const EVIDENCE_STATUSES = ['receiving', 'preserved', 'failed'] as const;
export const EVIDENCE_METHODS = ['upload', 'web_capture', 'notarised_copy', 'device', 'issued'] as const;

export const evidence = pgTable(
  'evidence',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    status: text('status').notNull().default('receiving'),
    submitterUserId: uuid('submitter_user_id')
      .notNull()
      .references(() => users.id),
    submitterRole: text('submitter_role').notNull(),
    submitterOrgId: uuid('submitter_org_id').references(() => organisations.id),
    // 授权委托: the applicant an agent uploaded for (null when the submitter acts for himself or is staff).
    principalUserId: uuid('principal_user_id').references(() => users.id),
    method: text('method').notNull(),
    // Method-specific facts in clear (URL, capture log, notary office and certificate number,
    // device description); the ledger entry holds only their SHA-256 digests.
    provenance: jsonb('provenance').notNull().default(sql`'{}'::jsonb`),
    belongsTo: text('belongs_to').notNull().default('preservation'),
    // Generated case documents (文书) belong to their case; parties' evidence is linked in case_evidence.
    caseId: uuid('case_id').references((): any => cases.id),
    fileName: text('file_name').notNull(),
    declaredType: text('declared_type'),
    mediaType: text('media_type'),
    size: bigint('size', { mode: 'number' }),
    sha256: text('sha256'),
    sm3: text('sm3'),
    storageKey: text('storage_key'),
    // Server time at which provenance was recorded, before the file was read.
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
    uploadStartedAt: timestamp('upload_started_at', { withTimezone: true }),
    tsaToken: bytea('tsa_token'),
    tsaGenTime: timestamp('tsa_gen_time', { withTimezone: true }),
    tsaSerial: text('tsa_serial'),
    tsaName: text('tsa_name'),
    entry: bytea('entry'),
    ledgerQueueId: bigint('ledger_queue_id', { mode: 'number' }),
    ledgerIndex: bigint('ledger_index', { mode: 'number' }),
    preservedAt: timestamp('preserved_at', { withTimezone: true }),
    failureCode: text('failure_code'),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('evidence_submitter_idx').on(t.submitterUserId, t.createdAt),
    index('evidence_principal_idx').on(t.principalUserId, t.createdAt),
    index('evidence_submitter_org_idx').on(t.submitterOrgId, t.createdAt),
    index('evidence_case_idx').on(t.caseId),
    check('evidence_status_check', inList('status', EVIDENCE_STATUSES)),
    check('evidence_method_check', inList('method', EVIDENCE_METHODS)),
    check('evidence_belongs_to_check', sql`(belongs_to = 'preservation' and case_id is null) or (belongs_to = 'case' and case_id is not null)`),
    check('evidence_file_name_check', sql`char_length(file_name) between 1 and 255`),
    check('evidence_sha256_check', sql`sha256 is null or sha256 ~ '^[0-9a-f]{64}$'`),
    check('evidence_sm3_check', sql`sm3 is null or sm3 ~ '^[0-9a-f]{64}$'`),
    check('evidence_size_check', sql`size is null or size > 0`),
    check(
      'evidence_preserved_complete',
      sql`status <> 'preserved' or (sha256 is not null and sm3 is not null and size is not null and media_type is not null and storage_key is not null
          and tsa_token is not null and tsa_gen_time is not null and entry is not null and ledger_queue_id is not null and preserved_at is not null)`,
    ),
    check('evidence_failed_has_code', sql`status <> 'failed' or failure_code is not null`),
  ],
);

// ── cases (issue 4): one engine for every matter type ──

export const CASE_GRADES = ['simple', 'ordinary', 'major'] as const;
export const CLOCK_STATES = ['running', 'paused', 'met', 'missed', 'lapsed', 'cancelled'] as const;
export const CLOCK_UNITS = ['workingDay', 'calendarDay', 'month'] as const;
export const CLOCK_ALERTS = ['none', 'due_soon', 'overdue'] as const;

/** The case projection: rebuilt from `case_events` if need be (CONVENTIONS rule 2). */
export const cases = pgTable(
  'cases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    // ZB-2026-000123: the year of receipt and a number from a sequence, never reused.
    number: text('number').notNull(),
    matterType: text('matter_type').notNull(),
    status: text('status').notNull(),
    version: integer('version').notNull().default(1),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id),
    // The applicant the matter is for (the principal when an agent files it).
    requesterUserId: uuid('requester_user_id')
      .notNull()
      .references(() => users.id),
    submittedByUserId: uuid('submitted_by_user_id')
      .notNull()
      .references(() => users.id),
    submitRequestId: text('submit_request_id').notNull(),
    // The respondent's account, when one exists (matched by 统一社会信用代码) or is linked later.
    respondentUserId: uuid('respondent_user_id').references(() => users.id),
    respondentUscc: text('respondent_uscc'),
    title: text('title').notNull(),
    subjectRef: text('subject_ref'),
    grade: text('grade').notNull().default('ordinary'),
    fastTrack: boolean('fast_track').notNull().default(false),
    form: jsonb('form').notNull(),
    facts: jsonb('facts').notNull().default(sql`'{}'::jsonb`),
    // Names, numbers and bigrams of Chinese text, for the work-queue search (see cases.search.ts).
    searchText: text('search_text').notNull(),
    receivedOn: date('received_on', { mode: 'string' }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('cases_number_key').on(t.number),
    uniqueIndex('cases_submit_request_key').on(t.submittedByUserId, t.submitRequestId),
    index('cases_org_status_idx').on(t.orgId, t.status),
    index('cases_requester_idx').on(t.requesterUserId, t.createdAt),
    index('cases_respondent_idx').on(t.respondentUserId, t.createdAt),
    index('cases_respondent_uscc_idx').on(t.respondentUscc),
    index('cases_subject_idx').on(t.subjectRef),
    index('cases_search_idx').using('gin', sql`to_tsvector('simple', ${t.searchText})`),
    check('cases_number_format', sql`number ~ '^ZB-[0-9]{4}-[0-9]{6,}$'`),
    check('cases_grade_check', inList('grade', CASE_GRADES)),
    check('cases_request_id_length', sql`char_length(submit_request_id) between 1 and 100`),
  ],
);

export const caseAssignees = pgTable(
  'case_assignees',
  {
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    role: text('role').notNull(),
    assignedAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'case_assignees_pkey', columns: [t.caseId, t.userId] }),
    index('case_assignees_user_idx').on(t.userId),
    check('case_assignees_role_check', inList('role', ['handler', 'technical_investigator'])),
  ],
);

/** The append-only history of a case: one row per action, in the action's transaction. */
export const caseEvents = pgTable(
  'case_events',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    seq: integer('seq').notNull(),
    action: text('action').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    actorUserId: uuid('actor_user_id').references(() => users.id),
    actorRole: text('actor_role').notNull(),
    actorOrgId: uuid('actor_org_id').references(() => organisations.id),
    payload: jsonb('payload').notNull(),
    requestId: text('request_id').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    ledgerQueueId: bigint('ledger_queue_id', { mode: 'number' }).notNull(),
  },
  (t) => [
    uniqueIndex('case_events_seq_key').on(t.caseId, t.seq),
    uniqueIndex('case_events_request_key').on(t.caseId, t.requestId),
    check('case_events_request_id_length', sql`char_length(request_id) between 1 and 100`),
  ],
);

/** Statutory clocks of a case; a restarted clock is a new row, the old one stays in the history. */
export const caseClocks = pgTable(
  'case_clocks',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    name: text('name').notNull(),
    state: text('state').notNull(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    unit: text('unit').notNull(),
    length: integer('length').notNull(),
    // The rule the clock was started under (its source and wording), kept as it was then.
    rule: jsonb('rule').notNull(),
    provisional: boolean('provisional').notNull().default(false),
    pausedOn: date('paused_on', { mode: 'string' }),
    extensions: integer('extensions').notNull().default(0),
    // What moved the due date after it was computed — approved extensions and the days a pause
    // stood still (in the clock's own kind of day) — so that it can be computed again once a
    // provisional date's year has its holiday notice.
    extendedBy: jsonb('extended_by').notNull().default(sql`'[]'::jsonb`),
    stoodStill: integer('stood_still').notNull().default(0),
    endedOn: date('ended_on', { mode: 'string' }),
    alert: text('alert').notNull().default('none'),
    createdAt: createdAt(),
  },
  (t) => [
    index('case_clocks_case_idx').on(t.caseId),
    index('case_clocks_open_idx').on(t.state, t.dueDate),
    check('case_clocks_state_check', inList('state', CLOCK_STATES)),
    check('case_clocks_unit_check', inList('unit', CLOCK_UNITS)),
    check('case_clocks_alert_check', inList('alert', CLOCK_ALERTS)),
    check('case_clocks_dates', sql`due_date >= start_date`),
  ],
);

/** Evidence a party put before the case (the evidence row itself never changes). */
export const caseEvidence = pgTable(
  'case_evidence',
  {
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    evidenceId: uuid('evidence_id')
      .notNull()
      .references(() => evidence.id),
    addedByUserId: uuid('added_by_user_id')
      .notNull()
      .references(() => users.id),
    party: text('party').notNull(),
    eventId: uuid('event_id').notNull(),
    addedAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'case_evidence_pkey', columns: [t.caseId, t.evidenceId] }),
    check('case_evidence_party_check', inList('party', ['requester', 'respondent', 'office'])),
  ],
);

/** Official documents (文书) a case issued; the PDF is preserved evidence belonging to the case. */
export const caseDocuments = pgTable(
  'case_documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    eventId: uuid('event_id').notNull(),
    kind: text('kind').notNull(),
    number: text('number').notNull(),
    evidenceId: uuid('evidence_id')
      .notNull()
      .references(() => evidence.id),
    createdAt: createdAt(),
  },
  (t) => [index('case_documents_case_idx').on(t.caseId), uniqueIndex('case_documents_number_key').on(t.number)],
);

/** Administrator-edited wording of an official document; absent = the shipped default. */
export const documentTemplates = pgTable('document_templates', {
  kind: text('kind').primaryKey(),
  body: text('body').notNull(),
  version: integer('version').notNull().default(1),
  updatedByUserId: uuid('updated_by_user_id').references(() => users.id),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** In-app notifications (the e-mail copy goes through mail_outbox in the same transaction). */
export const notifications = pgTable(
  'notifications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    caseId: uuid('case_id').references(() => cases.id),
    kind: text('kind').notNull(),
    titleZh: text('title_zh').notNull(),
    titleEn: text('title_en').notNull(),
    bodyZh: text('body_zh').notNull(),
    bodyEn: text('body_en').notNull(),
    dueDate: date('due_date', { mode: 'string' }),
    readAt: timestamp('read_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('notifications_user_idx').on(t.userId, t.createdAt)],
);

/**
 * Which organisation handles a new matter (一窗口 routing), as data an administrator can change:
 * the lowest `priority` whose conditions all match wins. `target` `district_of_region` sends it
 * to the district office competent for the region (of the respondent or of the infringement).
 */
export const routingRules = pgTable(
  'routing_rules',
  {
    id: serial('id').primaryKey(),
    matterType: text('matter_type').notNull(),
    priority: integer('priority').notNull(),
    regionCode: text('region_code'),
    industry: text('industry'),
    grade: text('grade'),
    target: text('target').notNull(),
    orgId: uuid('org_id').references(() => organisations.id),
    note: text('note'),
  },
  (t) => [
    index('routing_rules_matter_idx').on(t.matterType, t.priority),
    check('routing_rules_target_check', sql`(target = 'org' and org_id is not null) or (target = 'district_of_region' and org_id is null)`),
  ],
);
