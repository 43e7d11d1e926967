ALTER TABLE `ai_systems` ADD `tier_confirmed_by_id` text REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `ai_systems` ADD `tier_confirmed_at` text;--> statement-breakpoint
ALTER TABLE `ai_systems` ADD `tier_assessed_at` text;