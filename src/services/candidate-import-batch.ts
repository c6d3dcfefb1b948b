import { v7 as uuidv7 } from 'uuid'
import type { Db, DbClient } from '../db/client.ts'
import { Prisma } from '../generated/prisma/client.ts'
import type { CreateCandidateBody } from '../schemas/candidates.ts'
import { ERASED_ADDRESS, type Actor } from './candidates.ts'
import type { ReportLine } from './candidate-import.ts'
import type { ImportColumn } from './candidate-import-csv.ts'

const { sql, raw, join } = Prisma

export interface ImportRow {
  line: number
  input: CreateCandidateBody
  emailKey: string
}
/** The job an import applies its candidates to; each batch finds its first stage again (see applyToTarget). */
export interface ImportTarget {
  jobId: string
}
export type RowOutcome = ReportLine
interface BatchContext {
  header: ImportColumn[]
  target: ImportTarget | null
  actor: Actor
  importId: string
}

// Optional columns: a file that has the column sets them (an empty cell clears
// the value); a file without it leaves what is stored alone.
const OPTIONAL: Array<[ImportColumn, string]> = [
  ['phone', 'phone'], ['location', 'location'], ['timeZone', 'time_zone'], ['portfolioUrl', 'portfolio_url'],
  ['githubUrl', 'github_url'], ['linkedinUrl', 'linkedin_url'], ['skills', 'skills'], ['source', 'source'],
]

/**
 * One batch of rows, in one transaction: the candidates upserted by e-mail and,
 * with a target job, their applications with APPLIED transitions, audit events
 * and "application received" outbox rows, as the API's apply writes them.
 *
 * Why raw SQL: Prisma's upsert is a round trip (or two) per row, 200k+ for a
 * 100k-row file; one INSERT … ON CONFLICT over a jsonb array of 500 rows does
 * the same work in one statement, and the unique index on e-mail (citext)
 * settles races with concurrent creates. `xmax = 0` tells a fresh insert from
 * an update; rows whose values did not change are not updated at all (the
 * WHERE on DO UPDATE), so re-importing a file rewrites nothing.
 */
export async function upsertCandidateBatch(db: Db, rows: ImportRow[], ctx: BatchContext): Promise<RowOutcome[]> {
  // Read committed (the database's default), named because upsertUnlessErased
  // relies on it: each statement sees what committed before it began.
  return db.$transaction(async (tx) => {
    const { erased, byEmail } = await upsertUnlessErased(tx, rows, ctx.header)
    const outcomes: RowOutcome[] = rows.map((row) => {
      if (erased.has(row.emailKey)) return { line: row.line, status: 'rejected', reason: ERASED_ADDRESS }
      const written = byEmail.get(row.emailKey)
      return written ? { line: row.line, status: written.status, id: written.id } : { line: row.line, status: 'rejected', reason: 'the candidate changed during the import; import the row again' }
    })
    const changed = outcomes.filter((o) => o.status === 'created' || o.status === 'updated')
    await insertAuditEvents(tx, ctx.actor, changed.map((o) => ({
      action: 'candidate.imported', entity_type: 'candidate', entity_id: o.id!, candidate_id: o.id!, job_id: null,
      payload: { importId: ctx.importId, created: o.status === 'created', fields: ctx.header },
    })))
    if (ctx.target) await applyToTarget(tx, outcomes.filter((o) => o.id), ctx.target, ctx)
    return outcomes
  }, { isolationLevel: Prisma.TransactionIsolationLevel.ReadCommitted, timeout: 60_000 })
}

/**
 * Upserts the rows whose addresses were not erased at their owner's request;
 * answers which were. Checked before the upsert (the common case: an old file
 * imported again) and once more after it, as createCandidate does: an erasure
 * that commits between the first check and the upsert has taken the address
 * off its candidate, so the upsert meets no conflict and inserts the address
 * afresh; one under way when the upsert runs holds the candidate's row, so the
 * upsert waits for it and then does the same. Either way the erasure has
 * committed by the second check, which sees it. An erasure that starts after
 * the upsert waits for the rows it locked and erases what this batch wrote.
 *
 * The rows the second check catches are undone by rolling back to a savepoint
 * taken before the upsert, and the upsert runs again without them (checked
 * again too, for an erasure that committed meanwhile; each round drops a row,
 * so this ends). The rollback undoes an update as well as an insert, with what
 * the search trigger wrote, and nothing else has been written yet: audit
 * events and applications come after.
 */
async function upsertUnlessErased(tx: DbClient, rows: ImportRow[], header: ImportColumn[]) {
  const erased = await erasedAddresses(tx, rows)
  await tx.$executeRaw`SAVEPOINT import_upsert`
  for (;;) {
    const allowed = rows.filter((row) => !erased.has(row.emailKey))
    const byEmail = await upsertCandidates(tx, allowed, header)
    const erasedSince = await erasedAddresses(tx, allowed)
    if (erasedSince.size === 0) {
      await tx.$executeRaw`RELEASE SAVEPOINT import_upsert`
      return { erased, byEmail }
    }
    await tx.$executeRaw`ROLLBACK TO SAVEPOINT import_upsert`
    for (const email of erasedSince) erased.add(email)
  }
}

