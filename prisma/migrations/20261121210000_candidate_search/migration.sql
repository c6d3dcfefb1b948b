
-- AlterTable
ALTER TABLE "candidates" ADD COLUMN     "search_document" tsvector,
ADD COLUMN     "search_words" TEXT NOT NULL DEFAULT '';

-- CreateIndex
CREATE INDEX "candidates_skills_idx" ON "candidates" USING GIN ("skills");

-- CreateIndex
CREATE INDEX "candidates_search_words_idx" ON "candidates" USING GIN ("search_words" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "candidates_search_document_idx" ON "candidates" USING GIN ("search_document");

-- ─── Hand-written: objects Prisma's schema language cannot express ───
-- (listed in test/prisma/hand-written-objects.ts for the schema-match test)

-- The candidate's searchable text. Names and e-mail use the 'simple'
-- configuration (no stemming: names are not English words); skills, notes and
-- the latest resume use 'english'. Weights rank a hit in a name or skill above
-- one in a note, and a note above the resume.
CREATE FUNCTION "candidate_search_document"(cid uuid, first_name text, last_name text, email text, skills text[])
RETURNS tsvector LANGUAGE sql STABLE AS $$
  SELECT
    setweight(to_tsvector('simple', concat_ws(' ', first_name, last_name, email)), 'A') ||
    setweight(to_tsvector('english', array_to_string(skills, ' ')), 'A') ||
    setweight(to_tsvector('english', coalesce(
      (SELECT string_agg(left(n."body", 10000), ' ') FROM "candidate_notes" n WHERE n."candidate_id" = cid), '')), 'C') ||
    setweight(to_tsvector('english', coalesce(
      (SELECT left(r."text", 200000) FROM "resumes" r WHERE r."candidate_id" = cid ORDER BY r."created_at" DESC LIMIT 1), '')), 'D')
$$;

CREATE FUNCTION "candidates_search_refresh"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."search_words" := lower(concat_ws(' ', NEW."first_name", NEW."last_name", NEW."email", array_to_string(NEW."skills", ' ')));
  NEW."search_document" := "candidate_search_document"(NEW."id", NEW."first_name", NEW."last_name", NEW."email", NEW."skills");
  RETURN NEW;
END $$;

CREATE TRIGGER "candidates_search_refresh"
  BEFORE INSERT OR UPDATE OF "first_name", "last_name", "email", "skills" ON "candidates"
  FOR EACH ROW EXECUTE FUNCTION "candidates_search_refresh"();

-- A note or resume changing re-indexes its candidate.
CREATE FUNCTION "candidate_children_search_refresh"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE cid uuid := coalesce(NEW."candidate_id", OLD."candidate_id");
BEGIN
  UPDATE "candidates" c
     SET "search_document" = "candidate_search_document"(c."id", c."first_name", c."last_name", c."email", c."skills")
   WHERE c."id" = cid;
  RETURN NULL;
END $$;

CREATE TRIGGER "candidate_notes_search_refresh"
  AFTER INSERT OR UPDATE OF "body" OR DELETE ON "candidate_notes"
  FOR EACH ROW EXECUTE FUNCTION "candidate_children_search_refresh"();

CREATE TRIGGER "resumes_search_refresh"
  AFTER INSERT OR UPDATE OF "text" OR DELETE ON "resumes"
  FOR EACH ROW EXECUTE FUNCTION "candidate_children_search_refresh"();
