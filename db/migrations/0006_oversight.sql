CREATE TABLE `monitoring_batches` (
	`id` text PRIMARY KEY NOT NULL,
	`model_version_id` text NOT NULL,
	`deployment_id` text,
	`window_start` text NOT NULL,
	`window_end` text NOT NULL,
	`source` text NOT NULL,
	`producer` text DEFAULT '' NOT NULL,
	`point_count` integer NOT NULL,
	`body_sha256` text NOT NULL,
	`created_by_id` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`model_version_id`) REFERENCES `model_versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`deployment_id`) REFERENCES `deployments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `monitoring_batches_version_idx` ON `monitoring_batches` (`model_version_id`,`window_end`);--> statement-breakpoint
CREATE TABLE `monitoring_points` (
	`id` text PRIMARY KEY NOT NULL,
	`batch_id` text NOT NULL,
	`model_version_id` text NOT NULL,
	`metric` text NOT NULL,
	`feature` text,
	`window_end` text NOT NULL,
	`value` real,
	`value_source` text NOT NULL,
	`reported_value` real,
	`reported_drift` integer,
	`computed_psi` real,
	`computed_js` real,
	`histograms` text,
	FOREIGN KEY (`batch_id`) REFERENCES `monitoring_batches`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`model_version_id`) REFERENCES `model_versions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `monitoring_points_series_idx` ON `monitoring_points` (`model_version_id`,`metric`,`feature`,`window_end`);--> statement-breakpoint
CREATE INDEX `monitoring_points_batch_idx` ON `monitoring_points` (`batch_id`);--> statement-breakpoint
CREATE TABLE `finding_waivers` (
	`id` text PRIMARY KEY NOT NULL,
	`finding_id` text NOT NULL,
	`justification` text NOT NULL,
	`compensating_controls` text NOT NULL,
	`expires_at` text NOT NULL,
	`signer_id` text NOT NULL,
	`printed_name` text NOT NULL,
	`role` text NOT NULL,
	`meaning` text NOT NULL,
	`signed_at` text NOT NULL,
	`ended_at` text,
	`ended_reason` text,
	FOREIGN KEY (`finding_id`) REFERENCES `findings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`signer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `finding_waivers_finding_idx` ON `finding_waivers` (`finding_id`);--> statement-breakpoint
CREATE INDEX `finding_waivers_expiry_idx` ON `finding_waivers` (`ended_at`,`expires_at`);--> statement-breakpoint
CREATE TABLE `findings` (
	`id` text PRIMARY KEY NOT NULL,
	`number` integer NOT NULL,
	`type` text NOT NULL,
	`severity` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`remediation_plan` text DEFAULT '' NOT NULL,
	`subject_type` text NOT NULL,
	`subject_id` text NOT NULL,
	`system_id` text,
	`owner_id` text NOT NULL,
	`due_date` text NOT NULL,
	`source` text DEFAULT 'manual' NOT NULL,
	`dedupe_key` text,
	`occurrences` integer DEFAULT 1 NOT NULL,
	`last_seen_at` text NOT NULL,
	`raised_by_id` text,
	`closed_at` text,
	`closed_by_id` text,
	`closure_evidence` text,
	`closure_meaning` text,
	`closure_role` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`system_id`) REFERENCES `ai_systems`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`raised_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`closed_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `findings_number_unique` ON `findings` (`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `findings_active_dedupe_uq` ON `findings` (`dedupe_key`) WHERE "findings"."dedupe_key" IS NOT NULL AND "findings"."status" IN ('open', 'in_remediation', 'ready_for_validation', 'accepted');--> statement-breakpoint
