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
