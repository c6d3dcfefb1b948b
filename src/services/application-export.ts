import type { Readable } from 'node:stream'
import type { DbClient } from '../db/client.ts'
import { listApplications, type ApplicationCursor, type ApplicationFilters } from './applications.ts'
import type { Actor } from './candidates.ts'
import { EXPORT_BATCH, exportBody, keysetBatches, recordExport, type ExportFormat } from './list-export.ts'
import type { Principal } from './sessions.ts'
import { assertFilterJobVisible } from './candidate-search.ts'

export const APPLICATION_EXPORT_COLUMNS = [
  'id', 'candidateId', 'firstName', 'lastName', 'email', 'jobId', 'jobTitle', 'stageId', 'stageName',
  'status', 'rejectionReason', 'stageEnteredAt', 'createdAt', 'updatedAt', 'closedAt',
] as const

type ExportRow = Record<(typeof APPLICATION_EXPORT_COLUMNS)[number], string | null>

/** The list's filters; the export walks every page itself. */
export type ApplicationExportFilters = Omit<ApplicationFilters, 'limit' | 'after'>

/**
 * The application list, batch by batch, through listApplications itself: the
 * export sees exactly the rows the list shows the same caller (their jobs only,
 * in list order) and nothing the list hides from them. What the list does not
 * carry (the candidate's e-mail, the job's title) is looked up per batch by id;
 * an erased candidate's e-mail is gone, and their name is the list's
 * placeholder.
 */
function exportRows(db: DbClient, principal: Principal, filters: ApplicationExportFilters): AsyncGenerator<ExportRow> {
  const jobTitles = new Map<string, string>() // a handful of jobs across thousands of rows
  return keysetBatches<ExportRow, ApplicationCursor>(async (after) => {
    const page = await listApplications(db, principal, { ...filters, limit: EXPORT_BATCH, after })
    const unknownJobs = [...new Set(page.items.map((a) => a.jobId))].filter((id) => !jobTitles.has(id))
    const [candidates, jobs] = await Promise.all([
      db.candidate.findMany({ where: { id: { in: [...new Set(page.items.map((a) => a.candidateId))] } }, select: { id: true, email: true } }),
      unknownJobs.length ? db.job.findMany({ where: { id: { in: unknownJobs } }, select: { id: true, title: true } }) : [],
    ])
    for (const job of jobs) jobTitles.set(job.id, job.title)
    const emails = new Map(candidates.map((c) => [c.id, c.email]))
    const rows = page.items.map((a): ExportRow => ({
      id: a.id, candidateId: a.candidateId, firstName: a.candidate.firstName, lastName: a.candidate.lastName, email: emails.get(a.candidateId) ?? null,
      jobId: a.jobId, jobTitle: jobTitles.get(a.jobId) ?? null, stageId: a.stageId, stageName: a.stage.name,
      status: a.status, rejectionReason: a.rejectionReason, stageEnteredAt: a.stageEnteredAt, createdAt: a.createdAt, updatedAt: a.updatedAt, closedAt: a.closedAt,
    }))
    return { rows, next: page.next }
  })
}

/**
 * The application list as a stream of CSV or a JSON array, with the list's
 * filters and rules (the route admits admins and recruiters). A job that does
 * not exist is 404. Audited as the candidate export is.
 */
export async function exportApplications(db: DbClient, principal: Principal, filters: ApplicationExportFilters, format: ExportFormat, actor: Actor): Promise<Readable> {
  // Before anything is recorded about the job asked for.
  await assertFilterJobVisible(db, principal, filters)
  await recordExport(db, { action: 'applications.exported', entityType: 'application_list' }, format, filters, actor)
  return exportBody(exportRows(db, principal, filters), format, APPLICATION_EXPORT_COLUMNS)
}
