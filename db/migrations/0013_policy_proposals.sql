CREATE TABLE `policy_proposals` (
	`id` text PRIMARY KEY NOT NULL,
	`risk_tier` text NOT NULL,
	`target_stage` text NOT NULL,
	`base_version` integer NOT NULL,
	`rules` text NOT NULL,
	`reason` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`proposed_by_id` text NOT NULL,
	`created_at` text NOT NULL,
	`decided_by_id` text,
	`decided_at` text,
	`decision_comment` text,
	`policy_id` text,
	FOREIGN KEY (`proposed_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`policy_id`) REFERENCES `promotion_policies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `policy_proposals_open_uq` ON `policy_proposals` (`risk_tier`,`target_stage`) WHERE "policy_proposals"."status" = 'open';--> statement-breakpoint
CREATE INDEX `policy_proposals_policy_idx` ON `policy_proposals` (`policy_id`);