CREATE TABLE `user_emails` (
	`email` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`since` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `user_emails_user` ON `user_emails` (`user_id`);--> statement-breakpoint
-- Every account holds its current address from the day it was made.
INSERT INTO `user_emails` (`email`, `user_id`, `since`) SELECT `email`, `id`, `created_at` FROM `users`;
--> statement-breakpoint
-- An address names one person for good: its row is never rewritten or removed.
CREATE TRIGGER user_emails_no_update BEFORE UPDATE ON user_emails
BEGIN SELECT RAISE(ABORT, 'an address stays with the person who held it'); END;
--> statement-breakpoint
CREATE TRIGGER user_emails_no_delete BEFORE DELETE ON user_emails
BEGIN SELECT RAISE(ABORT, 'an address stays with the person who held it'); END;
