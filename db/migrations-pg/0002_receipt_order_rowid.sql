-- SQLite's implicit rowid, made explicit on the tables whose queries order by receipt: rows received in the same
-- millisecond keep the order they arrived in (ORDER BY created_at, rowid). Kept out of the drizzle schema on purpose,
-- so a row reads back with the same fields on both databases; db/postgres.test.ts checks the columns are here.
ALTER TABLE "evaluations" ADD COLUMN "rowid" bigint GENERATED ALWAYS AS IDENTITY NOT NULL;
--> statement-breakpoint
ALTER TABLE "evaluation_metrics" ADD COLUMN "rowid" bigint GENERATED ALWAYS AS IDENTITY NOT NULL;
--> statement-breakpoint
ALTER TABLE "evidence_packs" ADD COLUMN "rowid" bigint GENERATED ALWAYS AS IDENTITY NOT NULL;
--> statement-breakpoint
ALTER TABLE "findings" ADD COLUMN "rowid" bigint GENERATED ALWAYS AS IDENTITY NOT NULL;
--> statement-breakpoint
ALTER TABLE "model_signatures" ADD COLUMN "rowid" bigint GENERATED ALWAYS AS IDENTITY NOT NULL;
--> statement-breakpoint
ALTER TABLE "monitoring_points" ADD COLUMN "rowid" bigint GENERATED ALWAYS AS IDENTITY NOT NULL;
