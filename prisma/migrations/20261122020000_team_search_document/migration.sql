-- Search without the notes, for hiring managers and interviewers. A hit on
-- search_document answers "does a note on this candidate say X?", and notes
-- may be about another job's application, or be opinions an interviewer does
-- not read. team_search_document is the same document without the notes.

-- AlterTable
ALTER TABLE "candidates" ADD COLUMN     "team_search_document" tsvector;

-- ─── Hand-written: objects Prisma's schema language cannot express ───
-- (listed in test/prisma/hand-written-objects.ts for the schema-match test)

-- The parts of a candidate's search documents. The notes are capped as the
-- resume is: a tsvector holds at most 1 MB, and enough long notes made of
-- distinct words passed it (every later note then failed to save).
CREATE FUNCTION "candidate_resume_document"(cid uuid) RETURNS tsvector LANGUAGE sql STABLE AS $$
  SELECT setweight(to_tsvector('english', coalesce(
    (SELECT left(r."text", 200000) FROM "resumes" r WHERE r."candidate_id" = cid ORDER BY r."created_at" DESC LIMIT 1), '')), 'D')
$$;

CREATE FUNCTION "candidate_notes_document"(cid uuid) RETURNS tsvector LANGUAGE sql STABLE AS $$
  SELECT setweight(to_tsvector('english', coalesce(left(
    (SELECT string_agg(left(n."body", 10000), ' ' ORDER BY n."created_at" DESC) FROM "candidate_notes" n WHERE n."candidate_id" = cid), 100000), '')), 'C')
$$;

CREATE FUNCTION "candidate_profile_document"(first_name text, last_name text, email text, skills text[]) RETURNS tsvector LANGUAGE sql STABLE AS $$
  SELECT setweight(to_tsvector('simple', concat_ws(' ', first_name, last_name, email)), 'A') ||
         setweight(to_tsvector('english', array_to_string(skills, ' ')), 'A')
$$;

-- Admins' and recruiters' document, in the same order as before (names and
-- skills, notes, resume), so its ranks do not change.
CREATE OR REPLACE FUNCTION "candidate_search_document"(cid uuid, first_name text, last_name text, email text, skills text[])
RETURNS tsvector LANGUAGE sql STABLE AS $$
  SELECT "candidate_profile_document"(first_name, last_name, email, skills) || "candidate_notes_document"(cid) || "candidate_resume_document"(cid)
$$;

CREATE FUNCTION "candidate_team_search_document"(cid uuid, first_name text, last_name text, email text, skills text[])
RETURNS tsvector LANGUAGE sql STABLE AS $$
  SELECT "candidate_profile_document"(first_name, last_name, email, skills) || "candidate_resume_document"(cid)
$$;

CREATE OR REPLACE FUNCTION "candidates_search_refresh"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  profile tsvector := "candidate_profile_document"(NEW."first_name", NEW."last_name", NEW."email", NEW."skills");
  resume tsvector := "candidate_resume_document"(NEW."id");
BEGIN
  NEW."search_words" := lower(concat_ws(' ', NEW."first_name", NEW."last_name", NEW."email", array_to_string(NEW."skills", ' ')));
  NEW."search_document" := profile || "candidate_notes_document"(NEW."id") || resume;
  NEW."team_search_document" := profile || resume;
  RETURN NEW;
END $$;

-- A note changes only the document with notes; a resume changes both.
CREATE OR REPLACE FUNCTION "candidate_children_search_refresh"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE cid uuid := coalesce(NEW."candidate_id", OLD."candidate_id");
BEGIN
  IF TG_TABLE_NAME = 'candidate_notes' THEN
    UPDATE "candidates" c
       SET "search_document" = "candidate_search_document"(c."id", c."first_name", c."last_name", c."email", c."skills")
     WHERE c."id" = cid;
  ELSE
    UPDATE "candidates" c
       SET "search_document" = "candidate_search_document"(c."id", c."first_name", c."last_name", c."email", c."skills"),
           "team_search_document" = "candidate_team_search_document"(c."id", c."first_name", c."last_name", c."email", c."skills")
     WHERE c."id" = cid;
  END IF;
  RETURN NULL;
END $$;

-- Fill the new column (and apply the notes cap to the old one); the index is built after.
UPDATE "candidates" c
   SET "search_document" = "candidate_search_document"(c."id", c."first_name", c."last_name", c."email", c."skills"),
       "team_search_document" = "candidate_team_search_document"(c."id", c."first_name", c."last_name", c."email", c."skills");

-- CreateIndex
CREATE INDEX "candidates_team_search_document_idx" ON "candidates" USING GIN ("team_search_document");
