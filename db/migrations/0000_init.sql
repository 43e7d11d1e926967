CREATE TABLE `api_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`name` text NOT NULL,
	`scopes` text NOT NULL,
	`secret_sha256` text NOT NULL,
	`prefix` text NOT NULL,
	`expires_at` text,
	`last_used_at` text,
	`revoked_at` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_secret_sha256_unique` ON `api_tokens` (`secret_sha256`);--> statement-breakpoint
CREATE INDEX `api_tokens_user_idx` ON `api_tokens` (`user_id`);--> statement-breakpoint
CREATE TABLE `sign_in_throttle` (
	`key` text PRIMARY KEY NOT NULL,
	`failures` integer NOT NULL,
	`window_started_at` integer NOT NULL,
	`locked_until` integer
);
--> statement-breakpoint
CREATE TABLE `user_roles` (
	`user_id` text NOT NULL,
	`role` text NOT NULL,
	PRIMARY KEY(`user_id`, `role`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`password_hash` text NOT NULL,
	`disabled` integer DEFAULT false NOT NULL,
	`last_sign_in_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);--> statement-breakpoint
CREATE TABLE `ai_systems` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`purpose` text NOT NULL,
	`intended_use` text DEFAULT '' NOT NULL,
	`out_of_scope_uses` text DEFAULT '' NOT NULL,
	`business_owner` text DEFAULT '' NOT NULL,
	`owner_id` text NOT NULL,
	`risk_tier` text NOT NULL,
	`general_purpose_model` integer DEFAULT false NOT NULL,
	`risk_rationale` text,
	`lifecycle_status` text DEFAULT 'planned' NOT NULL,
	`deployment_context` text DEFAULT '' NOT NULL,
	`human_oversight` text DEFAULT '' NOT NULL,
	`personal_data` integer DEFAULT false NOT NULL,
	`next_review_date` text,
	`third_party` integer DEFAULT false NOT NULL,
	`vendor_name` text,
	`vendor_contract` text,
	`vendor_data_shared` text,
	`limitations` text DEFAULT '' NOT NULL,
	`ethical_considerations` text DEFAULT '' NOT NULL,
	`recommendations` text DEFAULT '' NOT NULL,
	`retired_at` text,
	`created_by_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `ai_systems_tier_idx` ON `ai_systems` (`risk_tier`,`name`);--> statement-breakpoint
CREATE INDEX `ai_systems_status_idx` ON `ai_systems` (`lifecycle_status`,`name`);--> statement-breakpoint
CREATE INDEX `ai_systems_owner_idx` ON `ai_systems` (`owner_id`,`name`);--> statement-breakpoint
CREATE INDEX `ai_systems_name_idx` ON `ai_systems` (`name`);--> statement-breakpoint
CREATE INDEX `ai_systems_updated_idx` ON `ai_systems` (`updated_at`);--> statement-breakpoint
CREATE INDEX `ai_systems_review_idx` ON `ai_systems` (`next_review_date`);--> statement-breakpoint
CREATE TABLE `model_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`model_id` text NOT NULL,
	`version` text NOT NULL,
	`artifact_sha256` text NOT NULL,
	`artifact_size` integer,
	`format` text NOT NULL,
	`uri` text,
	`license` text DEFAULT '' NOT NULL,
	`external_source` text,
	`external_revision` text,
	`stage` text DEFAULT 'development' NOT NULL,
	`stage_changed_at` text,
	`scan_status` text DEFAULT 'unknown' NOT NULL,
	`scan_findings` text DEFAULT '[]' NOT NULL,
	`integrity_verified_at` text,
	`integrity_ok` integer,
	`registered_by_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`model_id`) REFERENCES `models`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`registered_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `model_versions_model_version_uq` ON `model_versions` (`model_id`,`version`);--> statement-breakpoint
CREATE INDEX `model_versions_digest_idx` ON `model_versions` (`artifact_sha256`);--> statement-breakpoint
CREATE INDEX `model_versions_stage_idx` ON `model_versions` (`stage`);--> statement-breakpoint
CREATE TABLE `models` (
	`id` text PRIMARY KEY NOT NULL,
	`system_id` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`task` text DEFAULT '' NOT NULL,
	`created_by_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`system_id`) REFERENCES `ai_systems`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `models_system_name_uq` ON `models` (`system_id`,`name`);--> statement-breakpoint
CREATE TABLE `dataset_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`dataset_id` text NOT NULL,
	`version` text NOT NULL,
	`sha256` text,
	`size` integer,
	`uri` text,
	`license` text,
	`personal_data` integer,
	`created_by_id` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`dataset_id`) REFERENCES `datasets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `dataset_versions_uq` ON `dataset_versions` (`dataset_id`,`version`);--> statement-breakpoint
