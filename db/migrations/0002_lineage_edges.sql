CREATE TABLE `lineage_edges` (
	`from_node` text NOT NULL,
	`to_node` text NOT NULL,
	`relation` text NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`from_node`, `to_node`)
);
--> statement-breakpoint
CREATE INDEX `lineage_edges_to_idx` ON `lineage_edges` (`to_node`);--> statement-breakpoint
DROP TABLE `run_inputs`;--> statement-breakpoint
DROP TABLE `run_outputs`;