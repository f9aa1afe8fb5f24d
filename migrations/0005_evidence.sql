CREATE TABLE "evidence" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"status" text DEFAULT 'receiving' NOT NULL,
	"submitter_user_id" uuid NOT NULL,
	"submitter_role" text NOT NULL,
	"submitter_org_id" uuid,
	"principal_user_id" uuid,
	"method" text NOT NULL,
	"provenance" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"belongs_to" text DEFAULT 'preservation' NOT NULL,
	"case_id" uuid,
	"file_name" text NOT NULL,
	"declared_type" text,
	"media_type" text,
	"size" bigint,
	"sha256" text,
	"sm3" text,
	"storage_key" text,
	"recorded_at" timestamp with time zone NOT NULL,
	"upload_started_at" timestamp with time zone,
	"tsa_token" "bytea",
	"tsa_gen_time" timestamp with time zone,
	"tsa_serial" text,
	"tsa_name" text,
	"entry" "bytea",
	"ledger_queue_id" bigint,
	"ledger_index" bigint,
	"preserved_at" timestamp with time zone,
	"failure_code" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "evidence_status_check" CHECK (status in ('receiving', 'preserved', 'failed')),
	CONSTRAINT "evidence_method_check" CHECK (method in ('upload', 'web_capture', 'notarised_copy', 'device')),
	CONSTRAINT "evidence_belongs_to_check" CHECK ((belongs_to = 'preservation' and case_id is null) or (belongs_to = 'case' and case_id is not null)),
	CONSTRAINT "evidence_file_name_check" CHECK (char_length(file_name) between 1 and 255),
	CONSTRAINT "evidence_sha256_check" CHECK (sha256 is null or sha256 ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "evidence_sm3_check" CHECK (sm3 is null or sm3 ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "evidence_size_check" CHECK (size is null or size > 0),
	CONSTRAINT "evidence_preserved_complete" CHECK (status <> 'preserved' or (sha256 is not null and sm3 is not null and size is not null and media_type is not null and storage_key is not null
          and tsa_token is not null and tsa_gen_time is not null and entry is not null and ledger_queue_id is not null and preserved_at is not null)),
	CONSTRAINT "evidence_failed_has_code" CHECK (status <> 'failed' or failure_code is not null)
);
--> statement-breakpoint
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_submitter_user_id_users_id_fk" FOREIGN KEY ("submitter_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_submitter_org_id_organisations_id_fk" FOREIGN KEY ("submitter_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_principal_user_id_users_id_fk" FOREIGN KEY ("principal_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "evidence_submitter_idx" ON "evidence" USING btree ("submitter_user_id","created_at");--> statement-breakpoint
CREATE INDEX "evidence_principal_idx" ON "evidence" USING btree ("principal_user_id","created_at");--> statement-breakpoint
CREATE INDEX "evidence_submitter_org_idx" ON "evidence" USING btree ("submitter_org_id","created_at");--> statement-breakpoint
CREATE INDEX "evidence_case_idx" ON "evidence" USING btree ("case_id");--> statement-breakpoint
-- A preserved file's facts are what its ledger entry and receipt prove: they never change
-- afterwards (only the ledger index may be filled in once, and a later case may claim it).
CREATE OR REPLACE FUNCTION evidence_preserved_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status = 'preserved' THEN
      RAISE EXCEPTION 'preserved evidence cannot be deleted (%)', OLD.id USING ERRCODE = '42501';
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.status = 'preserved' AND (
       (NEW.status, NEW.submitter_user_id, NEW.submitter_role, NEW.submitter_org_id, NEW.principal_user_id, NEW.method,
        NEW.provenance, NEW.file_name, NEW.media_type, NEW.size, NEW.sha256, NEW.sm3, NEW.storage_key, NEW.recorded_at,
        NEW.tsa_token, NEW.tsa_gen_time, NEW.entry, NEW.ledger_queue_id, NEW.preserved_at)
       IS DISTINCT FROM
       (OLD.status, OLD.submitter_user_id, OLD.submitter_role, OLD.submitter_org_id, OLD.principal_user_id, OLD.method,
        OLD.provenance, OLD.file_name, OLD.media_type, OLD.size, OLD.sha256, OLD.sm3, OLD.storage_key, OLD.recorded_at,
        OLD.tsa_token, OLD.tsa_gen_time, OLD.entry, OLD.ledger_queue_id, OLD.preserved_at)
       OR (OLD.ledger_index IS NOT NULL AND NEW.ledger_index IS DISTINCT FROM OLD.ledger_index)) THEN
    RAISE EXCEPTION 'preserved evidence % is fixed', OLD.id USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER evidence_preserved_fixed BEFORE UPDATE OR DELETE ON evidence
  FOR EACH ROW EXECUTE FUNCTION evidence_preserved_fixed();
