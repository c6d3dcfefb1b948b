-- A resume added or deleted re-indexes its candidate: both search documents
-- share the profile and the resume parts, and the resume part is a
-- to_tsvector over up to 200,000 characters. Build each part once, as
-- candidates_search_refresh does, instead of once per document.

-- ─── Hand-written: objects Prisma's schema language cannot express ───
-- (listed in test/prisma/hand-written-objects.ts for the schema-match test)

CREATE OR REPLACE FUNCTION "candidate_children_search_refresh"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  cid uuid := coalesce(NEW."candidate_id", OLD."candidate_id");
  profile tsvector;
  resume tsvector;
BEGIN
  IF TG_TABLE_NAME = 'candidate_notes' THEN
    UPDATE "candidates" c
       SET "search_document" = "candidate_search_document"(c."id", c."first_name", c."last_name", c."email", c."skills")
     WHERE c."id" = cid;
  ELSE
    SELECT "candidate_profile_document"(c."first_name", c."last_name", c."email", c."skills") INTO profile FROM "candidates" c WHERE c."id" = cid;
    resume := "candidate_resume_document"(cid);
    UPDATE "candidates" c
       SET "search_document" = profile || "candidate_notes_document"(cid) || resume,
           "team_search_document" = profile || resume
     WHERE c."id" = cid;
  END IF;
  RETURN NULL;
END $$;
