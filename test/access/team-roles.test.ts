// What a job's hiring team may see and do depends on each member's role on
// that job, not only on their account's role: a hiring-manager account that is
// only an interviewer on a job is an interviewer there. Interviewers see that a
// move happened but not the team's opinions (notes, decisions, the reasons for
// moves), and move nothing; nobody reads notes about another job's application.
import t from 'tap'
import { buildTestApp } from '../helpers/app.ts'
import { bearer, createUser, type TestUser } from '../helpers/users.ts'
import { applied, createCandidate, createJob, manyLogins, moveReq, moved, plainPlan } from '../applications/fixtures.ts'

const { app } = await buildTestApp(t, manyLogins)
const recruiter = await createUser(app, 'RECRUITER')
const interviewer = await createUser(app, 'INTERVIEWER')
const managerAsInterviewer = await createUser(app, 'HIRING_MANAGER', 'manager-as-interviewer')
const manager = await createUser(app, 'HIRING_MANAGER', 'manager')
const jobA = await createJob(app, {
  plan: plainPlan,
  team: [{ user: interviewer, role: 'INTERVIEWER' }, { user: managerAsInterviewer, role: 'INTERVIEWER' }, { user: manager, role: 'HIRING_MANAGER' }],
})
const jobB = await createJob(app, { plan: plainPlan, team: [] })
const candidate = await createCandidate(app)
const onA = await applied(app, recruiter, { candidateId: candidate.id, jobId: jobA.id })
const onB = await applied(app, recruiter, { candidateId: candidate.id, jobId: jobB.id })

const note = (applicationId: string | null, body: string) =>
  app.db.candidateNote.create({ data: { candidateId: candidate.id, applicationId, authorId: recruiter.id, body } })
await note(onA.id, 'NOTE-ON-A')
await note(null, 'GENERAL-NOTE')
await note(onB.id, 'NOTE-ON-B')
await app.db.decision.create({ data: { applicationId: onA.id, stageId: onA.stageId, deciderId: manager.id, outcome: 'HOLD', reason: 'DECISION-REASON', scorecardIds: [] } })
const sentBack = await moved(app, recruiter, onA.id, 1, { action: 'advance' })
await moved(app, recruiter, onA.id, sentBack.version, { action: 'move', toStageId: onA.stageId, reason: 'MOVE-REASON' })

const get = (user: TestUser, url: string) => app.inject({ method: 'GET', url, headers: bearer(user) })
const timelines = [`/applications/${onA.id}/timeline`, `/candidates/${candidate.id}/timeline`]

t.test("a job's interviewers see its moves in the timelines, not the team's opinions", async (t) => {
  for (const user of [interviewer, managerAsInterviewer]) {
    for (const url of timelines) {
      const res = await get(user, url)
      t.equal(res.statusCode, 200, `${user.email}: ${url}`)
      const kinds = (res.json() as { items: { kind: string }[] }).items.map((i) => i.kind)
      t.ok(kinds.includes('transition'), `${user.email} sees the moves`)
      t.notOk(kinds.includes('note'), `${user.email} gets no note`)
      t.notOk(kinds.includes('decision'), `${user.email} gets no decision`)
      for (const secret of ['NOTE-ON-A', 'GENERAL-NOTE', 'NOTE-ON-B', 'DECISION-REASON', 'MOVE-REASON']) t.notMatch(res.body, secret, `${user.email}: no ${secret}`)
    }
  }
})

t.test("the job's hiring manager sees its notes, decisions and reasons, never another job's notes", async (t) => {
  for (const url of timelines) {
    const res = await get(manager, url)
    t.equal(res.statusCode, 200, url)
    for (const seen of ['NOTE-ON-A', 'GENERAL-NOTE', 'DECISION-REASON', 'MOVE-REASON']) t.match(res.body, seen, `${url}: ${seen}`)
    t.notMatch(res.body, 'NOTE-ON-B', `${url}: not the job-B note`)
  }
  const notes = await get(manager, `/candidates/${candidate.id}/notes`)
  t.equal(notes.statusCode, 200)
  t.same((notes.json() as { items: { body: string }[] }).items.map((n) => n.body).sort(), ['GENERAL-NOTE', 'NOTE-ON-A'], 'GET /notes: the job-A and general notes only')
})

