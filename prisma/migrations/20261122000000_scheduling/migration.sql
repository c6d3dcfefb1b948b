
-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "btree_gist";

-- CreateEnum
CREATE TYPE "InterviewChangeKind" AS ENUM ('SCHEDULED', 'RESCHEDULED', 'CANCELLED', 'COMPLETED', 'NO_SHOW');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "NotificationKind" ADD VALUE 'TEAM_INTERVIEW_UPDATE';
ALTER TYPE "NotificationKind" ADD VALUE 'TEAM_INTERVIEW_CANCELLATION';

-- AlterTable
ALTER TABLE "interviews" ADD COLUMN     "reminders_synced_sequence" INTEGER;

-- AlterTable
ALTER TABLE "scheduling_links" ADD COLUMN     "location" TEXT,
ADD COLUMN     "panel_notes" TEXT,
ADD COLUMN     "revoked_at" TIMESTAMPTZ(3),
ADD COLUMN     "time_zone" TEXT NOT NULL DEFAULT 'UTC',
ADD COLUMN     "video_url" TEXT;

-- AlterTable
ALTER TABLE "notifications" ADD COLUMN     "interview_sequence" INTEGER,
ADD COLUMN     "scheduling_link_id" UUID;

-- CreateTable
CREATE TABLE "interview_changes" (
    "id" UUID NOT NULL,
    "interview_id" UUID NOT NULL,
    "kind" "InterviewChangeKind" NOT NULL,
    "sequence" INTEGER NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3) NOT NULL,
    "panel_user_ids" UUID[],
    "reason" TEXT,
    "changed_by_id" UUID,
    "by_candidate" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "interview_changes_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "interview_changes_interview_id_created_at_idx" ON "interview_changes"("interview_id", "created_at");

-- CreateIndex
CREATE INDEX "interview_changes_changed_by_id_idx" ON "interview_changes"("changed_by_id");

-- CreateIndex
CREATE INDEX "notifications_scheduling_link_id_idx" ON "notifications"("scheduling_link_id");

-- AddForeignKey
ALTER TABLE "interview_changes" ADD CONSTRAINT "interview_changes_interview_id_fkey" FOREIGN KEY ("interview_id") REFERENCES "interviews"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "interview_changes" ADD CONSTRAINT "interview_changes_changed_by_id_fkey" FOREIGN KEY ("changed_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_scheduling_link_id_fkey" FOREIGN KEY ("scheduling_link_id") REFERENCES "scheduling_links"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Hand-written (listed in test/prisma/hand-written-objects.ts).

-- No interviewer is ever double-booked: no two active panel rows of one user
-- may overlap in time. Half-open ranges, so back-to-back interviews are fine.
-- btree_gist lets the uuid equality share the GiST index with the range.
ALTER TABLE "interview_interviewers" ADD CONSTRAINT "interview_interviewers_no_double_booking"
  EXCLUDE USING gist ("user_id" WITH =, tstzrange("starts_at", "ends_at", '[)') WITH &&) WHERE ("active");

ALTER TABLE "interviews" ADD CONSTRAINT "interviews_ends_after_start" CHECK ("ends_at" > "starts_at");
ALTER TABLE "interview_interviewers" ADD CONSTRAINT "interview_interviewers_ends_after_start" CHECK ("ends_at" > "starts_at");

-- The worker's "which interviews' reminder jobs are out of date?" scan.
CREATE INDEX "interviews_reminders_to_sync_idx" ON "interviews"("id") WHERE "reminders_synced_sequence" IS DISTINCT FROM "sequence";
