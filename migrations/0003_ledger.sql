CREATE TABLE "ledger_checkpoints" (
	"log_id" integer NOT NULL,
	"size" bigint NOT NULL,
	"root" "bytea" NOT NULL,
	"note" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"tsa_token" "bytea",
	CONSTRAINT "ledger_checkpoints_pkey" PRIMARY KEY("log_id","size"),
	CONSTRAINT "ledger_checkpoints_size_check" CHECK (size >= 0),
	CONSTRAINT "ledger_checkpoints_root_check" CHECK (octet_length(root) = 32)
);
--> statement-breakpoint
CREATE TABLE "ledger_entries" (
	"log_id" integer NOT NULL,
	"idx" bigint NOT NULL,
	"queue_id" bigint NOT NULL,
	"entry" "bytea" NOT NULL,
	"leaf_hash" "bytea" NOT NULL,
	"integrated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_entries_pkey" PRIMARY KEY("log_id","idx"),
	CONSTRAINT "ledger_entries_idx_check" CHECK (idx >= 0),
	CONSTRAINT "ledger_entries_entry_size_check" CHECK (octet_length(entry) <= 65535),
	CONSTRAINT "ledger_entries_leaf_hash_check" CHECK (octet_length(leaf_hash) = 32)
);
--> statement-breakpoint
CREATE TABLE "ledger_logs" (
	"id" serial PRIMARY KEY NOT NULL,
	"origin" text NOT NULL,
	"hash" text NOT NULL,
	"ed25519_vkey" text NOT NULL,
	"sm2_vkey" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_logs_hash_check" CHECK (hash in ('sha256', 'sm3')),
	CONSTRAINT "ledger_logs_origin_check" CHECK (origin ~ '^[^[:space:]+]+$')
);
--> statement-breakpoint
CREATE TABLE "ledger_queue" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"entry" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_queue_entry_size_check" CHECK (octet_length(entry) <= 65535)
);
--> statement-breakpoint
CREATE TABLE "ledger_state" (
	"log_id" integer PRIMARY KEY NOT NULL,
	"size" bigint NOT NULL,
	"compact_range" "bytea" NOT NULL,
	"root" "bytea" NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_state_size_check" CHECK (size >= 0),
	CONSTRAINT "ledger_state_root_check" CHECK (octet_length(root) = 32),
	CONSTRAINT "ledger_state_compact_range_check" CHECK (octet_length(compact_range) = 32 * bit_count(size::bit(64)))
);
--> statement-breakpoint
CREATE TABLE "ledger_strata" (
	"log_id" integer NOT NULL,
	"level" smallint NOT NULL,
	"idx" bigint NOT NULL,
	"width" smallint NOT NULL,
	"nodes" "bytea" NOT NULL,
	CONSTRAINT "ledger_strata_pkey" PRIMARY KEY("log_id","level","idx"),
	CONSTRAINT "ledger_strata_level_check" CHECK (level between 0 and 15),
	CONSTRAINT "ledger_strata_idx_check" CHECK (idx >= 0),
	CONSTRAINT "ledger_strata_width_check" CHECK (width between 1 and 16),
	CONSTRAINT "ledger_strata_nodes_check" CHECK (octet_length(nodes) = 960)
);
--> statement-breakpoint
ALTER TABLE "ledger_checkpoints" ADD CONSTRAINT "ledger_checkpoints_log_id_ledger_logs_id_fk" FOREIGN KEY ("log_id") REFERENCES "public"."ledger_logs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_state" ADD CONSTRAINT "ledger_state_log_id_ledger_logs_id_fk" FOREIGN KEY ("log_id") REFERENCES "public"."ledger_logs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_strata" ADD CONSTRAINT "ledger_strata_log_id_ledger_logs_id_fk" FOREIGN KEY ("log_id") REFERENCES "public"."ledger_logs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ledger_checkpoints_untimestamped_idx" ON "ledger_checkpoints" USING btree ("log_id","size") WHERE tsa_token is null;--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_entries_queue_id_key" ON "ledger_entries" USING btree ("queue_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_logs_origin_key" ON "ledger_logs" USING btree ("origin");