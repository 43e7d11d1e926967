CREATE TABLE "waiver_proposals" (
	"id" text PRIMARY KEY NOT NULL,
	"finding_id" text NOT NULL,
	"justification" text NOT NULL,
	"compensating_controls" text NOT NULL,
	"expires_on" text NOT NULL,
	"proposed_by_id" text NOT NULL,
	"printed_name" text NOT NULL,
	"role" text NOT NULL,
	"meaning" text NOT NULL,
	"signed_at" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"decided_by_id" text,
	"decided_at" text,
	"decision_reason" text,
	"waiver_id" text
);
--> statement-breakpoint
ALTER TABLE "waiver_proposals" ADD CONSTRAINT "waiver_proposals_finding_id_findings_id_fk" FOREIGN KEY ("finding_id") REFERENCES "public"."findings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waiver_proposals" ADD CONSTRAINT "waiver_proposals_proposed_by_id_users_id_fk" FOREIGN KEY ("proposed_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waiver_proposals" ADD CONSTRAINT "waiver_proposals_decided_by_id_users_id_fk" FOREIGN KEY ("decided_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waiver_proposals" ADD CONSTRAINT "waiver_proposals_waiver_id_finding_waivers_id_fk" FOREIGN KEY ("waiver_id") REFERENCES "public"."finding_waivers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "waiver_proposals_open_uq" ON "waiver_proposals" USING btree ("finding_id") WHERE "waiver_proposals"."status" = 'open';--> statement-breakpoint
CREATE INDEX "waiver_proposals_finding_idx" ON "waiver_proposals" USING btree ("finding_id");--> statement-breakpoint
-- The proposer's signed terms are never rewritten; only the decision (status, decider, reason, waiver) is written later.
CREATE TRIGGER waiver_proposals_terms_fixed
BEFORE UPDATE OF finding_id, justification, compensating_controls, expires_on, proposed_by_id, printed_name, role, meaning, signed_at ON waiver_proposals
FOR EACH ROW EXECUTE FUNCTION append_only_refuse('a proposal''s signed terms are immutable');
--> statement-breakpoint
CREATE TRIGGER waiver_proposals_no_delete BEFORE DELETE ON waiver_proposals
FOR EACH ROW EXECUTE FUNCTION append_only_refuse('proposals to accept a risk are never deleted');
--> statement-breakpoint
CREATE TRIGGER waiver_proposals_no_truncate BEFORE TRUNCATE ON waiver_proposals
FOR EACH STATEMENT EXECUTE FUNCTION append_only_refuse('proposals to accept a risk are never deleted');
