import { Readable } from 'node:stream'
import { stringify } from 'csv-stringify'
import type { Db } from '../db/client.ts'
import { Prisma } from '../generated/prisma/client.ts'
import type { CandidateFilters } from '../schemas/candidates.ts'
import { recordAudit } from './audit.ts'
import type { Actor } from './candidates.ts'
import { assertFilterJobVisible, candidateFilterSql, pageOfCandidates, type ListCursor } from './candidate-search.ts'
import type { Principal } from './sessions.ts'

export const EXPORT_COLUMNS = [
  'id', 'firstName', 'lastName', 'email', 'phone', 'location', 'timeZone', 'portfolioUrl', 'githubUrl', 'linkedinUrl', 'skills', 'source', 'createdAt', 'updatedAt',
] as const

interface ExportRow {
  id: string
  firstName: string
  lastName: string
  email: string | null
  phone: string | null
  location: string | null
  timeZone: string | null
  portfolioUrl: string | null
  githubUrl: string | null
  linkedinUrl: string | null
  skills: string[]
  source: string | null
  createdAt: Date
  updatedAt: Date
}

const exportColumns = Prisma.raw(`c.id, c.first_name AS "firstName", c.last_name AS "lastName", c.email::text AS email, c.phone, c.location,
  c.time_zone AS "timeZone", c.portfolio_url AS "portfolioUrl", c.github_url AS "githubUrl", c.linkedin_url AS "linkedinUrl",
  coalesce(c.skills, '{}') AS skills, c.source, c.created_at AS "createdAt", c.updated_at AS "updatedAt"`)

const BATCH = 1000

/**
 * The filtered list in list order, read in keyset batches so an export of any
 * size holds one batch in memory. Not a snapshot: a candidate created during
 * the export may or may not appear, but none appears twice or goes missing.
 */
async function* exportRows(db: Db, where: Prisma.Sql): AsyncGenerator<ExportRow> {
  let after: ListCursor | undefined
  for (;;) {
    const rows = await pageOfCandidates<ExportRow>(db, where, exportColumns, BATCH, after)
    yield* rows
    const last = rows[rows.length - 1]
    if (rows.length < BATCH || !last) return
    after = { createdAt: last.createdAt.toISOString(), id: last.id }
  }
}

/**
 * The candidate list as a stream of CSV (re-importable: skills joined with ";")
 * or a JSON array. CSV cells that a spreadsheet would run as a formula (= + - @)
 * get csv-stringify's quote prefix; the import strips it again.
 */
export async function exportCandidates(db: Db, principal: Principal, filters: CandidateFilters, format: 'csv' | 'json', actor: Actor): Promise<Readable> {
  await assertFilterJobVisible(db, principal, filters)
  await recordAudit(db, {
    action: 'candidates.exported', actorId: actor.actorId, entityType: 'candidate_list', jobId: filters.jobId ?? null,
    payload: { format, filters: Object.keys(filters).filter((k) => filters[k as keyof CandidateFilters] !== undefined) }, requestId: actor.requestId ?? null,
  })
  const rows = exportRows(db, candidateFilterSql(filters, principal))
  if (format === 'json') return Readable.from(jsonArray(rows))
  const csv = stringify({ header: true, columns: [...EXPORT_COLUMNS], escape_formulas: true, cast: { date: (d) => d.toISOString() } })
  const source = Readable.from(csvRecords(rows))
  source.on('error', (error) => csv.destroy(error))
  return source.pipe(csv)
}

async function* csvRecords(rows: AsyncIterable<ExportRow>) {
  for await (const row of rows) yield { ...row, skills: row.skills.join(';') }
}

async function* jsonArray(rows: AsyncIterable<ExportRow>) {
  let first = true
  yield '['
  for await (const row of rows) {
    yield (first ? '\n' : ',\n') + JSON.stringify(row)
    first = false
  }
  yield '\n]\n'
}
