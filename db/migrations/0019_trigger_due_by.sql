ALTER TABLE `review_triggers` ADD `due_by` text;--> statement-breakpoint
-- Triggers raised before the policy setting were due 30 days after they were raised (the constant then in force).
UPDATE `review_triggers` SET `due_by` = date(substr(`created_at`, 1, 10), '+30 days');
