ALTER TABLE `evidence_packs` ADD `phase` text;--> statement-breakpoint
ALTER TABLE `evidence_packs` ADD `runner_id` text;--> statement-breakpoint
ALTER TABLE `evidence_packs` ADD `page_count` integer;--> statement-breakpoint
ALTER TABLE `evidence_packs` ADD `pdf_size` integer;--> statement-breakpoint
ALTER TABLE `evidence_packs` ADD `zip_size` integer;--> statement-breakpoint
ALTER TABLE `evidence_packs` ADD `started_at` text;