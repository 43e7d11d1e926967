CREATE INDEX `deployments_reported_idx` ON `deployments` (`reported_at`,`id`);--> statement-breakpoint
CREATE INDEX `training_runs_created_idx` ON `training_runs` (`created_at`,`id`);