CREATE INDEX `findings_status_due_idx` ON `findings` (`status`,`due_date`);--> statement-breakpoint
CREATE INDEX `findings_severity_idx` ON `findings` (`severity`,`status`,`due_date`);--> statement-breakpoint
CREATE INDEX `findings_subject_idx` ON `findings` (`subject_type`,`subject_id`,`status`,`severity`);--> statement-breakpoint
CREATE INDEX `findings_system_idx` ON `findings` (`system_id`,`status`);--> statement-breakpoint
CREATE INDEX `findings_owner_idx` ON `findings` (`owner_id`,`status`,`due_date`);--> statement-breakpoint
CREATE INDEX `findings_created_idx` ON `findings` (`created_at`);--> statement-breakpoint
CREATE INDEX `findings_type_idx` ON `findings` (`type`,`status`,`due_date`);--> statement-breakpoint
CREATE TABLE `review_triggers` (
	`id` text PRIMARY KEY NOT NULL,
	`system_id` text NOT NULL,
	`reason` text NOT NULL,
	`detail` text NOT NULL,
	`entity_type` text,
	`entity_id` text,
	`created_at` text NOT NULL,
	`resolved_by_review_id` text,
	FOREIGN KEY (`system_id`) REFERENCES `ai_systems`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `review_triggers_system_idx` ON `review_triggers` (`system_id`,`resolved_by_review_id`);--> statement-breakpoint
CREATE TABLE `reviews` (
	`id` text PRIMARY KEY NOT NULL,
	`system_id` text NOT NULL,
	`kind` text NOT NULL,
	`outcome` text NOT NULL,
	`conditions` text DEFAULT '' NOT NULL,
	`snapshot_sha256` text NOT NULL,
	`due_date` text,
	`next_review_date` text NOT NULL,
	`signer_id` text NOT NULL,
	`printed_name` text NOT NULL,
	`role` text NOT NULL,
	`meaning` text NOT NULL,
	`signed_at` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`system_id`) REFERENCES `ai_systems`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`signer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `reviews_system_idx` ON `reviews` (`system_id`,`signed_at`);--> statement-breakpoint
CREATE TABLE `incident_actions` (
	`id` text PRIMARY KEY NOT NULL,
	`incident_id` text NOT NULL,
	`at` text NOT NULL,
	`actor_id` text,
	`text` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `incident_actions_incident_idx` ON `incident_actions` (`incident_id`,`at`);--> statement-breakpoint
CREATE TABLE `incident_systems` (
	`incident_id` text NOT NULL,
	`system_id` text NOT NULL,
	PRIMARY KEY(`incident_id`, `system_id`),
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`system_id`) REFERENCES `ai_systems`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `incident_systems_system_idx` ON `incident_systems` (`system_id`);--> statement-breakpoint
CREATE TABLE `incidents` (
	`id` text PRIMARY KEY NOT NULL,
	`number` integer NOT NULL,
	`title` text NOT NULL,
	`description` text NOT NULL,
	`affected_people` text DEFAULT '' NOT NULL,
	`severity` text NOT NULL,
	`serious` integer NOT NULL,
	`category` text DEFAULT 'general' NOT NULL,
	`aware_at` text NOT NULL,
	`report_deadline` text,
	`reported_at` text,
	`authority_reference` text,
	`status` text DEFAULT 'open' NOT NULL,
	`owner_id` text NOT NULL,
	`created_by_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `incidents_number_unique` ON `incidents` (`number`);--> statement-breakpoint
CREATE INDEX `incidents_status_deadline_idx` ON `incidents` (`status`,`report_deadline`);--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`type` text NOT NULL,
	`title` text NOT NULL,
	`href` text NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` text NOT NULL,
	`created_at` text NOT NULL,
	`read_at` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `notifications_user_idx` ON `notifications` (`user_id`,`read_at`,`created_at`);--> statement-breakpoint
CREATE INDEX `notifications_user_recent_idx` ON `notifications` (`user_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `webhook_attempts` (
	`id` text PRIMARY KEY NOT NULL,
	`delivery_id` text NOT NULL,
	`attempt` integer NOT NULL,
	`at` text NOT NULL,
	`http_status` integer,
	`error` text,
	`duration_ms` integer NOT NULL,
	FOREIGN KEY (`delivery_id`) REFERENCES `webhook_deliveries`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `webhook_attempts_uq` ON `webhook_attempts` (`delivery_id`,`attempt`);--> statement-breakpoint
CREATE TABLE `webhook_deliveries` (
	`id` text PRIMARY KEY NOT NULL,
	`endpoint_id` text NOT NULL,
	`event_type` text NOT NULL,
	`payload` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text NOT NULL,
	`lease_until` text,
	`delivered_at` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`endpoint_id`) REFERENCES `webhook_endpoints`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `webhook_deliveries_due_idx` ON `webhook_deliveries` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `webhook_deliveries_endpoint_idx` ON `webhook_deliveries` (`endpoint_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `webhook_endpoints` (
	`id` text PRIMARY KEY NOT NULL,
	`url` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`secret` text NOT NULL,
	`event_types` text NOT NULL,
	`allow_private_network` integer DEFAULT false NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`created_by_id` text NOT NULL,
	`created_at` text NOT NULL,
	`disabled_at` text,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
-- Signed reviews and incident timelines are evidence; a waiver's signed terms never change (only its end).
CREATE TRIGGER reviews_no_update BEFORE UPDATE ON reviews
BEGIN SELECT RAISE(ABORT, 'reviews are immutable'); END;
--> statement-breakpoint
CREATE TRIGGER reviews_no_delete BEFORE DELETE ON reviews
BEGIN SELECT RAISE(ABORT, 'reviews are immutable'); END;
--> statement-breakpoint
CREATE TRIGGER incident_actions_no_update BEFORE UPDATE ON incident_actions
BEGIN SELECT RAISE(ABORT, 'incident_actions is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER incident_actions_no_delete BEFORE DELETE ON incident_actions
BEGIN SELECT RAISE(ABORT, 'incident_actions is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER finding_waivers_terms_fixed BEFORE UPDATE OF finding_id, justification, compensating_controls, expires_at, signer_id, printed_name, role, meaning, signed_at ON finding_waivers
BEGIN SELECT RAISE(ABORT, 'a waiver''s signed terms are immutable'); END;
--> statement-breakpoint
CREATE TRIGGER finding_waivers_no_delete BEFORE DELETE ON finding_waivers
BEGIN SELECT RAISE(ABORT, 'waivers are never deleted'); END;
