CREATE TABLE `role_grants` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`role` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`reason` text DEFAULT 'given' NOT NULL,
	`granted_by_id` text NOT NULL,
	`created_at` text NOT NULL,
	`decided_by_id` text,
	`decided_at` text,
	`decision_comment` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`granted_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `role_grants_pending_uq` ON `role_grants` (`user_id`,`role`) WHERE "role_grants"."status" = 'pending';--> statement-breakpoint
CREATE INDEX `role_grants_status_idx` ON `role_grants` (`status`);