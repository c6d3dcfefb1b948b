import t from 'tap'
import { buildTestApp } from '../helpers/app.ts'
import { applyRetention, candidatesPastRetention, eraseIfPastRetention } from '../../src/services/retention.ts'

const { app } = await buildTestApp(t)
const db = app.db
const monthsAgo = (n: number) => new Date(Date.now() - n * 31 * 86_400_000)

const job = await db.job.create({ data: { title: 'Retention job', status: 'OPEN' } })
const stage = await db.stage.create({ data: { jobId: job.id, position: 0, name: 'Resume review', kind: 'REVIEW' } })

async function candidateWith(name: string, applications: Array<{ status: 'ACTIVE' | 'REJECTED' | 'HIRED'; closedAt?: Date }>, createdAt = monthsAgo(40)) {
  const candidate = await db.candidate.create({ data: { email: `${name}@example.test`, firstName: name, lastName: 'Test', createdAt } })
  for (const a of applications) {
    const other = a.status === 'ACTIVE' ? job : await db.job.create({ data: { title: `Old job for ${name}`, status: 'CLOSED' } })
    const otherStage = other.id === job.id ? stage : await db.stage.create({ data: { jobId: other.id, position: 0, name: 'Review', kind: 'REVIEW' } })
    await db.application.create({ data: { candidateId: candidate.id, jobId: other.id, stageId: otherStage.id, status: a.status, closedAt: a.closedAt ?? null } })
  }
  return candidate.id
}

t.test('the retention rule erases only candidates whose last application closed more than N months ago', async (t) => {
  const longClosed = await candidateWith('longclosed', [{ status: 'REJECTED', closedAt: monthsAgo(30) }])
  const recentlyClosed = await candidateWith('recentlyclosed', [{ status: 'REJECTED', closedAt: monthsAgo(30) }, { status: 'HIRED', closedAt: monthsAgo(2) }])
  const stillActive = await candidateWith('stillactive', [{ status: 'REJECTED', closedAt: monthsAgo(30) }, { status: 'ACTIVE' }])
  const neverApplied = await candidateWith('neverapplied', [])
  const newNeverApplied = await candidateWith('newneverapplied', [], monthsAgo(1))

  const result = await applyRetention(db, 24, 2) // a small batch exercises the batching loop
  t.equal(result.erased, 2)

  const erased = async (id: string) => (await db.candidate.findUnique({ where: { id } }))?.erasedAt !== null
  t.ok(await erased(longClosed), 'last application closed 30 months ago: erased')
  t.ok(await erased(neverApplied), 'never applied, created 40 months ago: erased')
  t.notOk(await erased(recentlyClosed), 'a recent application keeps the record')
  t.notOk(await erased(stillActive), 'an active application keeps the record')
  t.notOk(await erased(newNeverApplied), 'a new candidate is kept')

  const audit = await db.auditEvent.findFirst({ where: { action: 'candidate.erased', entityId: longClosed } })
  t.same(audit?.payload, { basis: 'retention', applications: 1, withdrawn: 0, interviewsCancelled: 0, resumes: 0 }, 'retention erasures are audited as such')
  t.equal((await applyRetention(db, 24)).erased, 0, 'a second run finds nothing left to do')
})

t.test('a retention period of 0 turns the rule off', async (t) => {
  await candidateWith('offswitch', [{ status: 'REJECTED', closedAt: monthsAgo(100) }])
  t.equal((await applyRetention(db, 0)).erased, 0)
})

t.test('a candidate who applies again after the daily run listed them is not erased', async (t) => {
  const returning = await candidateWith('returning', [{ status: 'REJECTED', closedAt: monthsAgo(30) }])
  t.ok((await candidatesPastRetention(db, 24, 1000)).includes(returning), 'listed as past the rule')
  await db.application.create({ data: { candidateId: returning, jobId: job.id, stageId: stage.id, status: 'ACTIVE' } })
  const result = await eraseIfPastRetention(db, returning, 24)
  t.match(result, { skipped: true }, 'the rule is checked again under the lock')
  const kept = await db.candidate.findUniqueOrThrow({ where: { id: returning }, include: { applications: true } })
  t.equal(kept.erasedAt, null, 'still there')
  t.ok(kept.applications.some((a) => a.status === 'ACTIVE'), 'with the new application active')
})

t.test('an erasure that fails is passed over and reported: it does not hold up the candidates after it', async (t) => {
  const failing = await candidateWith('failingerasure', [{ status: 'REJECTED', closedAt: monthsAgo(30) }])
  const after = [await candidateWith('aftera', [{ status: 'REJECTED', closedAt: monthsAgo(30) }]), await candidateWith('afterb', [], monthsAgo(40))]
  // A real failure inside the erasure's transaction, for this one candidate only.
  await db.$executeRawUnsafe(`CREATE FUNCTION refuse_erasure() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN IF OLD.id = '${failing}' AND NEW.erased_at IS NOT NULL THEN RAISE EXCEPTION 'disk full'; END IF; RETURN NEW; END $$`)
  await db.$executeRawUnsafe('CREATE TRIGGER refuse_erasure BEFORE UPDATE ON candidates FOR EACH ROW EXECUTE FUNCTION refuse_erasure()')
  t.teardown(async () => {
    await db.$executeRawUnsafe('DROP TRIGGER refuse_erasure ON candidates')
    await db.$executeRawUnsafe('DROP FUNCTION refuse_erasure()')
  })
  const result = await applyRetention(db, 24, 1) // batches of one: the failing candidate comes first
  t.same(result.failed, [failing], 'the failure is reported by id')
  t.ok(result.erased >= 2, 'and the candidates after it are erased')
  for (const id of after) t.not((await db.candidate.findUniqueOrThrow({ where: { id } })).erasedAt, null)
  t.equal((await db.candidate.findUniqueOrThrow({ where: { id: failing } })).erasedAt, null, 'the failed one is left whole, for the next run')
})
