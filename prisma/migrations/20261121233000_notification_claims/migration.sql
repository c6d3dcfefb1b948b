
-- AlterTable
ALTER TABLE "notifications" ADD COLUMN     "claimed_by" TEXT;
