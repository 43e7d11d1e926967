ALTER TABLE "ai_systems" ADD COLUMN "tier_confirmed_by_id" text;--> statement-breakpoint
ALTER TABLE "ai_systems" ADD COLUMN "tier_confirmed_at" text;--> statement-breakpoint
ALTER TABLE "ai_systems" ADD COLUMN "tier_assessed_at" text;--> statement-breakpoint
ALTER TABLE "ai_systems" ADD CONSTRAINT "ai_systems_tier_confirmed_by_id_users_id_fk" FOREIGN KEY ("tier_confirmed_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;