CREATE TABLE `waiver_proposals` (
	`id` text PRIMARY KEY NOT NULL,
	`finding_id` text NOT NULL,
	`justification` text NOT NULL,
	`compensating_controls` text NOT NULL,
	`expires_on` text NOT NULL,
	`proposed_by_id` text NOT NULL,
	`printed_name` text NOT NULL,
	`role` text NOT NULL,
	`meaning` text NOT NULL,
	`signed_at` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`decided_by_id` text,
	`decided_at` text,
	`decision_reason` text,
	`waiver_id` text,
	FOREIGN KEY (`finding_id`) REFERENCES `findings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`proposed_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`waiver_id`) REFERENCES `finding_waivers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `waiver_proposals_open_uq` ON `waiver_proposals` (`finding_id`) WHERE "waiver_proposals"."status" = 'open';--> statement-breakpoint
CREATE INDEX `waiver_proposals_finding_idx` ON `waiver_proposals` (`finding_id`);--> statement-breakpoint
-- The proposer's signed terms are never rewritten; only the decision (status, decider, reason, waiver) is written later.
CREATE TRIGGER waiver_proposals_terms_fixed BEFORE UPDATE OF finding_id, justification, compensating_controls, expires_on, proposed_by_id, printed_name, role, meaning, signed_at ON waiver_proposals
BEGIN SELECT RAISE(ABORT, 'a proposal''s signed terms are immutable'); END;
--> statement-breakpoint
CREATE TRIGGER waiver_proposals_no_delete BEFORE DELETE ON waiver_proposals
BEGIN SELECT RAISE(ABORT, 'proposals to accept a risk are never deleted'); END;
