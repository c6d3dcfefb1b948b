import type { Readable } from 'node:stream'
import type { Db } from '../db/client.ts'
import { Prisma } from '../generated/prisma/client.ts'
import type { CandidateFilters } from '../schemas/candidates.ts'
import type { Actor } from './candidates.ts'
import { assertFilterJobVisible, candidateFilterSql, pageOfCandidates, type ListCursor } from './candidate-search.ts'
import { EXPORT_BATCH, exportBody, keysetBatches, recordExport, type ExportFormat } from './list-export.ts'
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

/** The filtered list in list order, in keyset batches (see keysetBatches). */
function exportRows(db: Db, where: Prisma.Sql): AsyncGenerator<ExportRow> {
  return keysetBatches<ExportRow, ListCursor>(async (after) => {
    const rows = await pageOfCandidates<ExportRow>(db, where, exportColumns, EXPORT_BATCH, after)
    const last = rows[rows.length - 1]
    // A short batch is the last one.
    return { rows, next: rows.length === EXPORT_BATCH && last ? { createdAt: last.createdAt.toISOString(), id: last.id } : null }
  })
}

/**
 * The candidate list as a stream of CSV (re-importable: skills joined with ";")
 * or a JSON array. CSV cells that a spreadsheet would run as a formula (= + - @)
 * get csv-stringify's quote prefix; the import strips it again.
 */
export async function exportCandidates(db: Db, principal: Principal, filters: CandidateFilters, format: ExportFormat, actor: Actor): Promise<Readable> {
  await assertFilterJobVisible(db, principal, filters)
  await recordExport(db, { action: 'candidates.exported', entityType: 'candidate_list' }, format, filters, actor)
  const rows = exportRows(db, candidateFilterSql(filters, principal))
  return exportBody(rows, format, EXPORT_COLUMNS, (row) => ({ ...row, skills: row.skills.join(';') }))
}
