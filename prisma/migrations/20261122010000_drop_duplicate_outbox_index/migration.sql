-- outbox_events_due_idx (email_delivery) repeats outbox_events_pending (init)
-- exactly: same column, same predicate. Every outbox write paid for both.
DROP INDEX IF EXISTS "outbox_events_due_idx";
