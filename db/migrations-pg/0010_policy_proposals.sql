CREATE TABLE "policy_proposals" (
	"id" text PRIMARY KEY NOT NULL,
	"risk_tier" text NOT NULL,
	"target_stage" text NOT NULL,
	"base_version" integer NOT NULL,
	"rules" jsonb NOT NULL,
	"reason" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"proposed_by_id" text NOT NULL,
	"created_at" text NOT NULL,
	"decided_by_id" text,
	"decided_at" text,
	"decision_comment" text,
	"policy_id" text
);
--> statement-breakpoint
ALTER TABLE "policy_proposals" ADD CONSTRAINT "policy_proposals_proposed_by_id_users_id_fk" FOREIGN KEY ("proposed_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_proposals" ADD CONSTRAINT "policy_proposals_decided_by_id_users_id_fk" FOREIGN KEY ("decided_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_proposals" ADD CONSTRAINT "policy_proposals_policy_id_promotion_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."promotion_policies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "policy_proposals_open_uq" ON "policy_proposals" USING btree ("risk_tier","target_stage") WHERE "policy_proposals"."status" = 'open';--> statement-breakpoint
CREATE INDEX "policy_proposals_policy_idx" ON "policy_proposals" USING btree ("policy_id");