// Candidate records through HTTP: create, read, update; e-mail unique
// case-insensitively with a 409 that points at the existing candidate (also
// when two creates race); who may see whom; erased records.
import t from 'tap'
import { buildTestApp } from '../helpers/app.ts'
import { bearer, createUser } from '../helpers/users.ts'
import { applyToJob, createCandidate, createJob, postCandidate, uniqueEmail } from './helpers.ts'

const { app } = await buildTestApp(t)
const [recruiter, admin, manager, interviewer, otherInterviewer] = await Promise.all([
  createUser(app, 'RECRUITER'), createUser(app, 'ADMIN'), createUser(app, 'HIRING_MANAGER'), createUser(app, 'INTERVIEWER'), createUser(app, 'INTERVIEWER', 'other'),
])
const jobA = await createJob(app, { team: [{ user: manager, role: 'HIRING_MANAGER' }, { user: interviewer, role: 'INTERVIEWER' }] })
const jobB = await createJob(app, { team: [{ user: otherInterviewer, role: 'INTERVIEWER' }] })

t.test('a recruiter creates a candidate with contact details, links and normalised skills', async (t) => {
  const email = uniqueEmail('grace')
  const res = await postCandidate(app, recruiter, {
    firstName: 'Grace', lastName: 'Hopper', email, phone: '+1 555 0100', location: 'Arlington', timeZone: 'America/New_York',
    portfolioUrl: 'https://grace.example', githubUrl: 'https://github.com/grace', linkedinUrl: 'http://linkedin.example/in/grace',
    skills: ['  COBOL ', 'cobol', 'Compilers', 'compilers  ', 'Go   lang'], source: 'referral',
  })
  t.equal(res.statusCode, 201)
  const body = res.json()
  t.equal(res.headers.location, `/candidates/${body.id}`, 'Location names the new candidate')
  t.same(body.skills, ['COBOL', 'Compilers', 'Go lang'], 'skills are trimmed and de-duplicated case-insensitively, first spelling kept')
  t.match(body, { firstName: 'Grace', email, source: 'referral', erasedAt: null, latestResume: null })
  const audit = await app.db.auditEvent.findFirst({ where: { action: 'candidate.created', entityId: body.id } })
  t.ok(audit, 'the creation is audited')
  t.notMatch(JSON.stringify(audit?.payload), /Grace|Hopper|@/, 'the audit payload names fields, not values')
})

t.test('a second candidate with the same e-mail, in any case, gets 409 pointing at the first', async (t) => {
  const first = await createCandidate(app, recruiter, { email: uniqueEmail('Linus') })
  const res = await postCandidate(app, admin, { firstName: 'L', lastName: 'T', email: first.email.toUpperCase() })
  t.equal(res.statusCode, 409)
  t.match(res.headers['content-type'], /^application\/problem\+json/)
  t.equal(res.headers.location, `/candidates/${first.id}`, 'the Location header points at the existing candidate')
  t.match(res.json(), { status: 409, code: 'SL_CONFLICT', existingCandidateId: first.id, existingCandidate: `/candidates/${first.id}` })
})

t.test('two creates racing with one e-mail: one wins, the other gets 409 with the winner\'s location', async (t) => {
  const email = uniqueEmail('race')
  const results = await Promise.all(
    Array.from({ length: 6 }, (_, i) => postCandidate(app, recruiter, { firstName: `Racer${i}`, lastName: 'X', email: i % 2 ? email : email.toUpperCase() })),
  )
  const created = results.filter((r) => r.statusCode === 201)
  const conflicts = results.filter((r) => r.statusCode === 409)
  t.equal(created.length, 1, 'exactly one create succeeds')
  t.equal(conflicts.length, 5, 'every other one is a conflict, never a 500')
  const winner = created[0]!.json().id
  for (const c of conflicts) t.equal(c.headers.location, `/candidates/${winner}`)
  t.equal(await app.db.candidate.count({ where: { email } }), 1)
})

