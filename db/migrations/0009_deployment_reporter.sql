ALTER TABLE `deployments` ADD `reporter_id` text REFERENCES users(id);--> statement-breakpoint
-- Until now whoever reported at an endpoint first was the only one who could change it: they stay its reporter.
UPDATE `deployments` SET `reporter_id` = `created_by_id`;
