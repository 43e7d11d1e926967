-- Audit events, signatures and promotion snapshots are evidence: once written they never change.
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER signatures_no_update BEFORE UPDATE ON signatures
BEGIN SELECT RAISE(ABORT, 'signatures are immutable'); END;
--> statement-breakpoint
CREATE TRIGGER signatures_no_delete BEFORE DELETE ON signatures
BEGIN SELECT RAISE(ABORT, 'signatures are immutable'); END;
--> statement-breakpoint
CREATE TRIGGER promotion_snapshots_no_update BEFORE UPDATE ON promotion_snapshots
BEGIN SELECT RAISE(ABORT, 'promotion snapshots are immutable'); END;
--> statement-breakpoint
CREATE TRIGGER promotion_snapshots_no_delete BEFORE DELETE ON promotion_snapshots
BEGIN SELECT RAISE(ABORT, 'promotion snapshots are immutable'); END;
