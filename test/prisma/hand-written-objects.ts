// Database objects the migrations create that prisma/schema.prisma does not
// describe (or describes in a way Prisma's parser does not report), so the
// schema-match test cannot derive them from the DMMF. Every one is listed with
// why it exists; the test fails on any object in the database that is neither
// derived from the schema nor listed here, and on any listed object that is
// missing or whose definition differs.
//
// `definition` is PostgreSQL's own rendering (pg_get_indexdef /
// pg_get_constraintdef), so a changed predicate or bound is caught too. When a
// migration changes one of these objects on purpose, update its entry here.
//
// Names: indexes and extensions are unique per schema; constraints and
// triggers are unique per table only, so they are keyed "table.name".

export type HandWrittenKind = 'index' | 'unique index' | 'check constraint' | 'exclusion constraint' | 'extension' | 'function' | 'trigger'

export interface HandWrittenObject {
  kind: HandWrittenKind
  /** Index or extension name; "table.constraint" or "table.trigger"; a function's signature as regprocedure prints it. */
  name: string
  /** PostgreSQL's rendering of the object; omitted for extensions and functions (their presence and signature are what matter). */
  definition?: string
  why: string
}

export const HAND_WRITTEN_OBJECTS: readonly HandWrittenObject[] = [
  {
    kind: 'extension',
    name: 'citext',
    why: 'Case-insensitive e-mail columns (@db.Citext). Declared in the datasource\'s `extensions`, which Prisma\'s DMMF and get_config do not report, so it is listed here.',
  },
  {
    kind: 'extension',
    name: 'pg_trgm',
    why: 'Trigram matching for candidate search. Declared in the datasource\'s `extensions` (not reported by the DMMF), so it is listed here.',
  },
  {
    kind: 'extension',
    name: 'btree_gist',
    why: 'Lets the no-double-booking exclusion constraint combine uuid equality with range overlap in one GiST index. Declared in the datasource\'s `extensions` (not reported by the DMMF).',
  },
  {
    kind: 'exclusion constraint',
    name: 'interview_interviewers.interview_interviewers_no_double_booking',
    definition: `EXCLUDE USING gist (user_id WITH =, tstzrange(starts_at, ends_at, '[)'::text) WITH &&) WHERE (active)`,
    why: 'No interviewer is ever double-booked, even under concurrent bookings: PostgreSQL refuses overlapping active panel rows of one user. Prisma cannot express exclusion constraints.',
  },
  {
    kind: 'index',
    name: 'interviews_reminders_to_sync_idx',
    definition: 'CREATE INDEX interviews_reminders_to_sync_idx ON public.interviews USING btree (id) WHERE (reminders_synced_sequence IS DISTINCT FROM sequence)',
    why: 'The worker finds interviews whose reminder jobs must be (re)set without scanning them all. Prisma cannot express partial indexes.',
  },
  {
    kind: 'check constraint',
    name: 'interviews.interviews_ends_after_start',
    definition: 'CHECK ((ends_at > starts_at))',
    why: 'An interview ends after it starts. Prisma has no CHECK constraints.',
  },
  {
    kind: 'check constraint',
    name: 'interview_interviewers.interview_interviewers_ends_after_start',
    definition: 'CHECK ((ends_at > starts_at))',
    why: 'The panel row copies the interview\'s range; an empty or inverted range would slip past the exclusion constraint. Prisma has no CHECK constraints.',
  },
  {
    kind: 'unique index',
    name: 'applications_one_active_per_candidate_job',
    definition: `CREATE UNIQUE INDEX applications_one_active_per_candidate_job ON public.applications USING btree (candidate_id, job_id) WHERE (status = 'ACTIVE'::"ApplicationStatus")`,
    why: 'A candidate has at most one ACTIVE application per job; closed ones may repeat. Prisma cannot express partial (WHERE) indexes.',
  },
  {
    kind: 'index',
    name: 'outbox_events_pending',
    definition: 'CREATE INDEX outbox_events_pending ON public.outbox_events USING btree (available_at) WHERE (dispatched_at IS NULL)',
    why: 'The outbox dispatcher only scans undispatched rows; a partial index keeps that scan small. Prisma cannot express partial indexes.',
  },
  {
    kind: 'check constraint',
    name: 'scorecard_ratings.scorecard_ratings_rating_scale',
    definition: 'CHECK (((rating >= 1) AND (rating <= 4)))',
    why: 'Ratings use the 1-4 scale (strong no, no, yes, strong yes); NULL is "no opinion". Prisma has no CHECK constraints.',
  },
  {
    kind: 'check constraint',
    name: 'scorecards.scorecards_recommendation_scale',
    definition: 'CHECK (((recommendation >= 1) AND (recommendation <= 4)))',
    why: 'The overall recommendation uses the same 1-4 scale; NULL is "no opinion". Prisma has no CHECK constraints.',
  },
  // Candidate search (migration 20261121210000_candidate_search): the search
  // columns are kept current by triggers so every write path (API, import,
  // erasure) updates them. Prisma has no functions or triggers.
  {
    kind: 'function',
    name: 'lower_text_array(text[])',
    why: 'Lower-cases an array (migration 20261207020000_skills_any_case): the skills and tags filters compare skills without letter case, through the index below.',
  },
  {
    kind: 'index',
    name: 'candidates_skills_any_case_idx',
    definition: 'CREATE INDEX candidates_skills_any_case_idx ON public.candidates USING gin (lower_text_array(skills))',
    why: 'The skills filter of the candidate list, search and export and the tags filter of the applications list ("postgresql" finds "PostgreSQL"). Prisma cannot express expression indexes.',
  },
  {
    kind: 'function',
    name: 'candidate_search_document(uuid,text,text,text,text[])',
    why: "Builds a candidate's weighted tsvector from names, e-mail, skills, notes and the latest resume (what admins and recruiters search).",
  },
  {
    kind: 'function',
    name: 'candidate_team_search_document(uuid,text,text,text,text[])',
    why: 'The same without the notes (migration 20261122020000_team_search_document): what hiring managers and interviewers search.',
  },
  {
    kind: 'function',
    name: 'candidate_profile_document(text,text,text,text[])',
    why: 'Part of both search documents: names and e-mail (unstemmed) and skills, weighted A.',
  },
  {
    kind: 'function',
    name: 'candidate_notes_document(uuid)',
    why: 'Part of search_document: the notes, capped so the tsvector stays under its 1 MB limit.',
  },
  {
    kind: 'function',
    name: 'candidate_resume_document(uuid)',
    why: 'Part of both search documents: the latest resume text, capped.',
  },
  {
    kind: 'function',
    name: 'address_hash(text)',
    why: 'The hash erased_addresses keeps (migration 20261122030000_erased_addresses): one definition for erasure, creation, import and sending.',
  },
  {
    kind: 'function',
    name: 'candidates_search_refresh()',
    why: 'Trigger function: recomputes search_words, search_document and team_search_document when a candidate changes.',
  },
  {
    kind: 'function',
    name: 'candidate_children_search_refresh()',
    why: "Trigger function: re-indexes a candidate when one of their notes or resumes changes.",
  },
  {
    kind: 'trigger',
    name: 'candidates.candidates_search_refresh',
    definition: 'CREATE TRIGGER candidates_search_refresh BEFORE INSERT OR UPDATE OF first_name, last_name, email, skills ON public.candidates FOR EACH ROW EXECUTE FUNCTION candidates_search_refresh()',
    why: 'Keeps the search columns current on every insert or update of the searched fields.',
  },
  {
    kind: 'trigger',
    name: 'candidate_notes.candidate_notes_search_refresh',
    definition: 'CREATE TRIGGER candidate_notes_search_refresh AFTER INSERT OR DELETE OR UPDATE OF body ON public.candidate_notes FOR EACH ROW EXECUTE FUNCTION candidate_children_search_refresh()',
    why: "Notes are part of the candidate's search document.",
  },
  {
    kind: 'trigger',
    name: 'resumes.resumes_search_refresh',
    definition: 'CREATE TRIGGER resumes_search_refresh AFTER INSERT OR DELETE OR UPDATE OF text ON public.resumes FOR EACH ROW EXECUTE FUNCTION candidate_children_search_refresh()',
    why: "The latest resume's text is part of the candidate's search document.",
  },
  {
    kind: 'function',
    name: 'resume_file_deletion_record()',
    why: 'Trigger function (migration 20261122040000_resume_file_deletions): lists a deleted resume\'s file for deletion from the store.',
  },
  {
    kind: 'trigger',
    name: 'resumes.resumes_file_deletion_record',
    definition: 'CREATE TRIGGER resumes_file_deletion_record AFTER DELETE ON public.resumes FOR EACH ROW EXECUTE FUNCTION resume_file_deletion_record()',
    why: 'Every way a resume row is deleted (erasure, retention, a cascade) lists its file in the same transaction, so no file outlives its row unnoticed.',
  },
  {
    kind: 'index',
    name: 'outbox_events_dedupe_key_idx',
    definition: "CREATE INDEX outbox_events_dedupe_key_idx ON public.outbox_events USING btree (((payload ->> 'dedupeKey'::text)))",
    why: 'The scorecard-deadline sweep checks whether an event with the same dedupe key was written; Prisma cannot declare expression indexes.',
  },
  {
    kind: 'index',
    name: 'notifications_to_enqueue_idx',
    definition: `CREATE INDEX notifications_to_enqueue_idx ON public.notifications USING btree (id) WHERE ((status = 'PENDING'::"NotificationStatus") AND (enqueued_at IS NULL))`,
    why: 'The dispatcher queues committed notifications that have no send job yet; partial, so it holds only that backlog. Prisma cannot declare partial indexes.',
  },
]
