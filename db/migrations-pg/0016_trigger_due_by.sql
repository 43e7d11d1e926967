ALTER TABLE "review_triggers" ADD COLUMN "due_by" text;--> statement-breakpoint
-- Triggers raised before the policy setting were due 30 days after they were raised (the constant then in force).
UPDATE "review_triggers" SET "due_by" = to_char(CAST(substr("created_at", 1, 10) AS date) + 30, 'YYYY-MM-DD');
