// The job an import applies its candidates to changes while the file is still
// arriving: a plan edit removes the first stage, or the job closes. Every batch
// looks at the job again, under locks, so later rows go to the new first stage
// and a closed job gets no applications (the candidates are still imported).
// A body stream paused between batches, and a test-only trigger (see
// holdWriters) holding one side of a race, make each interleaving happen every
// time.
import { PassThrough } from 'node:stream'
import t from 'tap'
import { buildTestApp } from '../helpers/app.ts'
import { holdWriters } from '../helpers/held-writers.ts'
import { bearer, createUser } from '../helpers/users.ts'
import { eventually } from '../helpers/waiting.ts'
import { createJob } from './helpers.ts'

const { app, config } = await buildTestApp(t)
const recruiter = await createUser(app, 'RECRUITER')

type Line = { line: number; status: string; id?: string; reason?: string; application?: string; applicationId?: string }
type Summary = { rows: number; created: number; applicationsCreated: number; applicationsSkipped: number; applicationsRefused: number; error?: string }
type Job = Awaited<ReturnType<typeof createJob>>

const CLOSED_DURING_IMPORT = 'application not created: the job closed during the import'
const header = 'firstName,lastName,email\n'
const rows = (from: number, to: number, tag: string) => {
  let csv = ''
  for (let i = from; i < to; i++) csv += `Row${i},${tag},${tag}.${i}@job-changes.test\n`
  return csv
}

function parseReport(body: string) {
  const lines = body.trim().split('\n').map((l) => JSON.parse(l))
  const { summary } = lines.pop() as { summary: Summary }
  if (summary.error) throw new Error(`import stopped: ${summary.error}`)
  return { lines: lines as Line[], summary }
}

/**
 * An import whose file arrives in two parts: `first` is sent at once, `rest`
 * only when sendRest() is called, so whatever the test does in between happens
 * after the batches of `first` that are already full and before the others.
 */