t.test('bad input is refused with 400 and nothing is written', async (t) => {
  const before = await app.db.candidate.count()
  const cases: Array<[string, Record<string, unknown>]> = [
    ['a javascript: link', { portfolioUrl: 'javascript:alert(1)' }],
    ['an ftp link', { githubUrl: 'ftp://example.com/x' }],
    ['an unknown property', { salary: 100 }],
    ['a malformed e-mail', { email: 'not-an-email' }],
    ['a skill with a separator', { skills: ['a;b'] }],
    ['too many skills', { skills: Array.from({ length: 51 }, (_, i) => `s${i}`) }],
    ['a blank first name', { firstName: '   ' }],
  ]
  for (const [what, change] of cases) {
    const res = await postCandidate(app, recruiter, { firstName: 'Bad', lastName: 'Input', email: uniqueEmail(), ...change })
    t.equal(res.statusCode, 400, `${what} → 400`)
    t.equal(res.json().type, 'https://shortlist.dev/problems/validation-error')
  }
  t.equal(await app.db.candidate.count(), before)
})

t.test('only recruiters and admins create or change candidates', async (t) => {
  for (const user of [manager, interviewer]) {
    t.equal((await postCandidate(app, user, { firstName: 'A', lastName: 'B', email: uniqueEmail() })).statusCode, 403)
  }
  const candidate = await createCandidate(app, recruiter)
  const res = await app.inject({ method: 'PATCH', url: `/candidates/${candidate.id}`, headers: bearer(manager), payload: { location: 'x' } })
  t.equal(res.statusCode, 403)
})

t.test('hiring managers and interviewers see only candidates of their team\'s jobs', async (t) => {
  const onA = await createCandidate(app, recruiter, { firstName: 'OnJobA' })
  const onB = await createCandidate(app, recruiter, { firstName: 'OnJobB' })
  await applyToJob(app, onA.id, jobA)
  await applyToJob(app, onB.id, jobB)
  const read = (user: typeof recruiter, id: string) => app.inject({ method: 'GET', url: `/candidates/${id}`, headers: bearer(user) })
  t.equal((await read(recruiter, onB.id)).statusCode, 200, 'a recruiter sees every candidate')
  t.equal((await read(manager, onA.id)).statusCode, 200, 'the hiring manager of job A sees its candidate')
  t.equal((await read(interviewer, onA.id)).statusCode, 200, 'an interviewer of job A sees its candidate')
  const hidden = await read(interviewer, onB.id)
  t.equal(hidden.statusCode, 404, "an interviewer of job A gets 404 for job B's candidate")
  const unknown = await read(interviewer, '0190a0a0-0000-7000-8000-000000000000')
  t.same(hidden.json().detail, unknown.json().detail, 'the same answer as for a candidate that does not exist')
})

t.test('a patch changes the given fields, clears with null, and guards the e-mail', async (t) => {
  const candidate = await createCandidate(app, recruiter, { phone: '+44 20 7946 0000', skills: ['Go'] })
  const other = await createCandidate(app, recruiter)
  const patch = (payload: object) => app.inject({ method: 'PATCH', url: `/candidates/${candidate.id}`, headers: bearer(recruiter), payload })
  const res = await patch({ phone: null, skills: ['Rust', 'rust', 'SQL'], location: 'Leeds' })
  t.equal(res.statusCode, 200)
  t.match(res.json(), { phone: null, skills: ['Rust', 'SQL'], location: 'Leeds', firstName: 'Ada' })
  const taken = await patch({ email: other.email.toUpperCase() })
  t.equal(taken.statusCode, 409)
  t.equal(taken.headers.location, `/candidates/${other.id}`)
  t.equal((await patch({})).statusCode, 400, 'an empty patch is refused')
  const missing = await app.inject({ method: 'PATCH', url: '/candidates/0190a0a0-0000-7000-8000-000000000000', headers: bearer(recruiter), payload: { location: 'x' } })
  t.equal(missing.statusCode, 404)
})

t.test('an erased candidate reads back anonymised and cannot be changed', async (t) => {
  const candidate = await createCandidate(app, recruiter, { phone: '+1 555 0199', skills: ['Secret'] })
  // Erasure itself is another module's; here the record just carries its mark.
  await app.db.candidate.update({ where: { id: candidate.id }, data: { email: null, firstName: 'Erased', lastName: 'candidate', erasedAt: new Date() } })
  const read = await app.inject({ method: 'GET', url: `/candidates/${candidate.id}`, headers: bearer(recruiter) })
  t.equal(read.statusCode, 200)
  t.match(read.json(), { email: null, phone: null, skills: [], firstName: 'Erased' })
  t.type(read.json().erasedAt, 'string')
  const patch = await app.inject({ method: 'PATCH', url: `/candidates/${candidate.id}`, headers: bearer(recruiter), payload: { firstName: 'Back' } })
  t.equal(patch.statusCode, 409)
  t.match(patch.json().detail, /erased/)
})
