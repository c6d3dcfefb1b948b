import { Transform, type Readable } from 'node:stream'
import { parse, type CsvError, type Info } from 'csv-parse'
import { v7 as uuidv7 } from 'uuid'
import type { Db } from '../db/client.ts'
import { Errors, isNotOneFile } from '../errors.ts'
import { onUploadError } from '../http/upload-errors.ts'
import { recordAudit } from './audit.ts'
import type { Actor } from './candidates.ts'
import { upsertCandidateBatch, type ImportRow, type ImportTarget } from './candidate-import-batch.ts'
import { isCsvError, mapHeader, toCandidateRow, type ImportColumn } from './candidate-import-csv.ts'

const BATCH_SIZE = 500
const IN_FLIGHT = 2
// Bounds what the parser buffers for one record (an unclosed quote would otherwise take in the rest of the file).
const MAX_RECORD_BYTES = 64 * 1024

export interface ReportLine {
  line: number
  status: 'created' | 'updated' | 'unchanged' | 'rejected'
  id?: string
  /** Why a row was rejected; on a row whose candidate was imported, why its application was refused. */
  reason?: string
  application?: 'created' | 'exists' | 'refused'
  applicationId?: string
}

export interface ImportOptions {
  jobId?: string
  actor: Actor
  /** Told about an unexpected failure (the report only says the import stopped). */
  onError?: (error: unknown) => void
  /** Throws NotOneFile if the request carried more than the file (read once the file is). */
  nothingFollows?: () => Promise<void>
}

/**
 * Streams a candidate CSV into the database: parsed record by record
 * (csv-parse), validated with the API's own schema, upserted by e-mail in
 * batches. Resolves once the header has been read, so a file that cannot be
 * imported at all answers 400 before any report is streamed; the returned
 * generator yields the report as NDJSON lines, then a summary line. Neither the
 * file nor the report is ever held whole in memory.
 */
export async function beginCandidateImport(db: Db, file: Readable & { truncated?: boolean }, options: ImportOptions): Promise<AsyncGenerator<string>> {
  const target = options.jobId ? await resolveTargetJob(db, options.jobId) : null
  let header: ImportColumn[] | undefined
  const used: ImportColumn[] = []
  const skipped: CsvError[] = []
  const parser = parse({
    bom: true, trim: true, skip_empty_lines: true, skip_records_with_error: true, info: true, max_record_size: MAX_RECORD_BYTES,
    columns: (names: string[]) => {
      const keys = mapHeader(names, used)
      header = used
      return keys
    },
  })
  parser.on('skip', (error: CsvError) => {
    // csv-parse cannot find its way back after an over-long record and would
    // silently drop the rest of the file: stop there, and say so.
    if (error.code === 'CSV_MAX_RECORD_SIZE') parser.destroy(error)
    else skipped.push(error)
  })
  onUploadError(file, (error) => parser.destroy(error as Error))
  file.pipe(withoutCutOffLine(file)).pipe(parser)
  const records = parser[Symbol.asyncIterator]() as AsyncIterator<{ record: Record<string, string>; info: Info }>
  const first = await records.next().catch((error: unknown) => {
    file.resume()
    throw isCsvError(error) ? new Errors.ImportNotCsv(error.message) : error
  })
  if (!header) throw new Errors.ImportBadHeader('the file is empty')
  return report(db, { records, first, skipped, file, parser, header, target, actor: options.actor, onError: options.onError, nothingFollows: options.nothingFollows })
}

interface ReportState {
  records: AsyncIterator<{ record: Record<string, string>; info: Info }>
  first: IteratorResult<{ record: Record<string, string>; info: Info }>
  skipped: CsvError[]
  file: Readable & { truncated?: boolean }
  parser: Readable
  header: ImportColumn[]
  target: ImportTarget | null
  actor: Actor
  onError?: (error: unknown) => void
  nothingFollows?: () => Promise<void>
}

interface Batch {
  outcomes: Promise<ReportLine[]>
  emails: Set<string>
}

/**
 * Rows gather into batches; up to IN_FLIGHT batches are written at once (the
 * database does the heavy part, index upkeep and the search trigger, and two
 * transactions use two cores), and their reports come out in file order. Two
 * batches in flight never share an e-mail, so "the last row for an e-mail
 * wins" holds as if the file were read one row at a time, and the two
 * transactions never wait on each other's rows.
 */
