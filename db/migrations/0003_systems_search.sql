-- Substring search over the inventory without scanning it: a trigram index kept in step with ai_systems by triggers.
CREATE VIRTUAL TABLE ai_systems_search USING fts5(
  name, purpose, business_owner, vendor_name,
  content='ai_systems', content_rowid='rowid', tokenize='trigram case_sensitive 0'
);
--> statement-breakpoint
CREATE TRIGGER ai_systems_search_insert AFTER INSERT ON ai_systems BEGIN
  INSERT INTO ai_systems_search(rowid, name, purpose, business_owner, vendor_name)
  VALUES (new.rowid, new.name, new.purpose, new.business_owner, new.vendor_name);
END;
--> statement-breakpoint
CREATE TRIGGER ai_systems_search_delete AFTER DELETE ON ai_systems BEGIN
  INSERT INTO ai_systems_search(ai_systems_search, rowid, name, purpose, business_owner, vendor_name)
  VALUES ('delete', old.rowid, old.name, old.purpose, old.business_owner, old.vendor_name);
END;
--> statement-breakpoint
CREATE TRIGGER ai_systems_search_update AFTER UPDATE OF name, purpose, business_owner, vendor_name ON ai_systems BEGIN
  INSERT INTO ai_systems_search(ai_systems_search, rowid, name, purpose, business_owner, vendor_name)
  VALUES ('delete', old.rowid, old.name, old.purpose, old.business_owner, old.vendor_name);
  INSERT INTO ai_systems_search(rowid, name, purpose, business_owner, vendor_name)
  VALUES (new.rowid, new.name, new.purpose, new.business_owner, new.vendor_name);
END;
--> statement-breakpoint
INSERT INTO ai_systems_search(ai_systems_search) VALUES ('rebuild');
