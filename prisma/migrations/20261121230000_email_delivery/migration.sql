
-- AlterTable
ALTER TABLE "notifications" ADD COLUMN     "enqueued_at" TIMESTAMPTZ(3),
ADD COLUMN     "panelist_id" UUID,
ADD COLUMN     "stage_id" UUID;

-- CreateIndex
CREATE INDEX "notifications_stage_id_idx" ON "notifications"("stage_id");

-- CreateIndex
CREATE INDEX "notifications_panelist_id_idx" ON "notifications"("panelist_id");

-- AddForeignKey
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_stage_id_fkey" FOREIGN KEY ("stage_id") REFERENCES "stages"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_panelist_id_fkey" FOREIGN KEY ("panelist_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Hand-written (see test/prisma/hand-written-objects.ts): what Prisma's schema cannot say.
-- The dispatcher's poll: rows not yet dispatched, oldest due first. Partial, so
-- the index holds only the backlog however long the dispatched history grows.
CREATE INDEX "outbox_events_due_idx" ON "outbox_events"("available_at") WHERE "dispatched_at" IS NULL;

-- The scorecard-deadline sweep's "already written?" check by dedupe key.
CREATE INDEX "outbox_events_dedupe_key_idx" ON "outbox_events"(("payload"->>'dedupeKey'));

-- The dispatcher's second step: notifications committed but not yet queued.
-- Partial, so it stays as small as the backlog.
CREATE INDEX "notifications_to_enqueue_idx" ON "notifications"("id") WHERE "status" = 'PENDING' AND "enqueued_at" IS NULL;
