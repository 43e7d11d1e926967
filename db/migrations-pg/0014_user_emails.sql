CREATE TABLE "user_emails" (
	"email" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"since" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "user_emails" ADD CONSTRAINT "user_emails_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "user_emails_user" ON "user_emails" USING btree ("user_id");--> statement-breakpoint
-- Every account holds its current address from the day it was made.
INSERT INTO "user_emails" ("email", "user_id", "since") SELECT "email", "id", "created_at" FROM "users";
--> statement-breakpoint
-- An address names one person for good: its row is never rewritten or removed.
CREATE TRIGGER user_emails_no_update BEFORE UPDATE ON user_emails
FOR EACH ROW EXECUTE FUNCTION append_only_refuse('an address stays with the person who held it');
--> statement-breakpoint
CREATE TRIGGER user_emails_no_delete BEFORE DELETE ON user_emails
FOR EACH ROW EXECUTE FUNCTION append_only_refuse('an address stays with the person who held it');
--> statement-breakpoint
CREATE TRIGGER user_emails_no_truncate BEFORE TRUNCATE ON user_emails
FOR EACH STATEMENT EXECUTE FUNCTION append_only_refuse('an address stays with the person who held it');
