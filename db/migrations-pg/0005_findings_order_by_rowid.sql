-- The findings list on PostgreSQL, as fast as on SQLite at 100,000 findings (bench/findings-list.ts). SQLite's indexes
-- all end in the rowid implicitly, and its rowid is the table's key; PostgreSQL's rowid (0002) had neither. The list
-- takes a page's rowids from its index ranges merged in (due_date, rowid) order, then reads those rows by rowid: that
-- was a sort of each range and a scan of the whole table. The list indexes now end in rowid (drizzle-kit's part
-- below, from db/schema-pg/findings.ts), and rowid has a unique index of its own (the last statement, kept out of the
-- drizzle schema with the column).
DROP INDEX "findings_status_due_idx";--> statement-breakpoint
DROP INDEX "findings_severity_idx";--> statement-breakpoint
DROP INDEX "findings_owner_idx";--> statement-breakpoint
DROP INDEX "findings_created_idx";--> statement-breakpoint
DROP INDEX "findings_type_idx";--> statement-breakpoint
CREATE INDEX "findings_status_due_idx" ON "findings" USING btree ("status","due_date",rowid);--> statement-breakpoint
CREATE INDEX "findings_severity_idx" ON "findings" USING btree ("severity","status","due_date",rowid);--> statement-breakpoint
CREATE INDEX "findings_owner_idx" ON "findings" USING btree ("owner_id","status","due_date",rowid);--> statement-breakpoint
CREATE INDEX "findings_created_idx" ON "findings" USING btree ("created_at",rowid);--> statement-breakpoint
CREATE INDEX "findings_type_idx" ON "findings" USING btree ("type","status","due_date",rowid);--> statement-breakpoint
CREATE UNIQUE INDEX "findings_rowid_key" ON "findings" USING btree (rowid);
