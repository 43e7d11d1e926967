ALTER TABLE `users` ADD `password_set_by` text DEFAULT 'self' NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `password_changed_at` text;--> statement-breakpoint
-- An account an administrator made in the browser still has the password that administrator chose: its owner
-- chooses their own at the next sign-in. Accounts made on the command line (the first admin, the demo) keep theirs.
UPDATE `users` SET `password_set_by` = 'admin' WHERE `id` IN (SELECT `entity_id` FROM `audit_events` WHERE `action` = 'user.created' AND `actor_type` = 'user');
