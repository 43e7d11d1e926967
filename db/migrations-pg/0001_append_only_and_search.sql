-- Evidence tables are append-only, as on SQLite (db/migrations 0001, 0006, 0007): the same trigger names and messages.
-- One function raises the message its trigger passes, so every refusal reads exactly as SQLite's does.
CREATE FUNCTION append_only_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '%', TG_ARGV[0];
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
FOR EACH ROW EXECUTE FUNCTION append_only_refuse('audit_events is append-only');
--> statement-breakpoint
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
FOR EACH ROW EXECUTE FUNCTION append_only_refuse('audit_events is append-only');
--> statement-breakpoint
CREATE TRIGGER signatures_no_update BEFORE UPDATE ON signatures
FOR EACH ROW EXECUTE FUNCTION append_only_refuse('signatures are immutable');
--> statement-breakpoint
CREATE TRIGGER signatures_no_delete BEFORE DELETE ON signatures
FOR EACH ROW EXECUTE FUNCTION append_only_refuse('signatures are immutable');
--> statement-breakpoint
CREATE TRIGGER promotion_snapshots_no_update BEFORE UPDATE ON promotion_snapshots
FOR EACH ROW EXECUTE FUNCTION append_only_refuse('promotion snapshots are immutable');
--> statement-breakpoint
CREATE TRIGGER promotion_snapshots_no_delete BEFORE DELETE ON promotion_snapshots
FOR EACH ROW EXECUTE FUNCTION append_only_refuse('promotion snapshots are immutable');
--> statement-breakpoint
CREATE TRIGGER reviews_no_update BEFORE UPDATE ON reviews
FOR EACH ROW EXECUTE FUNCTION append_only_refuse('reviews are immutable');
--> statement-breakpoint
CREATE TRIGGER reviews_no_delete BEFORE DELETE ON reviews
FOR EACH ROW EXECUTE FUNCTION append_only_refuse('reviews are immutable');
--> statement-breakpoint
CREATE TRIGGER incident_actions_no_update BEFORE UPDATE ON incident_actions
FOR EACH ROW EXECUTE FUNCTION append_only_refuse('incident_actions is append-only');
--> statement-breakpoint
CREATE TRIGGER incident_actions_no_delete BEFORE DELETE ON incident_actions
FOR EACH ROW EXECUTE FUNCTION append_only_refuse('incident_actions is append-only');
--> statement-breakpoint
-- Like SQLite's UPDATE OF: any update that names a signed column is refused; ended_at and ended_reason stay writable.
CREATE TRIGGER finding_waivers_terms_fixed
BEFORE UPDATE OF finding_id, justification, compensating_controls, expires_at, signer_id, printed_name, role, meaning, signed_at ON finding_waivers
FOR EACH ROW EXECUTE FUNCTION append_only_refuse('a waiver''s signed terms are immutable');
--> statement-breakpoint
CREATE TRIGGER finding_waivers_no_delete BEFORE DELETE ON finding_waivers
FOR EACH ROW EXECUTE FUNCTION append_only_refuse('waivers are never deleted');
--> statement-breakpoint
CREATE TRIGGER trust_configs_no_update BEFORE UPDATE ON trust_configs
FOR EACH ROW EXECUTE FUNCTION append_only_refuse('trust configurations are immutable');
--> statement-breakpoint
CREATE TRIGGER trust_configs_no_delete BEFORE DELETE ON trust_configs
FOR EACH ROW EXECUTE FUNCTION append_only_refuse('trust configurations are immutable');
--> statement-breakpoint
CREATE TRIGGER model_signatures_no_update BEFORE UPDATE ON model_signatures
FOR EACH ROW EXECUTE FUNCTION append_only_refuse('model signatures are immutable');
--> statement-breakpoint
CREATE TRIGGER model_signatures_no_delete BEFORE DELETE ON model_signatures
FOR EACH ROW EXECUTE FUNCTION append_only_refuse('model signatures are immutable');
--> statement-breakpoint
-- The one update allowed sets retired_at on a key that has none and changes nothing else.
CREATE TRIGGER signing_keys_only_retire BEFORE UPDATE ON signing_keys
FOR EACH ROW
WHEN (NEW.key_id IS DISTINCT FROM OLD.key_id OR NEW.public_key_pem IS DISTINCT FROM OLD.public_key_pem
  OR NEW.created_at IS DISTINCT FROM OLD.created_at OR OLD.retired_at IS NOT NULL)
EXECUTE FUNCTION append_only_refuse('a signing key can only be retired, once');
--> statement-breakpoint
CREATE TRIGGER signing_keys_no_delete BEFORE DELETE ON signing_keys
FOR EACH ROW EXECUTE FUNCTION append_only_refuse('signing keys are never deleted');
--> statement-breakpoint
-- PostgreSQL can also empty a table with TRUNCATE, which fires no row trigger: refuse it with the delete message.
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
FOR EACH STATEMENT EXECUTE FUNCTION append_only_refuse('audit_events is append-only');
--> statement-breakpoint
CREATE TRIGGER signatures_no_truncate BEFORE TRUNCATE ON signatures
FOR EACH STATEMENT EXECUTE FUNCTION append_only_refuse('signatures are immutable');
--> statement-breakpoint
CREATE TRIGGER promotion_snapshots_no_truncate BEFORE TRUNCATE ON promotion_snapshots
FOR EACH STATEMENT EXECUTE FUNCTION append_only_refuse('promotion snapshots are immutable');
--> statement-breakpoint
CREATE TRIGGER reviews_no_truncate BEFORE TRUNCATE ON reviews
FOR EACH STATEMENT EXECUTE FUNCTION append_only_refuse('reviews are immutable');
--> statement-breakpoint
CREATE TRIGGER incident_actions_no_truncate BEFORE TRUNCATE ON incident_actions
FOR EACH STATEMENT EXECUTE FUNCTION append_only_refuse('incident_actions is append-only');
--> statement-breakpoint
CREATE TRIGGER finding_waivers_no_truncate BEFORE TRUNCATE ON finding_waivers
FOR EACH STATEMENT EXECUTE FUNCTION append_only_refuse('waivers are never deleted');
--> statement-breakpoint
CREATE TRIGGER trust_configs_no_truncate BEFORE TRUNCATE ON trust_configs
FOR EACH STATEMENT EXECUTE FUNCTION append_only_refuse('trust configurations are immutable');
--> statement-breakpoint
CREATE TRIGGER model_signatures_no_truncate BEFORE TRUNCATE ON model_signatures
FOR EACH STATEMENT EXECUTE FUNCTION append_only_refuse('model signatures are immutable');
--> statement-breakpoint
CREATE TRIGGER signing_keys_no_truncate BEFORE TRUNCATE ON signing_keys
FOR EACH STATEMENT EXECUTE FUNCTION append_only_refuse('signing keys are never deleted');
--> statement-breakpoint
-- Substring search over the inventory, as SQLite's FTS5 trigram table (db/migrations 0003) does: with these,
-- `column ILIKE '%needle%'` on any of the four columns is answered from an index (needles of three characters or more).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE INDEX ai_systems_search_name_idx ON ai_systems USING gin (name gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX ai_systems_search_purpose_idx ON ai_systems USING gin (purpose gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX ai_systems_search_business_owner_idx ON ai_systems USING gin (business_owner gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX ai_systems_search_vendor_name_idx ON ai_systems USING gin (vendor_name gin_trgm_ops);