/** The rows' addresses whose owners were erased at their request (see assertAddressNotErased). */
async function erasedAddresses(tx: DbClient, rows: ImportRow[]): Promise<Set<string>> {
  if (!rows.length) return new Set()
  const found = await tx.$queryRaw<Array<{ email: string }>>`
    SELECT r.email FROM unnest(${rows.map((r) => r.emailKey)}::text[]) AS r(email)
     WHERE EXISTS (SELECT 1 FROM erased_addresses e WHERE e.hash = address_hash(r.email))`
  return new Set(found.map((f) => f.email))
}

async function upsertCandidates(tx: DbClient, rows: ImportRow[], header: ImportColumn[]) {
  if (!rows.length) return new Map<string, { id: string; status: 'created' | 'updated' | 'unchanged' }>()
  const records = rows.map(({ input }) => ({
    id: uuidv7(), email: input.email, first_name: input.firstName, last_name: input.lastName, phone: input.phone ?? null,
    location: input.location ?? null, time_zone: input.timeZone ?? null, portfolio_url: input.portfolioUrl ?? null,
    github_url: input.githubUrl ?? null, linkedin_url: input.linkedinUrl ?? null, skills: input.skills ?? [], source: input.source ?? null,
  }))
  // Column names come from the fixed list above, never from the file.
  const next = (column: string, key: ImportColumn) => raw(header.includes(key) ? `EXCLUDED.${column}` : `c.${column}`)
  const setOptional = join(OPTIONAL.map(([key, column]) => sql`${raw(column)} = ${next(column, key)}`), ', ')
  const newValues = join(OPTIONAL.map(([key, column]) => next(column, key)), ', ')
  const oldValues = raw(OPTIONAL.map(([, column]) => `c.${column}`).join(', '))
  const written = await tx.$queryRaw<Array<{ id: string; email: string; created: boolean }>>`
    INSERT INTO candidates AS c (id, email, first_name, last_name, phone, location, time_zone, portfolio_url, github_url, linkedin_url, skills, source, updated_at)
    SELECT r.id, r.email, r.first_name, r.last_name, r.phone, r.location, r.time_zone, r.portfolio_url, r.github_url, r.linkedin_url,
           ARRAY(SELECT jsonb_array_elements_text(r.skills)), r.source, now()
      FROM jsonb_to_recordset(${JSON.stringify(records)}::jsonb) AS r(id uuid, email text, first_name text, last_name text, phone text, location text,
           time_zone text, portfolio_url text, github_url text, linkedin_url text, skills jsonb, source text)
    ON CONFLICT (email) DO UPDATE SET first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name, ${setOptional}, updated_at = now()
     WHERE (c.first_name, c.last_name, ${oldValues}) IS DISTINCT FROM (EXCLUDED.first_name, EXCLUDED.last_name, ${newValues})
    RETURNING c.id, c.email::text AS email, (c.xmax = 0) AS created`
  const byEmail = new Map<string, { id: string; status: 'created' | 'updated' | 'unchanged' }>()
  for (const w of written) byEmail.set(w.email.toLowerCase(), { id: w.id, status: w.created ? 'created' : 'updated' })
  const untouched = rows.filter((r) => !byEmail.has(r.emailKey)).map((r) => r.input.email)
  if (untouched.length) {
    const found = await tx.$queryRaw<Array<{ id: string; email: string }>>`
      SELECT id, email::text AS email FROM candidates WHERE email = ANY(${untouched}::citext[])`
    for (const f of found) byEmail.set(f.email.toLowerCase(), { id: f.id, status: 'unchanged' })
  }
  return byEmail
}

/**
 * Applies the batch's candidates to the job at its first live stage, skipping
 * (and reporting) those with an active application there, as the API's apply
 * does. The job's open status and its plan are looked at again in each batch:
 * a file takes minutes to arrive, and a recruiter may close the job or remove
 * its first stage meanwhile. The job row is share-locked first, in a statement
 * of its own: a plan edit or a close (both lock the job row, lockJob) that is
 * under way is waited for, and one that starts later waits for this batch and
 * then sees its applications (a plan edit moves them with the others). The
 * INSERT that follows takes a new snapshot, so it reads the plan as it stands
 * under that lock; doing both in one statement would read the stages as they
 * were before the wait. Rows of a batch that finds the job closed keep their
 * candidates; their applications are refused and each line says why.
 */
