import type pg from 'pg'
import { preparedNameOf, queryRows, type Db, type DbClient } from '../db/client.ts'
import { withTransaction } from '../db/transaction.ts'
import { Prisma } from '../generated/prisma/client.ts'
import type { CandidateFilters } from '../schemas/candidates.ts'
import { assertJobVisible, seesAllJobs } from './job-access.ts'
import type { Principal } from './sessions.ts'

const { sql, join, empty, raw } = Prisma

export interface CandidateSummaryRow {
  id: string
  email: string | null
  firstName: string
  lastName: string
  skills: string[]
  source: string | null
  createdAt: Date
}
export interface ListCursor {
  createdAt: string
  id: string
}
export interface SearchCursor {
  rank: number
  id: string
}

export const summaryColumns = raw(`c.id, c.email::text AS email, c.first_name AS "firstName", c.last_name AS "lastName",
  coalesce(c.skills, '{}') AS skills, c.source, c.created_at AS "createdAt"`)

/**
 * The filters the list, search and export share, as one SQL condition on
 * `candidates c` (parameters only; column names are fixed here). Erased
 * candidates are left out. Hiring managers and interviewers only match
 * candidates through an application on a job of their team, and the
 * application filters (job, stage, status) apply to such an application.
 */
export function candidateFilterSql(filters: CandidateFilters, principal: Principal): Prisma.Sql {
  const where: Prisma.Sql[] = [sql`c.erased_at IS NULL`]
  if (filters.source) where.push(sql`c.source = ${filters.source}`)
  if (filters.skills?.length) where.push(skillsInclude(filters.skills))
  if (filters.createdAfter) where.push(sql`c.created_at >= ${filters.createdAfter}::timestamptz`)
  if (filters.createdBefore) where.push(sql`c.created_at < ${filters.createdBefore}::timestamptz`)
  const application: Prisma.Sql[] = []
  if (filters.jobId) application.push(sql`a.job_id = ${filters.jobId}::uuid`)
  if (filters.stageId) application.push(sql`a.stage_id = ${filters.stageId}::uuid`)
  if (filters.status) application.push(sql`a.status = ${filters.status}::"ApplicationStatus"`)
  if (!seesAllJobs(principal)) application.push(sql`a.job_id IN (SELECT m.job_id FROM hiring_team_members m WHERE m.user_id = ${principal.userId}::uuid)`)
  if (application.length) where.push(sql`EXISTS (SELECT 1 FROM applications a WHERE a.candidate_id = c.id AND ${join(application, ' AND ')})`)
  return join(where, ' AND ')
}

/**
 * Candidates with every one of these skills, in any letter case (skills keep
 * their first spelling). The expression is the one the skills index is built
 * on (migration skills_any_case), so the filter uses it.
 */
export function skillsInclude(skills: string[]): Prisma.Sql {
  return sql`lower_text_array(c.skills) @> lower_text_array(${skills}::text[])`
}

/** Asking about a job you cannot see answers 404, as reading it would. */
export async function assertFilterJobVisible(db: DbClient, principal: Principal, filters: { jobId?: string }): Promise<void> {
  if (filters.jobId) await assertJobVisible(db, principal, filters.jobId)
}

/** One page in the list order (newest first, id breaking ties), after a keyset cursor. */
export async function pageOfCandidates<Row extends { createdAt: Date; id: string }>(
  db: DbClient, where: Prisma.Sql, columns: Prisma.Sql, limit: number, after?: ListCursor,
): Promise<Row[]> {
  const keyset = after ? sql`AND (c.created_at, c.id) < (${after.createdAt}::timestamptz, ${after.id}::uuid)` : empty
  return db.$queryRaw<Row[]>`
    SELECT ${columns} FROM candidates c WHERE ${where} ${keyset}
     ORDER BY c.created_at DESC, c.id DESC LIMIT ${limit}`
}