CREATE TABLE `datasets` (
	`id` text PRIMARY KEY NOT NULL,
	`system_id` text,
	`namespace` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`license` text DEFAULT '' NOT NULL,
	`personal_data` integer DEFAULT false NOT NULL,
	`provenance` text DEFAULT '' NOT NULL,
	`datasheet` text DEFAULT '{}' NOT NULL,
	`facets` text,
	`created_by_id` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`system_id`) REFERENCES `ai_systems`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `datasets_ns_name_uq` ON `datasets` (`namespace`,`name`);--> statement-breakpoint
CREATE INDEX `datasets_system_idx` ON `datasets` (`system_id`);--> statement-breakpoint
CREATE TABLE `deployments` (
	`id` text PRIMARY KEY NOT NULL,
	`model_version_id` text,
	`environment` text NOT NULL,
	`endpoint` text NOT NULL,
	`reported_sha256` text NOT NULL,
	`reported_at` text NOT NULL,
	`created_by_id` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`model_version_id`) REFERENCES `model_versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `deployments_env_endpoint_uq` ON `deployments` (`environment`,`endpoint`);--> statement-breakpoint
CREATE INDEX `deployments_version_idx` ON `deployments` (`model_version_id`);--> statement-breakpoint
CREATE TABLE `run_inputs` (
	`id` text PRIMARY KEY NOT NULL,
	`run_id` text NOT NULL,
	`dataset_version_id` text,
	`model_version_id` text,
	FOREIGN KEY (`run_id`) REFERENCES `training_runs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`dataset_version_id`) REFERENCES `dataset_versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`model_version_id`) REFERENCES `model_versions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `run_inputs_uq` ON `run_inputs` (`run_id`,`dataset_version_id`,`model_version_id`);--> statement-breakpoint
CREATE INDEX `run_inputs_dataset_idx` ON `run_inputs` (`dataset_version_id`);--> statement-breakpoint
CREATE INDEX `run_inputs_model_idx` ON `run_inputs` (`model_version_id`);--> statement-breakpoint
CREATE TABLE `run_outputs` (
	`id` text PRIMARY KEY NOT NULL,
	`run_id` text NOT NULL,
	`model_version_id` text,
	`dataset_version_id` text,
	FOREIGN KEY (`run_id`) REFERENCES `training_runs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`model_version_id`) REFERENCES `model_versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`dataset_version_id`) REFERENCES `dataset_versions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `run_outputs_uq` ON `run_outputs` (`run_id`,`model_version_id`,`dataset_version_id`);--> statement-breakpoint
CREATE INDEX `run_outputs_model_idx` ON `run_outputs` (`model_version_id`);--> statement-breakpoint
CREATE INDEX `run_outputs_dataset_idx` ON `run_outputs` (`dataset_version_id`);--> statement-breakpoint
CREATE TABLE `training_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`external_run_id` text NOT NULL,
	`job_namespace` text NOT NULL,
	`job_name` text NOT NULL,
	`code_repository` text,
	`code_commit` text,
	`parameters` text DEFAULT '{}' NOT NULL,
	`environment_digest` text,
	`state` text DEFAULT 'COMPLETE' NOT NULL,
	`started_at` text,
	`ended_at` text,
	`facets` text,
	`created_by_id` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `training_runs_external_run_id_unique` ON `training_runs` (`external_run_id`);--> statement-breakpoint