async function* report(db: Db, s: ReportState): AsyncGenerator<string> {
  const importId = uuidv7()
  const totals = { rows: 0, created: 0, updated: 0, unchanged: 0, rejected: 0, applicationsCreated: 0, applicationsSkipped: 0, applicationsRefused: 0 }
  const context = { header: s.header, target: s.target, actor: s.actor, importId }
  const inFlight: Batch[] = []
  let rejected: ReportLine[] = []
  let pending: ImportRow[] = []
  let emails = new Set<string>()
  let error: string | undefined

  const start = () => {
    if (!pending.length && !rejected.length) return
    const [rows, early] = [pending, rejected]
    const outcomes = rows.length ? upsertCandidateBatch(db, rows, context).then((written) => [...early, ...written]) : Promise.resolve(early)
    outcomes.catch(() => {}) // awaited in order below; this only keeps an early failure from counting as unhandled
    inFlight.push({ outcomes, emails })
    pending = []
    rejected = []
    emails = new Set()
  }
  const settle = async function* (keep: number) {
    while (inFlight.length > keep) {
      const outcomes = (await inFlight.shift()!.outcomes).sort((a, b) => a.line - b.line)
      for (const outcome of outcomes) {
        totals[outcome.status]++
        totals.rows++
        if (outcome.application === 'created') totals.applicationsCreated++
        if (outcome.application === 'exists') totals.applicationsSkipped++
        if (outcome.application === 'refused') totals.applicationsRefused++
        yield JSON.stringify(outcome) + '\n'
      }
    }
  }
  const takeSkipped = () => {
    for (const skip of s.skipped.splice(0)) rejected.push({ line: Number(skip.lines) || 0, status: 'rejected', reason: skip.message })
  }

  try {
    for (let next = s.first; !next.done; next = await s.records.next()) {
      takeSkipped()
      const line = next.value.info.lines
      const row = toCandidateRow(next.value.record, line)
      if ('reason' in row) rejected.push({ line, status: 'rejected', reason: row.reason })
      else {
        // One INSERT … ON CONFLICT cannot update a row twice, and a later row must land after an earlier one.
        if (emails.has(row.emailKey)) start()
        if (inFlight.some((batch) => batch.emails.has(row.emailKey))) yield* settle(0)
        pending.push(row)
        emails.add(row.emailKey)
      }
      if (pending.length >= BATCH_SIZE || rejected.length >= BATCH_SIZE) {
        yield* settle(IN_FLIGHT - 1)
        start()
      }
    }
    takeSkipped()
    start()
    yield* settle(0)
    if (s.file.truncated) error = 'the file is larger than the import limit: only the rows reported above were imported'
    // The rows are in by now, so another part is not refused: the summary says it was not read.
    else if (!(await endsWithTheFile(s))) error = 'the body had more than the one file part: the rows reported above (the whole first file) were imported, nothing after it was read'
  } catch (caught) {
    const upload = isUploadError(caught)
    error = isCsvError(caught)
      ? `the file is not valid CSV (${caught.message}); the import stopped there: the rows reported above were imported`
      : upload
        ? `${caught.message}; the import stopped there: the rows reported above were imported, the rows after them were not`
        : 'the import stopped on an unexpected error; the rows reported above were imported'
    if (!isCsvError(caught) && !upload) s.onError?.(caught)
    // Report what the batches still in flight did, so the report stays true.
    for (;;) {
      try {
        yield* settle(0)
        break
      } catch {
        continue
      }
    }
  } finally {
    s.parser.destroy()
    s.file.resume()
    // A client that hung up leaves batches running: let them finish before the import is recorded.
    await Promise.allSettled(inFlight.map((batch) => batch.outcomes))
    await recordAudit(db, {
      action: 'candidates.imported', actorId: s.actor.actorId, entityType: 'import', entityId: importId, jobId: s.target?.jobId ?? null,
      payload: { ...totals, columns: s.header, ...(error ? { stopped: true } : {}) }, requestId: s.actor.requestId ?? null,
    })
  }
  yield JSON.stringify({ summary: { importId, ...totals, ...(error ? { error } : {}) } }) + '\n'
}

/** Whether the request held nothing after the CSV file part. */
async function endsWithTheFile(s: ReportState): Promise<boolean> {
  try {
    await s.nothingFollows?.()
    return true
  } catch (error) {
    if (isNotOneFile(error)) return false
    throw error
  }
}

// A body cut short (or any 4xx the multipart parser raises) is the client's, not a failure of ours to log.
function isUploadError(error: unknown): error is Error {
  const status = (error as { statusCode?: unknown } | null)?.statusCode
  return error instanceof Error && typeof status === 'number' && status >= 400 && status < 500
}

/**
 * The job to apply imported candidates to: it must exist and be open, and its
 * plan must have a stage, or the import is refused before any row. Only a first
 * look: each batch checks the job and finds its first stage again.
 */
async function resolveTargetJob(db: Db, jobId: string): Promise<ImportTarget> {
  const job = await db.job.findUnique({
    where: { id: jobId },
    select: { status: true, stages: { where: { archivedAt: null }, orderBy: [{ position: 'asc' }, { id: 'asc' }], take: 1, select: { id: true } } },
  })
  if (!job) throw new Errors.NotFound('Job')
  if (job.status !== 'OPEN') throw new Errors.Conflict(`the job is ${job.status === 'CLOSED' ? 'closed' : 'not open'}: it takes no applications`)
  if (!job.stages.length) throw new Errors.Conflict('the job has no stages in its assessment plan')
  return { jobId }
}

/**
 * A file cut off at the import limit ends in the middle of a row, and the
 * parser would take that partial line ("ada@exa") for a whole row and import
 * it. This passes the file through up to its last line break and keeps what
 * follows until the end: passed on then if the file arrived whole, dropped if
 * it was cut off (the summary says so). A line longer than a record may be is
 * passed on at once: the parser refuses it anyway, and holding it would not
 * bound memory.
 */
function withoutCutOffLine(file: Readable & { truncated?: boolean }): Transform {
  let tail: Buffer = Buffer.alloc(0)
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const data = tail.length ? Buffer.concat([tail, chunk]) : chunk
      const cut = data.lastIndexOf(0x0a) + 1
      tail = data.subarray(cut)
      if (tail.length > MAX_RECORD_BYTES) {
        tail = Buffer.alloc(0)
        return done(null, data)
      }
      done(null, data.subarray(0, cut))
    },
    flush(done) {
      if (!file.truncated && tail.length) this.push(tail)
      done()
    },
  })
}
