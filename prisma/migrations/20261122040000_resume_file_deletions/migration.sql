-- A resume's file lives outside the database, so deleting its row cannot take
-- the file with it in one transaction. The row's deletion records the file
-- here, in the same transaction; whoever deletes the file then removes the
-- record, and the worker deletes whatever is still listed (an unlink that
-- failed, a process that died between commit and unlink).

-- CreateTable
CREATE TABLE "resume_file_deletions" (
    "storage_key" TEXT NOT NULL,
    "requested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "resume_file_deletions_pkey" PRIMARY KEY ("storage_key")
);

-- ─── Hand-written: objects Prisma's schema language cannot express ───
-- (listed in test/prisma/hand-written-objects.ts for the schema-match test)

-- A trigger rather than each caller: every way a resume row goes (erasure,
-- retention, a candidate deleted with its resumes by cascade) lists its file.
CREATE FUNCTION "resume_file_deletion_record"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "resume_file_deletions" ("storage_key") VALUES (OLD."storage_key") ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;

CREATE TRIGGER "resumes_file_deletion_record"
  AFTER DELETE ON "resumes"
  FOR EACH ROW EXECUTE FUNCTION "resume_file_deletion_record"();
