import { Readable } from 'node:stream'
import { stringify } from 'csv-stringify'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { DbClient } from '../db/client.ts'
import { recordAudit } from './audit.ts'
import type { Actor } from './candidates.ts'

// What the list exports (candidates, applications) share: reading a list in
// keyset batches, and writing it as CSV or a JSON array without holding it.

export type ExportFormat = 'csv' | 'json'

/** Rows per keyset batch: what one export holds in memory at a time. */
export const EXPORT_BATCH = 1000

/**
 * A list read batch after batch, each continuing from the cursor the previous
 * one ended on, so an export of any size holds one batch in memory. Not a
 * snapshot: a row created during the export may or may not appear, but none
 * appears twice or goes missing.
 */
export async function* keysetBatches<Row, Cursor>(readBatch: (after: Cursor | undefined) => Promise<{ rows: Row[]; next: Cursor | null }>): AsyncGenerator<Row> {
  let after: Cursor | undefined
  for (;;) {
    const { rows, next } = await readBatch(after)
    yield* rows
    if (!next) return
    after = next
  }
}

/**
 * The rows as a stream of CSV (a header, then `columns` in that order) or a
 * JSON array of the rows as they are. CSV cells that a spreadsheet would run as
 * a formula (= + - @, tab, CR) get csv-stringify's quote prefix: exports are
 * opened in spreadsheets, and their cells hold what candidates typed.
 * `toCsvRecord` flattens what CSV cannot hold (arrays) into one cell.
 */
export function exportBody<Row extends object>(rows: AsyncIterable<Row>, format: ExportFormat, columns: readonly string[], toCsvRecord?: (row: Row) => object): Readable {
  if (format === 'json') return Readable.from(jsonArray(rows))
  const csv = stringify({ header: true, columns: [...columns], escape_formulas: true, cast: { date: (d) => d.toISOString() } })
  const source = Readable.from(toCsvRecord ? mapRows(rows, toCsvRecord) : rows)
  // pipe() does not carry errors: a failed batch must end the response, not stall it.
  source.on('error', (error) => csv.destroy(error))
  return source.pipe(csv)
}

/**
 * Every export is audited before its first row is read: who took which list,
 * in which format, filtered by what (the filters' names, not their values,
 * which can be personal data such as a source).
 */
export async function recordExport(
  db: DbClient, list: { action: string; entityType: string }, format: ExportFormat, filters: { jobId?: string }, actor: Actor,
): Promise<void> {
  await recordAudit(db, {
    action: list.action, actorId: actor.actorId, entityType: list.entityType, jobId: filters.jobId ?? null,
    payload: { format, filters: Object.keys(filters).filter((k) => filters[k as keyof typeof filters] !== undefined) }, requestId: actor.requestId ?? null,
  })
}

/**
 * Sends an export as an attachment (`candidates-2026-01-31.csv`). A batch that
 * fails after the 200 has gone out can only end the stream, so it is logged
 * here; database errors can quote the row they failed on, so the log says
 * what failed, never the values.
 */
export function sendExport(request: FastifyRequest, reply: FastifyReply, list: string, format: ExportFormat, body: Readable): FastifyReply {
  body.on('error', (error) => request.log.error({ failure: { name: (error as Error | null)?.name, code: (error as { code?: unknown } | null)?.code } }, `${list} export stopped`))
  const day = new Date().toISOString().slice(0, 10)
  return reply
    .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
    .header('content-disposition', `attachment; filename="${list}-${day}.${format}"`)
    .send(body)
}

async function* mapRows<Row>(rows: AsyncIterable<Row>, map: (row: Row) => object) {
  for await (const row of rows) yield map(row)
}

async function* jsonArray(rows: AsyncIterable<object>) {
  let first = true
  yield '['
  for await (const row of rows) {
    yield (first ? '\n' : ',\n') + JSON.stringify(row)
    first = false
  }
  yield '\n]\n'
}