CREATE INDEX `training_runs_job_idx` ON `training_runs` (`job_namespace`,`job_name`);--> statement-breakpoint
CREATE TABLE `blobs` (
	`sha256` text PRIMARY KEY NOT NULL,
	`size` integer NOT NULL,
	`format` text NOT NULL,
	`original_name` text,
	`media_type` text,
	`scan` text,
	`uploaded_by_id` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`uploaded_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `integrity_checks` (
	`id` text PRIMARY KEY NOT NULL,
	`subject_type` text NOT NULL,
	`subject_id` text NOT NULL,
	`kind` text NOT NULL,
	`ok` integer NOT NULL,
	`expected_sha256` text,
	`actual_sha256` text,
	`message` text DEFAULT '' NOT NULL,
	`checked_by_id` text,
	`resolved_at` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`checked_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `integrity_checks_subject_idx` ON `integrity_checks` (`subject_type`,`subject_id`);--> statement-breakpoint
CREATE TABLE `evaluation_attachments` (
	`id` text PRIMARY KEY NOT NULL,
	`evaluation_id` text NOT NULL,
	`blob_sha256` text NOT NULL,
	`file_name` text NOT NULL,
	`media_type` text NOT NULL,
	FOREIGN KEY (`evaluation_id`) REFERENCES `evaluations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`blob_sha256`) REFERENCES `blobs`(`sha256`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `evaluation_attachments_eval_idx` ON `evaluation_attachments` (`evaluation_id`);--> statement-breakpoint
CREATE TABLE `evaluation_metrics` (
	`id` text PRIMARY KEY NOT NULL,
	`evaluation_id` text NOT NULL,
	`name` text NOT NULL,
	`value` real NOT NULL,
	`threshold` real,
	`comparator` text,
	`passed` integer,
	FOREIGN KEY (`evaluation_id`) REFERENCES `evaluations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `evaluation_metrics_eval_idx` ON `evaluation_metrics` (`evaluation_id`);--> statement-breakpoint
CREATE TABLE `evaluations` (
	`id` text PRIMARY KEY NOT NULL,
	`model_version_id` text NOT NULL,
	`artifact_sha256` text NOT NULL,
	`kind` text NOT NULL,
	`environment` text NOT NULL,
	`dataset_version_id` text,
	`producer` text DEFAULT '' NOT NULL,
	`summary` text DEFAULT '' NOT NULL,
	`performed_at` text NOT NULL,
	`created_by_id` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`model_version_id`) REFERENCES `model_versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`dataset_version_id`) REFERENCES `dataset_versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `evaluations_version_idx` ON `evaluations` (`model_version_id`,`kind`);--> statement-breakpoint
CREATE TABLE `promotion_policies` (
	`id` text PRIMARY KEY NOT NULL,
	`risk_tier` text NOT NULL,
	`target_stage` text NOT NULL,
	`version` integer NOT NULL,
	`rules` text NOT NULL,
	`created_by_id` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `promotion_policies_uq` ON `promotion_policies` (`risk_tier`,`target_stage`,`version`);--> statement-breakpoint
CREATE TABLE `promotion_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`model_version_id` text NOT NULL,
	`target_stage` text NOT NULL,
	`requester_id` text NOT NULL,
	`justification` text NOT NULL,
	`policy_id` text NOT NULL,
	`gate_result` text NOT NULL,
	`snapshot_sha256` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`expedited_rollback` integer DEFAULT false NOT NULL,
	`closed_at` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`model_version_id`) REFERENCES `model_versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`requester_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`policy_id`) REFERENCES `promotion_policies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`snapshot_sha256`) REFERENCES `promotion_snapshots`(`sha256`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `promotion_requests_status_idx` ON `promotion_requests` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `promotion_requests_version_idx` ON `promotion_requests` (`model_version_id`);--> statement-breakpoint
CREATE TABLE `promotion_snapshots` (
	`sha256` text PRIMARY KEY NOT NULL,
	`canonical_json` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `signatures` (
	`id` text PRIMARY KEY NOT NULL,
	`request_id` text NOT NULL,
	`signer_id` text NOT NULL,
	`printed_name` text NOT NULL,
	`role` text NOT NULL,
	`decision` text NOT NULL,
	`meaning` text NOT NULL,
	`signed_at` text NOT NULL,
	`snapshot_sha256` text NOT NULL,
	`comment` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`request_id`) REFERENCES `promotion_requests`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`signer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `signatures_request_signer_uq` ON `signatures` (`request_id`,`signer_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `signatures_request_role_uq` ON `signatures` (`request_id`,`role`,`signer_id`);--> statement-breakpoint
CREATE TABLE `audit_events` (
	`seq` integer PRIMARY KEY NOT NULL,
	`at` text NOT NULL,
	`actor_type` text NOT NULL,
	`actor_id` text,
	`actor_label` text NOT NULL,
	`action` text NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` text,
	`before` text,
	`after` text,
	`ip` text,
	`user_agent` text,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_events_entity_idx` ON `audit_events` (`entity_type`,`entity_id`);--> statement-breakpoint
CREATE INDEX `audit_events_action_idx` ON `audit_events` (`action`);--> statement-breakpoint
CREATE INDEX `audit_events_actor_idx` ON `audit_events` (`actor_id`);--> statement-breakpoint
CREATE INDEX `audit_events_at_idx` ON `audit_events` (`at`);--> statement-breakpoint
CREATE TABLE `evidence_packs` (
	`id` text PRIMARY KEY NOT NULL,
	`scope_type` text NOT NULL,
	`scope_id` text,
	`period_from` text,
	`period_to` text,
	`status` text DEFAULT 'queued' NOT NULL,
	`progress` integer DEFAULT 0 NOT NULL,
	`pdf_sha256` text,
	`zip_sha256` text,
	`error` text,
	`requested_by_id` text NOT NULL,
	`created_at` text NOT NULL,
	`finished_at` text,
	FOREIGN KEY (`requested_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
