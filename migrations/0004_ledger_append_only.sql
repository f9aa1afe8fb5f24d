-- The evidence ledger (数据存证) is append-only. Triggers enforce it on every engine (PGlite
-- included): entries and logs never change; strata of the stored tree only grow (a full one
-- never changes and the hashes already in a partial one stay); the integrated size never goes
-- back; a checkpoint may only receive its RFC 3161 token, once. On PostgreSQL the application
-- role additionally holds no UPDATE or DELETE on entries and logs.
CREATE OR REPLACE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = '42501';
END
$$;
--> statement-breakpoint
CREATE TRIGGER ledger_entries_no_update_delete BEFORE UPDATE OR DELETE ON ledger_entries
  FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
--> statement-breakpoint
CREATE TRIGGER ledger_logs_no_update_delete BEFORE UPDATE OR DELETE ON ledger_logs
  FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
--> statement-breakpoint
CREATE TRIGGER ledger_strata_no_delete BEFORE DELETE ON ledger_strata
  FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
--> statement-breakpoint
CREATE TRIGGER ledger_state_no_delete BEFORE DELETE ON ledger_state
  FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
--> statement-breakpoint
CREATE TRIGGER ledger_checkpoints_no_delete BEFORE DELETE ON ledger_checkpoints
  FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
--> statement-breakpoint
-- Acknowledged entries keep their bytes until integrated (then the integrator deletes the row).
CREATE TRIGGER ledger_queue_no_update BEFORE UPDATE ON ledger_queue
  FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
--> statement-breakpoint
CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
--> statement-breakpoint
CREATE TRIGGER ledger_strata_no_truncate BEFORE TRUNCATE ON ledger_strata
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
--> statement-breakpoint
CREATE TRIGGER ledger_checkpoints_no_truncate BEFORE TRUNCATE ON ledger_checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
--> statement-breakpoint
CREATE TRIGGER ledger_state_no_truncate BEFORE TRUNCATE ON ledger_state
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ledger_strata_only_grow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.log_id = OLD.log_id AND NEW.level = OLD.level AND NEW.idx = OLD.idx
     AND OLD.width < 16 AND NEW.width > OLD.width
     AND substring(NEW.nodes from 1 for OLD.width * 32) = substring(OLD.nodes from 1 for OLD.width * 32) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'ledger_strata only grow (stratum %/% of width % refused)', OLD.level, OLD.idx, OLD.width USING ERRCODE = '42501';
END
$$;
--> statement-breakpoint
CREATE TRIGGER ledger_strata_only_grow BEFORE UPDATE ON ledger_strata
  FOR EACH ROW EXECUTE FUNCTION ledger_strata_only_grow();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ledger_state_only_grow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.log_id = OLD.log_id AND NEW.size >= OLD.size THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'ledger_state never shrinks (size % to % refused)', OLD.size, NEW.size USING ERRCODE = '42501';
END
$$;
--> statement-breakpoint
CREATE TRIGGER ledger_state_only_grow BEFORE UPDATE ON ledger_state
  FOR EACH ROW EXECUTE FUNCTION ledger_state_only_grow();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ledger_checkpoints_timestamp_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.tsa_token IS NULL AND NEW.tsa_token IS NOT NULL
     AND NEW.log_id = OLD.log_id AND NEW.size = OLD.size AND NEW.root = OLD.root
     AND NEW.note = OLD.note AND NEW.created_at = OLD.created_at THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'ledger_checkpoints: only a missing tsa_token may be set (checkpoint % refused)', OLD.size USING ERRCODE = '42501';
END
$$;
--> statement-breakpoint
CREATE TRIGGER ledger_checkpoints_timestamp_once BEFORE UPDATE ON ledger_checkpoints
  FOR EACH ROW EXECUTE FUNCTION ledger_checkpoints_timestamp_once();
--> statement-breakpoint
REVOKE UPDATE, DELETE, TRUNCATE ON ledger_entries, ledger_logs FROM zhibao_app;
