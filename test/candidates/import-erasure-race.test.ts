// An erasure at the candidate's request that commits while an import batch is
// writing: the erased address does not come back through the import. A
// test-only trigger (see holdWriters) holds one side at a chosen point while
// the other runs, so each interleaving happens every time.
import t from 'tap'
import { eraseCandidate } from '../../src/services/candidate-erasure.ts'
import { ERASED_ADDRESS } from '../../src/services/candidates.ts'
import { multipartFile } from '../fixtures/multipart.ts'
import { buildTestApp } from '../helpers/app.ts'
import { bearer, createUser } from '../helpers/users.ts'
import { holdWriters } from '../helpers/held-writers.ts'
import { createCandidate, createJob } from './helpers.ts'

const { app, config } = await buildTestApp(t)
const recruiter = await createUser(app, 'RECRUITER')

type Line = { line: number; status: string; id?: string; reason?: string; application?: string }

async function importCsv(csv: string, jobId: string): Promise<Line[]> {
  const { payload, headers } = multipartFile(Buffer.from(csv), { filename: 'candidates.csv', contentType: 'text/csv' })
  const res = await app.inject({ method: 'POST', url: `/candidates/import?jobId=${jobId}`, headers: { ...bearer(recruiter), ...headers }, payload })
  if (res.statusCode !== 200) throw new Error(`import failed: ${res.statusCode} ${res.body}`)
  const lines = res.body.trim().split('\n').map((l) => JSON.parse(l))
  const { summary } = lines.pop() as { summary: { error?: string } }
  if (summary.error) throw new Error(`import stopped: ${summary.error}`)
  return lines as Line[]
}

/** What an import wrote that could carry the address: candidates holding it, and the job's applications and "application received" events. */
async function importedTrace(address: string, jobId: string) {
  const [row] = await app.db.$queryRaw<Array<{ candidates: number }>>`
    SELECT count(*)::int AS candidates FROM candidates WHERE email IS NOT NULL AND address_hash(email::text) = address_hash(${address})`
  return {
    candidates: row!.candidates,
    applications: await app.db.application.count({ where: { jobId } }),
    received: await app.db.outboxEvent.count({ where: { topic: 'application.received', payload: { path: ['jobId'], equals: jobId } } }),
  }
}

t.test('an erasure that commits between the batch\'s erased-address check and its upsert: the row is rejected and nothing of it is kept', async (t) => {
  const job = await createJob(app)
  const erased = await createCandidate(app, recruiter, { email: 'erased.between@race.test' })
  const kept = await createCandidate(app, recruiter, { email: 'kept.between@race.test', lastName: 'Before' })
  const importedBefore = await app.db.auditEvent.count({ where: { action: 'candidate.imported' } })
  const hold = await holdWriters(config.DATABASE_URL, 'candidates', 'INSERT')
  t.teardown(hold.remove)

  // The upsert (an INSERT … ON CONFLICT) fires the trigger: the batch has checked erased_addresses and waits.
  const importing = importCsv([
    'firstName,lastName,email',
    'Grace,Again,ERASED.BETWEEN@race.test',
    'Kept,After,kept.between@race.test',
    'New,Person,new.between@race.test',
  ].join('\n'), job.id)
  await hold.reached()
  await eraseCandidate(app.db, erased.id, { actorId: recruiter.id, basis: 'subject-request' })
  await hold.release()
  const lines = await importing

  t.match(lines[0], { line: 2, status: 'rejected', reason: ERASED_ADDRESS }, 'the erased address is rejected as if erased before the import')
  t.notOk(lines[0]!.id, 'and names no candidate')
  t.match(lines[1], { line: 3, status: 'updated', id: kept.id, application: 'created' }, 'the other rows of the batch are written')
  t.match(lines[2], { line: 4, status: 'created', application: 'created' })
  t.match(await importedTrace('erased.between@race.test', job.id), { candidates: 0, applications: 2, received: 2 }, 'no candidate, application or e-mail for the erased address')
  t.equal(await app.db.auditEvent.count({ where: { action: 'candidate.imported' } }), importedBefore + 2, 'one audit event for each row written, none for the rejected one')
  t.equal((await app.db.candidate.findUniqueOrThrow({ where: { id: kept.id } })).lastName, 'After', 'the update is kept')
})

t.test('an erasure under way when the batch upserts: the batch waits for it and then rejects the row', async (t) => {
  const job = await createJob(app)
  const erased = await createCandidate(app, recruiter, { email: 'erased.during@race.test' })
  // The erasure records the address first, holding the candidate's row FOR UPDATE: it is held there.
  const hold = await holdWriters(config.DATABASE_URL, 'erased_addresses', 'INSERT')
  t.teardown(hold.remove)
  const erasing = eraseCandidate(app.db, erased.id, { actorId: recruiter.id, basis: 'subject-request' })
  await hold.reached()

  // The batch's check finds nothing yet; its upsert meets the erasure's row lock and waits for it.
  const importing = importCsv('firstName,lastName,email\nGrace,Again,erased.during@race.test\nOther,Person,other.during@race.test\n', job.id)
  await hold.settledOrWaitingOnRow(importing)
  await hold.release()
  await erasing
  const lines = await importing

  t.match(lines[0], { line: 2, status: 'rejected', reason: ERASED_ADDRESS })
  t.match(lines[1], { line: 3, status: 'created', application: 'created' })
  t.match(await importedTrace('erased.during@race.test', job.id), { candidates: 0, applications: 1, received: 1 })
})
