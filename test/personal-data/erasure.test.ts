import t from 'tap'
import { buildTestApp } from '../helpers/app.ts'
import { bearer, createUser } from '../helpers/users.ts'
import { findEverywhere, makePii, plantCandidateEverywhere } from './fixtures.ts'

const { app } = await buildTestApp(t)
const recruiter = await createUser(app, 'RECRUITER')
const interviewer = await createUser(app, 'INTERVIEWER')

t.test('a subject access export contains everything held on the candidate', async (t) => {
  const pii = makePii('4711')
  const { candidate } = await plantCandidateEverywhere(app, recruiter.id, pii)
  const res = await app.inject({ url: `/candidates/${candidate.id}/personal-data`, headers: bearer(recruiter) })
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-disposition'], /attachment/)
  t.equal(res.headers['cache-control'], 'no-store', 'personal data is not kept in caches')
  const body = res.body
  for (const value of [pii.email, pii.phone, pii.noteText, pii.reasonText, pii.answerText]) t.ok(body.includes(value), `export includes ${value}`)
  const data = res.json()
  t.equal(data.candidate.applications.length, 1)
  t.equal(data.candidate.applications[0].transitions.length, 1)
  t.equal(data.candidate.notifications.length, 3)
})

t.test('erasure removes personal data from every table, keeps the history and is audited', async (t) => {
  const pii = makePii('4712')
  const { candidate, application } = await plantCandidateEverywhere(app, recruiter.id, pii)
  const before = await findEverywhere(app, pii.firstName)
  t.ok(before.length >= 3, `planted in ${before.join(', ')}`)

  const res = await app.inject({ method: 'POST', url: `/candidates/${candidate.id}/erasure`, headers: bearer(recruiter), payload: { confirm: true } })
  t.equal(res.statusCode, 200)
  t.same(res.json(), { candidateId: candidate.id, alreadyErased: false })

  for (const needle of Object.values(pii)) {
    t.same(await findEverywhere(app, needle), [], `no trace of "${needle}"`)
  }

  const kept = await app.db.application.findUnique({ where: { id: application.id }, include: { transitions: true, scorecards: { include: { ratings: true } } } })
  t.equal(kept?.status, 'REJECTED', 'the application and its outcome are kept')
  t.equal(kept?.transitions.length, 1, 'stage history kept')
  t.equal(kept?.scorecards[0]?.ratings[0]?.rating, 2, 'ratings kept for aggregates')

  const pending = await app.db.notification.count({ where: { candidateId: candidate.id, status: 'PENDING' } })
  t.equal(pending, 0, 'no e-mail is left to send')
  const erased = await app.db.candidate.findUnique({ where: { id: candidate.id } })
  t.ok(erased?.erasedAt && erased.emailOptOut)
  const audit = await app.db.auditEvent.findFirst({ where: { action: 'candidate.erased', entityId: candidate.id } })
  t.equal(audit?.actorId, recruiter.id, 'the erasure is audited with who did it')

  const again = await app.inject({ method: 'POST', url: `/candidates/${candidate.id}/erasure`, headers: bearer(recruiter), payload: { confirm: true } })
  t.same(again.json(), { candidateId: candidate.id, alreadyErased: true }, 'erasing twice is harmless')
})

t.test('erasure needs confirmation, a known candidate and the right role', async (t) => {
  const pii = makePii('4713')
  const { candidate } = await plantCandidateEverywhere(app, recruiter.id, pii)
  const unconfirmed = await app.inject({ method: 'POST', url: `/candidates/${candidate.id}/erasure`, headers: bearer(recruiter), payload: {} })
  t.equal(unconfirmed.statusCode, 400)
  const unknown = await app.inject({ method: 'POST', url: `/candidates/${crypto.randomUUID()}/erasure`, headers: bearer(recruiter), payload: { confirm: true } })
  t.equal(unknown.statusCode, 404)
  const forbidden = await app.inject({ method: 'POST', url: `/candidates/${candidate.id}/erasure`, headers: bearer(interviewer), payload: { confirm: true } })
  t.equal(forbidden.statusCode, 403)
  t.ok((await findEverywhere(app, pii.noteText)).length > 0, 'refused erasures changed nothing')
})