// Each generator contributes at most this many matches to be ranked (LIMIT
// without ORDER BY lets the scan stop early). Bounding the pool keeps a query
// for a common word (a skill half the candidates have) as cheap as a rare one;
// the price is that ranking is exact only within the pool, which is what a
// person reads anyway (refine the query or add filters to dig deeper).
const POOL = 200
// Trigram matching is the costly half (common trigrams have long posting
// lists), and typos only matter when the words as typed find little: it runs
// only when full text finds fewer than this many candidates. An e-mail address
// shares its domain's trigrams with every address on it, so one that full text
// finds is taken as typed.
const FUZZY_BELOW = 20
// Lower than pg_trgm's default (0.6) so a missing letter in a short word
// still matches: "Postgress" → "postgresql" scores 0.8, "Kubernets" 0.8,
// "Pyton" → "python" 0.5. Swapped letters in short words are beyond trigrams
// ("Pyhton" 0.29, "Jonh" → "john" 0.4); lower would let noise in.
const WORD_SIMILARITY_THRESHOLD = '0.5'

/** Splits a query into terms: words or "quoted phrases", a leading "-" excluding one. At most 16. */
export function parseSearchTerms(q: string): { terms: string[]; negated: boolean[]; fuzzyText: string } {
  const found = [...q.matchAll(/(-?)"([^"]+)"|(-?)([^\s"]+)/g)].slice(0, 16).map((m) => ({ negated: (m[1] ?? m[3]) === '-', text: (m[2] ?? m[4] ?? '').trim() }))
  const positive = found.filter((t) => !t.negated && t.text)
  // Exclusions alone would match nearly everyone: they only narrow a query that has something to find.
  const kept = positive.length ? found.filter((t) => t.text) : []
  return { terms: kept.map((t) => t.text), negated: kept.map((t) => t.negated), fuzzyText: positive.map((t) => t.text).join(' ').toLowerCase() }
}

/**
 * Admins and recruiters search the notes too; hiring managers and interviewers
 * search the same document without them (see the candidates model): a hit would
 * tell them what a note they may not read says.
 */
function searchDocumentFor(principal: Principal): Prisma.Sql {
  return raw(seesAllJobs(principal) ? 'c.search_document' : 'c.team_search_document')
}

/** The search statement (exported so its plan can be checked); run it with the similarity threshold set. */
export function searchSql(principal: Principal, query: ReturnType<typeof parseSearchTerms>, filters: CandidateFilters, page: { limit: number; after?: SearchCursor }): Prisma.Sql {
  const { terms, negated, fuzzyText } = query
  const where = candidateFilterSql(filters, principal)
  const document = searchDocumentFor(principal)
  const after = page.after ? sql`WHERE rank < ${page.after.rank}::float8 OR (rank = ${page.after.rank}::float8 AND id > ${page.after.id}::uuid)` : empty
  return sql`
    WITH term AS (
      SELECT t.negated, websearch_to_tsquery('english', t.text) AS en, websearch_to_tsquery('simple', t.text) AS si
        FROM unnest(${terms}::text[], ${negated}::boolean[]) AS t(text, negated)
    ), query AS (
      SELECT string_agg(CASE WHEN negated THEN '!(' ELSE '(' END || (en || si)::text || ')', ' & ')::tsquery AS q
        FROM term WHERE numnode(en) > 0
    ), fts AS (
      SELECT c.id FROM candidates c WHERE ${document} @@ (SELECT q FROM query) AND ${where} LIMIT ${POOL}
    ), fuzzy_wanted AS (
      SELECT count(*) < CASE WHEN strpos(${fuzzyText}, '@') > 0 THEN 1 ELSE ${FUZZY_BELOW} END AND length(${fuzzyText}) >= 3 AS yes FROM fts
    ), fuzzy AS (
      SELECT c.id FROM candidates c
       WHERE (SELECT yes FROM fuzzy_wanted) AND c.search_words %> ${fuzzyText} AND ${where}
       LIMIT ${POOL}
    ), ranked AS (
      SELECT ${summaryColumns},
             coalesce(ts_rank(${document}, (SELECT q FROM query)), 0)::float8
               + CASE WHEN (SELECT yes FROM fuzzy_wanted) THEN 0.5 * word_similarity(${fuzzyText}, c.search_words)::float8 ELSE 0 END AS rank
        FROM (SELECT id FROM fts UNION SELECT id FROM fuzzy) hit JOIN candidates c ON c.id = hit.id
    )
    SELECT * FROM ranked ${after} ORDER BY rank DESC, id ASC LIMIT ${page.limit + 1}`
}