t.test('recruiters read every note', async (t) => {
  const notes = await get(recruiter, `/candidates/${candidate.id}/notes?limit=2`)
  const first = notes.json() as { items: { body: string }[]; nextCursor: string }
  const rest = (await get(recruiter, `/candidates/${candidate.id}/notes?limit=2&cursor=${first.nextCursor}`)).json() as { items: { body: string }[] }
  t.same([...first.items, ...rest.items].map((n) => n.body), ['NOTE-ON-B', 'GENERAL-NOTE', 'NOTE-ON-A'], 'newest first, over two pages')
})

t.test('a hiring-manager account that only interviews on the job is refused what its hiring manager may do', async (t) => {
  const notes = await get(managerAsInterviewer, `/candidates/${candidate.id}/notes`)
  t.equal(notes.statusCode, 403, 'reading notes')
  const decisions = await get(managerAsInterviewer, `/applications/${onA.id}/decisions`)
  t.equal(decisions.statusCode, 403, 'listing decisions')
  t.equal((await get(manager, `/applications/${onA.id}/decisions`)).statusCode, 200, "control: the job's hiring manager lists them")
  const preview = await get(managerAsInterviewer, `/applications/${onA.id}/emails/REJECTION/preview`)
  t.equal(preview.statusCode, 403, 'previewing e-mails')
  t.equal((await get(manager, `/applications/${onA.id}/emails/REJECTION/preview`)).statusCode, 200, "control: the job's hiring manager previews them")

  const { version } = (await get(recruiter, `/applications/${onA.id}`)).json() as { version: number }
  for (const body of [{ action: 'advance' }, { action: 'reject', reason: 'OTHER', notifyCandidate: true }, { action: 'withdraw', reason: 'x' }]) {
    const res = await moveReq(app, managerAsInterviewer, onA.id, version, body)
    t.equal(res.statusCode, 403, `${body.action} is refused`)
    t.match(res.json(), { detail: /hiring managers may/ }, 'the problem says who may')
  }
  t.equal((await get(recruiter, `/applications/${onA.id}`)).json().version, version, 'nothing moved')
  const byManager = await moveReq(app, manager, onA.id, version, { action: 'advance' })
  t.equal(byManager.statusCode, 200, "control: the job's hiring manager moves it")
})

t.test("a rejection's note is the team's opinion too: interviewers see that it was rejected, not the note", async (t) => {
  const rejectedCandidate = await createCandidate(app)
  const application = await applied(app, recruiter, { candidateId: rejectedCandidate.id, jobId: jobA.id })
  await moved(app, recruiter, application.id, application.version, { action: 'reject', reason: 'SKILLS_MISMATCH', note: 'REJECTION-NOTE', notifyCandidate: false })
  for (const user of [interviewer, managerAsInterviewer]) {
    const one = (await get(user, `/applications/${application.id}`)).json()
    t.match(one, { status: 'REJECTED', rejectionReason: 'SKILLS_MISMATCH', rejectionNote: null }, `${user.email}: GET /applications/:id`)
    const listed = (await get(user, `/applications?jobId=${jobA.id}&status=REJECTED`)).json().items as Array<{ id: string; rejectionNote: string | null }>
    t.match(listed.find((a) => a.id === application.id), { rejectionNote: null }, `${user.email}: GET /applications`)
  }
  t.match((await get(manager, `/applications/${application.id}`)).json(), { rejectionNote: 'REJECTION-NOTE' }, "the job's hiring manager reads it")
  const listed = (await get(recruiter, `/applications?jobId=${jobA.id}&status=REJECTED`)).json().items as Array<{ id: string; rejectionNote: string | null }>
  t.match(listed.find((a) => a.id === application.id), { rejectionNote: 'REJECTION-NOTE' }, 'and so does a recruiter')
})

t.test('notes added at the same moment on one candidate all save (they lock the candidate for update, not share)', async (t) => {
  const busy = await createCandidate(app)
  const results = await Promise.all(Array.from({ length: 12 }, (_, i) =>
    app.inject({ method: 'POST', url: `/candidates/${busy.id}/notes`, headers: bearer(recruiter), payload: { body: `note ${i}` } })))
  t.same(results.map((r) => r.statusCode), Array(12).fill(201), 'no deadlock, no 500')
  t.equal(await app.db.candidateNote.count({ where: { candidateId: busy.id } }), 12)
})
