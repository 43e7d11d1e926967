-- Inventory search on PostgreSQL: one trigram index over the four searched columns joined by newlines, instead of
-- one per column. Four ILIKEs joined by OR made the planner scan every row (their cost is underestimated), about ten
-- times slower than this index. lib/inventory/queries.ts (SYSTEM_SEARCH_TEXT) writes the same expression, which the
-- index must match exactly; a needle holding a newline falls back to the per-column ILIKEs, so no match spans fields.
CREATE INDEX ai_systems_search_text_idx ON ai_systems USING gin ((name || E'\n' || purpose || E'\n' || business_owner || E'\n' || coalesce(vendor_name, '')) gin_trgm_ops);
--> statement-breakpoint
-- The name index stays: the model list filters by system name alone.
DROP INDEX ai_systems_search_purpose_idx;
--> statement-breakpoint
DROP INDEX ai_systems_search_business_owner_idx;
--> statement-breakpoint
DROP INDEX ai_systems_search_vendor_name_idx;
