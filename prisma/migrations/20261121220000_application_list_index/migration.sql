
-- CreateIndex
CREATE INDEX "applications_created_at_id_idx" ON "applications"("created_at", "id");