/**
 * Opens the search's own read-only transaction with its settings (SET LOCAL:
 * they end with it): the trigram threshold, and no sequential scans. With LIMIT
 * on a generator the planner otherwise bets on a sequential scan finding enough
 * rows early, which costs a word_similarity per row of the table when few rows
 * match. One round trip (a simple-protocol batch; the values are constants).
 */
export const BEGIN_SEARCH = `BEGIN READ ONLY; SET LOCAL pg_trgm.word_similarity_threshold = ${WORD_SIMILARITY_THRESHOLD}; SET LOCAL enable_seqscan = off`

export function createCandidateSearch(db: Db, pool: pg.Pool) {
  async function listCandidates(principal: Principal, filters: CandidateFilters, page: { limit: number; after?: ListCursor }) {
    await assertFilterJobVisible(db, principal, filters)
    const rows = await pageOfCandidates<CandidateSummaryRow>(db, candidateFilterSql(filters, principal), summaryColumns, page.limit + 1, page.after)
    const items = rows.slice(0, page.limit)
    const last = items[items.length - 1]
    return { items, next: rows.length > page.limit && last ? { createdAt: last.createdAt.toISOString(), id: last.id } : null }
  }

  /**
   * Full-text search (names, e-mail, skills, notes (for admins and recruiters), resume text) plus trigram
   * matching for typos (names, e-mail, skills), ranked together:
   *
   *   rank = ts_rank(document, query) + 0.5 × word_similarity(query text, search_words)
   *
   * where document is search_document for admins and recruiters, team_search_document (no notes) for the rest.
   *
   * ts_rank carries the field weights the search document was built with (a
   * name or skill hit ≈ 0.61, a note ≈ 0.12, resume text ≈ 0.06); the trigram
   * term adds up to 0.5 for a close spelling in a name, e-mail or skill, so an
   * exact skill match (≈ 1.1) ranks above a misspelt one (≈ 0.4), which ranks
   * above a word found only in a resume. The trigram half runs only when the
   * words as typed find fewer than FUZZY_BELOW candidates (see above); when it
   * does not run, its term is 0 for every hit, so ranks stay comparable within
   * one result list, which is all a cursor needs. Each term of the query matches either
   * its English stem or its exact form ('english' or 'simple' configuration),
   * since names and e-mails are indexed unstemmed. Candidates come from the two
   * GIN indexes (each generator LIMITed before ranking); pages follow a
   * (rank, id) keyset cursor.
   */
  async function searchCandidates(principal: Principal, q: string, filters: CandidateFilters, page: { limit: number; after?: SearchCursor }) {
    await assertFilterJobVisible(db, principal, filters)
    const { terms, negated, fuzzyText } = parseSearchTerms(q)
    if (!terms.length) return { items: [], next: null }
    // On the pool, not Prisma's raw path: the search is a hot read (see queryRows).
    const statement = searchSql(principal, { terms, negated, fuzzyText }, filters, page)
    const rows = await withTransaction(pool, (client) => queryRows<CandidateSummaryRow & { rank: number }>(client, statement, preparedNameOf('candidate_search', statement)), BEGIN_SEARCH)
    const items = rows.slice(0, page.limit)
    const last = items[items.length - 1]
    return { items, next: rows.length > page.limit && last ? { rank: last.rank, id: last.id } : null }
  }

  return { listCandidates, searchCandidates }
}
