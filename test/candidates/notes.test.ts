// Notes on a candidate: who may write and read them, their size limit, and
// their keyset pages. Notes also feed search (checked in search.test.ts).
import t from 'tap'
import { buildTestApp } from '../helpers/app.ts'
import { bearer, createUser, type TestUser } from '../helpers/users.ts'
import { applyToJob, createCandidate, createJob } from './helpers.ts'

const { app } = await buildTestApp(t)
const [recruiter, manager, otherManager, interviewer] = await Promise.all([
  createUser(app, 'RECRUITER'), createUser(app, 'HIRING_MANAGER'), createUser(app, 'HIRING_MANAGER', 'other'), createUser(app, 'INTERVIEWER'),
])
const job = await createJob(app, { team: [{ user: manager, role: 'HIRING_MANAGER' }, { user: interviewer, role: 'INTERVIEWER' }] })
const otherJob = await createJob(app, { team: [{ user: otherManager, role: 'HIRING_MANAGER' }] })
const candidate = await createCandidate(app, recruiter)
const application = await applyToJob(app, candidate.id, job)
const elsewhere = await createCandidate(app, recruiter)
await applyToJob(app, elsewhere.id, otherJob)

const addNote = (user: TestUser, candidateId: string, payload: object) =>
  app.inject({ method: 'POST', url: `/candidates/${candidateId}/notes`, headers: bearer(user), payload })
const listNotes = (user: TestUser, candidateId: string, query = '') =>
  app.inject({ method: 'GET', url: `/candidates/${candidateId}/notes?${query}`, headers: bearer(user) })

t.test('a recruiter adds a note; it is audited without its text', async (t) => {
  const res = await addNote(recruiter, candidate.id, { body: 'Strong on SQL, ask about sharding.' })
  t.equal(res.statusCode, 201)
  t.match(res.json(), { candidateId: candidate.id, authorId: recruiter.id, applicationId: null, body: 'Strong on SQL, ask about sharding.' })
  const audit = await app.db.auditEvent.findFirstOrThrow({ where: { action: 'candidate.note_added', entityId: res.json().id } })
  t.notMatch(JSON.stringify(audit.payload), /sharding/)
})

t.test('a hiring manager notes candidates of their own job only', async (t) => {
  t.equal((await addNote(manager, candidate.id, { body: 'Looks good', applicationId: application.id })).statusCode, 201)
  t.equal((await addNote(manager, elsewhere.id, { body: 'Peeking' })).statusCode, 404, 'a candidate of another team is not visible')
  t.equal((await addNote(otherManager, candidate.id, { body: 'x' })).statusCode, 404)
  t.equal((await addNote(interviewer, candidate.id, { body: 'x' })).statusCode, 403, 'interviewers do not write notes')
  t.equal((await listNotes(interviewer, candidate.id)).statusCode, 403, 'nor read them')
})

t.test('a note about an application must be about this candidate', async (t) => {
  const other = await applyToJob(app, elsewhere.id, job)
  t.equal((await addNote(recruiter, candidate.id, { body: 'x', applicationId: other.id })).statusCode, 404)
})

t.test('bodies are limited to 10,000 characters and may not be blank', async (t) => {
  t.equal((await addNote(recruiter, candidate.id, { body: 'x'.repeat(10_000) })).statusCode, 201)
  t.equal((await addNote(recruiter, candidate.id, { body: 'x'.repeat(10_001) })).statusCode, 400)
  t.equal((await addNote(recruiter, candidate.id, { body: '   ' })).statusCode, 400)
})

t.test('notes list newest first in keyset pages', async (t) => {
  const fresh = await createCandidate(app, recruiter)
  for (let i = 0; i < 7; i++) await addNote(recruiter, fresh.id, { body: `note ${i}` })
  const bodies: string[] = []
  let cursor: string | null = null
  do {
    const res = await listNotes(recruiter, fresh.id, `limit=3${cursor ? `&cursor=${cursor}` : ''}`)
    t.equal(res.statusCode, 200)
    bodies.push(...res.json().items.map((n: { body: string }) => n.body))
    cursor = res.json().nextCursor
  } while (cursor)
  t.same(bodies, ['note 6', 'note 5', 'note 4', 'note 3', 'note 2', 'note 1', 'note 0'])
  t.equal((await listNotes(manager, candidate.id)).statusCode, 200, 'the hiring manager reads notes on their candidate')
})