async function applyToTarget(tx: DbClient, outcomes: RowOutcome[], target: ImportTarget, ctx: BatchContext): Promise<void> {
  if (!outcomes.length) return
  const [job] = await tx.$queryRaw<Array<{ status: string }>>`SELECT status::text AS status FROM jobs WHERE id = ${target.jobId}::uuid FOR SHARE`
  if (job?.status !== 'OPEN') return refuseApplications(outcomes, !job ? 'the job was deleted during the import' : job.status === 'CLOSED' ? 'the job closed during the import' : 'the job is no longer open')
  const wanted = outcomes.map((o) => ({ id: uuidv7(), candidate_id: o.id! }))
  // One row per application created, or one row with no application when all
  // existed; none at all when the plan has no live stage. The stage is
  // share-locked as lockStageForEntry does, for any write to it that does not
  // go through lockJob.
  const written = await tx.$queryRaw<Array<{ stageId: string; id: string | null; candidateId: string | null }>>`
    WITH first_stage AS (
      SELECT id FROM stages WHERE job_id = ${target.jobId}::uuid AND archived_at IS NULL ORDER BY position, id LIMIT 1 FOR SHARE
    ), inserted AS (
      INSERT INTO applications AS a (id, candidate_id, job_id, stage_id, updated_at)
      SELECT r.id, r.candidate_id, ${target.jobId}::uuid, s.id, now()
        FROM jsonb_to_recordset(${JSON.stringify(wanted)}::jsonb) AS r(id uuid, candidate_id uuid) CROSS JOIN first_stage s
      ON CONFLICT (candidate_id, job_id) WHERE status = 'ACTIVE' DO NOTHING
      RETURNING a.id, a.candidate_id
    )
    SELECT s.id AS "stageId", i.id, i.candidate_id AS "candidateId" FROM first_stage s LEFT JOIN inserted i ON true`
  const stageId = written[0]?.stageId
  if (!stageId) return refuseApplications(outcomes, 'the job has no stages in its assessment plan')
  const created = written.flatMap((a) => (a.id && a.candidateId ? [{ id: a.id, candidateId: a.candidateId }] : []))
  const createdFor = new Map(created.map((a) => [a.candidateId, a.id]))
  const skipped = outcomes.filter((o) => !createdFor.has(o.id!)).map((o) => o.id!)
  const existing = skipped.length
    ? await tx.application.findMany({ where: { jobId: target.jobId, status: 'ACTIVE', candidateId: { in: skipped } }, select: { id: true, candidateId: true } })
    : []
  const existingFor = new Map(existing.map((a) => [a.candidateId, a.id]))
  for (const o of outcomes) {
    const fresh = createdFor.get(o.id!)
    o.application = fresh ? 'created' : 'exists'
    o.applicationId = fresh ?? existingFor.get(o.id!)
  }
  if (!created.length) return
  const moves = created.map((a) => ({ ...a, transitionId: uuidv7() }))
  const common = { fromStageId: null, toStageId: stageId, fromStatus: null, toStatus: 'ACTIVE' as const }
  await tx.$executeRaw`
    INSERT INTO stage_transitions (id, application_id, kind, to_stage_id, to_status, reason, actor_id)
    SELECT r.id, r.application_id, 'APPLIED', ${stageId}::uuid, 'ACTIVE', 'imported from CSV', ${ctx.actor.actorId}::uuid
      FROM jsonb_to_recordset(${JSON.stringify(moves.map((m) => ({ id: m.transitionId, application_id: m.id })))}::jsonb) AS r(id uuid, application_id uuid)`
  await insertAuditEvents(tx, ctx.actor, moves.map((m) => ({
    action: 'application.applied', entity_type: 'application', entity_id: m.id, candidate_id: m.candidateId, job_id: target.jobId,
    payload: { transitionId: m.transitionId, ...common, overridden: false, version: 1, importId: ctx.importId },
  })))
  const events = moves.map((m) => ({
    id: uuidv7(),
    payload: { applicationId: m.id, candidateId: m.candidateId, jobId: target.jobId, transitionId: m.transitionId, kind: 'APPLIED', fromStageId: null, toStageId: stageId },
  }))
  await tx.$executeRaw`
    INSERT INTO outbox_events (id, topic, payload)
    SELECT r.id, 'application.received', r.payload FROM jsonb_to_recordset(${JSON.stringify(events)}::jsonb) AS r(id uuid, payload jsonb)`
}

/** The candidates stay imported; each line says why no application was made. */
function refuseApplications(outcomes: RowOutcome[], why: string): void {
  for (const o of outcomes) {
    o.application = 'refused'
    o.reason = `application not created: ${why}`
  }
}

interface AuditRow {
  action: string
  entity_type: string
  entity_id: string
  candidate_id: string
  job_id: string | null
  /** Ids and field names only, as every audit payload. */
  payload: Record<string, unknown>
}

/** recordAudit for many rows in one statement (Prisma's createMany spends more time than the database on 500 rows). */
async function insertAuditEvents(tx: DbClient, actor: Actor, rows: AuditRow[]): Promise<void> {
  if (!rows.length) return
  await tx.$executeRaw`
    INSERT INTO audit_events (id, action, actor_id, entity_type, entity_id, candidate_id, job_id, payload, request_id)
    SELECT r.id, r.action, ${actor.actorId}::uuid, r.entity_type, r.entity_id, r.candidate_id, r.job_id, r.payload, ${actor.requestId ?? null}
      FROM jsonb_to_recordset(${JSON.stringify(rows.map((r) => ({ id: uuidv7(), ...r })))}::jsonb)
        AS r(id uuid, action text, entity_type text, entity_id uuid, candidate_id uuid, job_id uuid, payload jsonb)`
}
