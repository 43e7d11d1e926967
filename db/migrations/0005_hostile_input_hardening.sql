CREATE TABLE `user_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`ended_at` text,
	`ended_reason` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `user_sessions_user_idx` ON `user_sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `idempotency_keys` (
	`caller_key` text NOT NULL,
	`key` text NOT NULL,
	`method` text NOT NULL,
	`path` text NOT NULL,
	`request_sha256` text NOT NULL,
	`status` integer NOT NULL,
	`response_body` text NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`caller_key`, `key`)
);
--> statement-breakpoint
ALTER TABLE `evaluation_metrics` ADD `metric_type` text;--> statement-breakpoint
ALTER TABLE `evaluation_metrics` ADD `unit` text;--> statement-breakpoint
ALTER TABLE `evaluation_metrics` ADD `verified` integer;--> statement-breakpoint
ALTER TABLE `evaluations` ADD `status` text DEFAULT 'active' NOT NULL;--> statement-breakpoint
ALTER TABLE `evaluations` ADD `status_reason` text;--> statement-breakpoint
ALTER TABLE `evaluations` ADD `status_changed_at` text;--> statement-breakpoint
ALTER TABLE `evaluations` ADD `status_changed_by_id` text REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `evaluations` ADD `superseded_by_id` text;--> statement-breakpoint
ALTER TABLE `promotion_requests` ADD `from_stage` text;--> statement-breakpoint
UPDATE `promotion_requests` SET `from_stage` = (SELECT `stage` FROM `model_versions` WHERE `model_versions`.`id` = `promotion_requests`.`model_version_id`) WHERE `status` = 'open' AND EXISTS (SELECT 1 FROM `model_versions` v WHERE v.`id` = `promotion_requests`.`model_version_id` AND (v.`stage` = 'development' OR (v.`stage` = 'staging' AND `promotion_requests`.`target_stage` = 'production') OR (v.`stage` = 'archived' AND `promotion_requests`.`expedited_rollback` = 1)));
