ALTER TABLE "deployments" ADD COLUMN "reporter_id" text;--> statement-breakpoint
ALTER TABLE "deployments" ADD CONSTRAINT "deployments_reporter_id_users_id_fk" FOREIGN KEY ("reporter_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Until now whoever reported at an endpoint first was the only one who could change it: they stay its reporter.
UPDATE "deployments" SET "reporter_id" = "created_by_id";
