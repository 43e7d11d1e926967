CREATE TABLE `dataset_aliases` (
	`namespace` text NOT NULL,
	`name` text NOT NULL,
	`dataset_id` text NOT NULL,
	`type` text,
	`created_at` text NOT NULL,
	PRIMARY KEY(`namespace`, `name`),
	FOREIGN KEY (`dataset_id`) REFERENCES `datasets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `dataset_aliases_dataset_idx` ON `dataset_aliases` (`dataset_id`);--> statement-breakpoint
CREATE TABLE `openlineage_events` (
	`sha256` text PRIMARY KEY NOT NULL,
	`external_run_id` text NOT NULL,
	`event_type` text,
	`event_time` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `openlineage_events_run_idx` ON `openlineage_events` (`external_run_id`);--> statement-breakpoint
CREATE TABLE `integration_settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_by_id` text,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`updated_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `mlflow_deliveries` (
	`delivery_id` text PRIMARY KEY NOT NULL,
	`event` text NOT NULL,
	`sent_at` text NOT NULL,
	`created_at` text NOT NULL,
	`outcome` text NOT NULL,
	`detail` text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE INDEX `mlflow_deliveries_received_idx` ON `mlflow_deliveries` (`created_at`);--> statement-breakpoint
CREATE TABLE `mlflow_model_versions` (
	`name` text NOT NULL,
	`version` text NOT NULL,
	`run_id` text,
	`source` text,
	`tags` text DEFAULT '{}' NOT NULL,
	`aliases` text DEFAULT '[]' NOT NULL,
	`model_version_id` text,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`name`, `version`),
	FOREIGN KEY (`model_version_id`) REFERENCES `model_versions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `model_signatures` (
	`id` text PRIMARY KEY NOT NULL,
	`model_version_id` text NOT NULL,
	`bundle_sha256` text NOT NULL,
	`status` text NOT NULL,
	`signer_identity` text,
	`signed_files` text DEFAULT '[]' NOT NULL,
	`trust_config_version` integer,
	`reason` text DEFAULT '' NOT NULL,
	`created_by_id` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`model_version_id`) REFERENCES `model_versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`bundle_sha256`) REFERENCES `blobs`(`sha256`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `model_signatures_version_idx` ON `model_signatures` (`model_version_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `signing_keys` (
	`key_id` text PRIMARY KEY NOT NULL,
	`public_key_pem` text NOT NULL,
	`created_at` text NOT NULL,
	`retired_at` text
);
--> statement-breakpoint
CREATE TABLE `trust_configs` (
	`id` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`config` text NOT NULL,
	`created_by_id` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `trust_configs_version_uq` ON `trust_configs` (`version`);--> statement-breakpoint
ALTER TABLE `model_versions` ADD `external_ref` text;--> statement-breakpoint
CREATE UNIQUE INDEX `model_versions_external_ref_uq` ON `model_versions` (`external_ref`);--> statement-breakpoint
ALTER TABLE `models` ADD `library_name` text;--> statement-breakpoint
ALTER TABLE `models` ADD `pipeline_tag` text;--> statement-breakpoint
ALTER TABLE `models` ADD `languages` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `models` ADD `approach` text;--> statement-breakpoint
ALTER TABLE `models` ADD `architecture_family` text;--> statement-breakpoint
ALTER TABLE `models` ADD `model_architecture` text;--> statement-breakpoint
ALTER TABLE `models` ADD `inputs` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `models` ADD `outputs` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `models` ADD `external_ref` text;--> statement-breakpoint
CREATE UNIQUE INDEX `models_external_ref_uq` ON `models` (`external_ref`);--> statement-breakpoint
ALTER TABLE `lineage_edges` ADD `statistics` text;--> statement-breakpoint
ALTER TABLE `training_runs` ADD `job_type` text;--> statement-breakpoint
ALTER TABLE `training_runs` ADD `parent_external_run_id` text;--> statement-breakpoint
ALTER TABLE `training_runs` ADD `parent_job_namespace` text;--> statement-breakpoint
ALTER TABLE `training_runs` ADD `parent_job_name` text;--> statement-breakpoint
ALTER TABLE `training_runs` ADD `last_event_time` text;--> statement-breakpoint
CREATE INDEX `training_runs_parent_idx` ON `training_runs` (`parent_external_run_id`);--> statement-breakpoint
ALTER TABLE `evaluation_metrics` ADD `origin` text DEFAULT 'claimed' NOT NULL;--> statement-breakpoint
ALTER TABLE `evaluation_metrics` ADD `lower_bound` real;--> statement-breakpoint
ALTER TABLE `evaluation_metrics` ADD `upper_bound` real;--> statement-breakpoint
ALTER TABLE `evaluations` ADD `report_format` text;--> statement-breakpoint
ALTER TABLE `evaluations` ADD `report_tool` text;--> statement-breakpoint
ALTER TABLE `evaluations` ADD `model_index_result` text;--> statement-breakpoint
-- A trust configuration and a signature's verification are evidence; a signing key only ever gets retired.
CREATE TRIGGER trust_configs_no_update BEFORE UPDATE ON trust_configs
BEGIN SELECT RAISE(ABORT, 'trust configurations are immutable'); END;
--> statement-breakpoint
CREATE TRIGGER trust_configs_no_delete BEFORE DELETE ON trust_configs
BEGIN SELECT RAISE(ABORT, 'trust configurations are immutable'); END;
--> statement-breakpoint
CREATE TRIGGER model_signatures_no_update BEFORE UPDATE ON model_signatures
BEGIN SELECT RAISE(ABORT, 'model signatures are immutable'); END;
--> statement-breakpoint
CREATE TRIGGER model_signatures_no_delete BEFORE DELETE ON model_signatures
BEGIN SELECT RAISE(ABORT, 'model signatures are immutable'); END;
--> statement-breakpoint
CREATE TRIGGER signing_keys_only_retire BEFORE UPDATE ON signing_keys
WHEN NEW.key_id IS NOT OLD.key_id OR NEW.public_key_pem IS NOT OLD.public_key_pem OR NEW.created_at IS NOT OLD.created_at OR OLD.retired_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a signing key can only be retired, once'); END;
--> statement-breakpoint
CREATE TRIGGER signing_keys_no_delete BEFORE DELETE ON signing_keys
BEGIN SELECT RAISE(ABORT, 'signing keys are never deleted'); END;