function streamedImport(jobId: string, first: string) {
  const boundary = 'shortlist-job-changes'
  const body = new PassThrough()
  body.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="candidates.csv"\r\nContent-Type: text/csv\r\n\r\n${header}${first}`)
  const response = app.inject({
    method: 'POST', url: `/candidates/import?jobId=${jobId}`,
    headers: { ...bearer(recruiter), 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: body,
  })
  return {
    sendRest: async (rest: string) => {
      body.end(`${rest}\r\n--${boundary}--\r\n`)
      const res = await response
      if (res.statusCode !== 200) throw new Error(`import failed: ${res.statusCode} ${res.body}`)
      return parseReport(res.body)
    },
  }
}

async function importCsv(csv: string, jobId: string) {
  const { sendRest } = streamedImport(jobId, csv)
  return sendRest('')
}

const applicationsOf = (job: Job) => app.db.application.count({ where: { jobId: job.id } })

/** PUT /jobs/:id/plan removing the first stage, its applications moved to the second. */
function removeFirstStage(job: Job) {
  return app.inject({
    method: 'PUT', url: `/jobs/${job.id}/plan`, headers: bearer(recruiter),
    payload: {
      stages: [{ id: job.stageIds[1], name: 'Technical interview', kind: 'INTERVIEW', requiredScorecards: 0 }],
      removedStages: [{ id: job.stageIds[0], moveApplicationsTo: job.stageIds[1], reason: 'Resume review dropped for this job' }],
    },
  })
}
const closeJob = (job: Job) => app.inject({ method: 'POST', url: `/jobs/${job.id}/close`, headers: bearer(recruiter) })

/** Where the job's applications are, and which stage each "application received" e-mail names. */
async function placement(job: Job) {
  const [first, second] = job.stageIds
  const byStage = await app.db.application.groupBy({ by: ['stageId'], where: { jobId: job.id, status: 'ACTIVE' }, _count: { _all: true } })
  const count = (stageId?: string) => byStage.find((s) => s.stageId === stageId)?._count._all ?? 0
  const received = await app.db.outboxEvent.findMany({ where: { topic: 'application.received', payload: { path: ['jobId'], equals: job.id } }, select: { payload: true } })
  const receivedAt = (stageId?: string) => received.filter((e) => (e.payload as { toStageId?: string }).toStageId === stageId).length
  return { inFirst: count(first), inSecond: count(second), receivedFirst: receivedAt(first), receivedSecond: receivedAt(second) }
}

t.test('a plan edit between two batches removes the first stage: the later rows apply to the new first stage', async (t) => {
  const job = await createJob(app)
  const importing = streamedImport(job.id, rows(0, 600, 'plan'))
  // The first 500 rows make the first batch; the next 100 wait for more of the file.
  await eventually('the first batch to commit', async () => ((await applicationsOf(job)) === 500 ? true : undefined))
  const edit = await removeFirstStage(job)
  t.equal(edit.statusCode, 200, 'the plan edit moves the first batch to the second stage')
  const { lines, summary } = await importing.sendRest(rows(600, 800, 'plan'))

  t.equal(lines.length, 800)
  t.ok(lines.every((l) => l.status === 'created' && l.application === 'created' && l.applicationId), 'every row made its candidate and its application')
  t.match(summary, { rows: 800, created: 800, applicationsCreated: 800, applicationsSkipped: 0, applicationsRefused: 0 })
  t.same(await placement(job), { inFirst: 0, inSecond: 800, receivedFirst: 500, receivedSecond: 300 }, 'nobody is left in the removed stage')
  const later = await app.db.stageTransition.findMany({ where: { applicationId: { in: lines.slice(500).map((l) => l.applicationId!) } } })
  t.equal(later.length, 300, 'a later row has one transition')
  t.ok(later.every((tr) => tr.kind === 'APPLIED' && tr.toStageId === job.stageIds[1]), 'into the new first stage')
})

t.test('a job closed between two batches: the later candidates are imported, their applications refused with the reason', async (t) => {
  const job = await createJob(app)
  const importing = streamedImport(job.id, rows(0, 600, 'close'))
  await eventually('the first batch to commit', async () => ((await applicationsOf(job)) === 500 ? true : undefined))
  t.equal((await closeJob(job)).statusCode, 200)
  const { lines, summary } = await importing.sendRest(rows(600, 800, 'close'))

  t.ok(lines.slice(0, 500).every((l) => l.application === 'created'), 'the rows written before the close have their applications')
  const later = lines.slice(500)
  t.equal(later.length, 300)
  t.ok(later.every((l) => l.status === 'created' && l.id), 'the later candidates are imported')
  t.ok(later.every((l) => l.application === 'refused' && l.reason === CLOSED_DURING_IMPORT && !l.applicationId), 'each says why it has no application')
  t.match(summary, { rows: 800, created: 800, applicationsCreated: 500, applicationsSkipped: 0, applicationsRefused: 300 })
  t.equal(await applicationsOf(job), 500, 'no application to the closed job')
  t.equal(await app.db.candidate.count({ where: { lastName: 'close' } }), 800)
  t.equal(await app.db.auditEvent.count({ where: { action: 'application.applied', jobId: job.id } }), 500)
  t.equal((await placement(job)).receivedFirst, 500, 'and no "application received" e-mail for the refused ones')
})

t.test('a plan edit made while a batch writes its applications waits for the batch, then moves them with the rest', async (t) => {
  const job = await createJob(app)
  const hold = await holdWriters(config.DATABASE_URL, 'applications', 'INSERT')
  t.teardown(hold.remove)
  const importing = importCsv(rows(0, 3, 'waits'), job.id)
  await hold.reached()
  const editing = removeFirstStage(job)
  await hold.settledOrWaitingOnRow(editing)
  await hold.release()
  const { lines } = await importing

  t.equal((await editing).statusCode, 200)
  t.ok(lines.every((l) => l.application === 'created'))
  t.same(await placement(job), { inFirst: 0, inSecond: 3, receivedFirst: 3, receivedSecond: 0 }, 'the edit found the batch\'s applications in the stage it removed and moved them')
  const moved = await app.db.stageTransition.count({ where: { kind: 'MOVED', fromStageId: job.stageIds[0], toStageId: job.stageIds[1] } })
  t.equal(moved, 3, 'each move recorded')
})

/** Starts `change`, holds it at its first update of `table` (the job and its stages locked), and imports `csv` into it; both then finish. */
async function importMeeting(t: { teardown(fn: () => unknown): void }, table: 'stages' | 'jobs', change: () => ReturnType<typeof closeJob>, csv: string, jobId: string) {
  const hold = await holdWriters(config.DATABASE_URL, table, 'UPDATE')
  t.teardown(hold.remove)
  const changing = change()
  await hold.reached()
  const importing = importCsv(csv, jobId)
  await hold.settledOrWaitingOnRow(importing)
  await hold.release()
  return { changed: await changing, ...(await importing) }
}

t.test('a batch that meets a plan edit under way waits for it, then applies to the new first stage', async (t) => {
  const job = await createJob(app)
  // The edit re-numbers the stage it keeps: held there.
  const { changed, lines } = await importMeeting(t, 'stages', () => removeFirstStage(job), rows(0, 3, 'meets'), job.id)
  t.equal(changed.statusCode, 200)
  t.ok(lines.every((l) => l.application === 'created'))
  t.same(await placement(job), { inFirst: 0, inSecond: 3, receivedFirst: 0, receivedSecond: 3 })
})

t.test('a batch that meets a close under way waits for it, then refuses the applications', async (t) => {
  const job = await createJob(app)
  const { changed, lines, summary } = await importMeeting(t, 'jobs', () => closeJob(job), rows(0, 3, 'closing'), job.id)
  t.equal(changed.statusCode, 200)
  t.ok(lines.every((l) => l.status === 'created' && l.application === 'refused' && l.reason === CLOSED_DURING_IMPORT))
  t.match(summary, { created: 3, applicationsCreated: 0, applicationsRefused: 3 })
  t.equal(await applicationsOf(job), 0)
})
