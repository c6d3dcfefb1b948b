// Reading one application: GET /applications/:id, and who may.
import t from 'tap'
import { captureStatements } from '../../scripts/bench/capture-sql.ts'
import { buildTestApp } from '../helpers/app.ts'
import { createUser } from '../helpers/users.ts'
import { addScorecards, applied, createCandidate, createJob, manyLogins, moved, read } from './fixtures.ts'

const { app } = await buildTestApp(t, manyLogins)
const recruiter = await createUser(app, 'RECRUITER')
const manager = await createUser(app, 'HIRING_MANAGER')
const interviewerA = await createUser(app, 'INTERVIEWER')
const interviewerB = await createUser(app, 'INTERVIEWER')
const jobA = await createJob(app, { team: [{ user: manager, role: 'HIRING_MANAGER' }, { user: interviewerA, role: 'INTERVIEWER' }] })
const jobB = await createJob(app, { team: [{ user: interviewerB, role: 'INTERVIEWER' }] })

t.test('the application comes with its stage, job, candidate and the scorecard summary of its current stage, and its version as ETag', async (t) => {
  const candidate = await createCandidate(app, { firstName: 'Grace' })
  const application = await applied(app, recruiter, { candidateId: candidate.id, jobId: jobA.id, stageId: jobA.stages[1]!.id })
  await addScorecards(app, application.id, jobA.stages[1]!.id, [1, 3, 4, 4, null])
  await addScorecards(app, application.id, jobA.stages[1]!.id, [2], { status: 'DRAFT' })
  await addScorecards(app, application.id, jobA.stages[0]!.id, [1, 1])

  const res = await read(app, recruiter, application.id)
  t.equal(res.statusCode, 200)
  t.equal(res.headers.etag, '"1"')
  t.match(res.json(), {
    id: application.id,
    status: 'ACTIVE',
    version: 1,
    stage: { id: jobA.stages[1]!.id, name: 'Technical interview', kind: 'INTERVIEW', position: 2 },
    job: { id: jobA.id, title: jobA.title, status: 'OPEN' },
    candidate: { id: candidate.id, firstName: 'Grace', lastName: 'Lovelace' },
    scorecards: { stageId: jobA.stages[1]!.id, required: 2, submitted: 5, drafts: 1, recommendations: { strongNo: 1, no: 0, yes: 1, strongYes: 2 } },
  })
  t.notOk('email' in res.json().candidate, 'no contact details in this summary')

  const next = await moved(app, recruiter, application.id, 1, { action: 'advance' })
  const after = await read(app, recruiter, application.id)
  t.equal(after.headers.etag, `"${next.version}"`, 'the ETag follows the version')
  t.match(after.json().scorecards, { stageId: jobA.stages[2]!.id, required: 1, submitted: 0, drafts: 0, recommendations: { strongNo: 0, no: 0, yes: 0, strongYes: 0 } }, 'the summary is of the new stage')
})

t.test('an interviewer of job A reads job A applications, but gets 404 for job B: the same answer as for an unknown id', async (t) => {
  const onA = await applied(app, recruiter, { candidateId: (await createCandidate(app)).id, jobId: jobA.id })
  const onB = await applied(app, recruiter, { candidateId: (await createCandidate(app)).id, jobId: jobB.id })
  t.equal((await read(app, interviewerA, onA.id)).statusCode, 200)
  const hidden = await read(app, interviewerA, onB.id)
  const unknown = await read(app, interviewerA, '01890000-0000-7000-8000-000000000000')
  t.equal(hidden.statusCode, 404)
  t.same(hidden.json().detail, unknown.json().detail, 'indistinguishable from an unknown application')
  t.equal((await read(app, manager, onB.id)).statusCode, 404, 'a hiring manager likewise sees only their jobs')
  t.equal((await read(app, manager, onA.id)).statusCode, 200)
  t.equal((await read(app, await createUser(app, 'ADMIN'), onB.id)).statusCode, 200, 'admins see every job')
})

t.test("an interviewer sees how the others voted only once their own scorecard for the stage is in", async (t) => {
  const application = await applied(app, recruiter, { candidateId: (await createCandidate(app)).id, jobId: jobA.id })
  await addScorecards(app, application.id, jobA.stages[0]!.id, [4, 1])
  const before = (await read(app, interviewerA, application.id)).json()
  t.match(before.scorecards, { submitted: 2, recommendations: null })
  t.match((await read(app, manager, application.id)).json().scorecards.recommendations, { strongYes: 1, strongNo: 1 }, 'the hiring manager always does')
  await addScorecards(app, application.id, jobA.stages[0]!.id, [3], { authorIds: [interviewerA.id] })
  t.match((await read(app, interviewerA, application.id)).json().scorecards, { submitted: 3, recommendations: { strongYes: 1, strongNo: 1, yes: 1 } })
})

t.test('a hiring-manager account that is only an interviewer on the job is blind like any assessor', async (t) => {
  const managerAsInterviewer = await createUser(app, 'HIRING_MANAGER')
  const job = await createJob(app, { team: [{ user: manager, role: 'HIRING_MANAGER' }, { user: managerAsInterviewer, role: 'INTERVIEWER' }] })
  const application = await applied(app, recruiter, { candidateId: (await createCandidate(app)).id, jobId: job.id })
  await addScorecards(app, application.id, job.stages[0]!.id, [4, 1])
  t.match((await read(app, managerAsInterviewer, application.id)).json().scorecards, { submitted: 2, recommendations: null })
  t.match((await read(app, manager, application.id)).json().scorecards.recommendations, { strongYes: 1, strongNo: 1 }, 'the job\'s own hiring manager sees the votes')
})

t.test("the tally shows how the others voted: a team member's first sight of it is recorded once; admins and recruiters read without a write", async (t) => {
  const application = await applied(app, recruiter, { candidateId: (await createCandidate(app)).id, jobId: jobA.id })
  const stageId = jobA.stages[0]!.id
  const others = await addScorecards(app, application.id, stageId, [4, 1])
  const seenBy = async (user: { id: string }) => ({
    views: await app.db.scorecardView.count({ where: { userId: user.id, applicationId: application.id, stageId } }),
    events: (await app.db.auditEvent.findMany({ where: { action: 'scorecard.others_first_seen', actorId: user.id, entityId: application.id }, select: { jobId: true, payload: true } }))
      .map(({ jobId, payload }) => ({ jobId, ...(payload as { stageId: string; scorecardIds: string[] }) }))
      .map((e) => ({ ...e, scorecardIds: [...e.scorecardIds].sort() })),
  })
  const once = { views: 1, events: [{ jobId: jobA.id, stageId, scorecardIds: [...others].sort() }] }

  await read(app, interviewerA, application.id)
  t.same(await seenBy(interviewerA), { views: 0, events: [] }, 'an interviewer who has not submitted sees no votes, so nothing is recorded')
  await read(app, manager, application.id)
  await read(app, manager, application.id)
  t.same(await seenBy(manager), once, "the job's hiring manager: recorded at the first read only, with the scorecards behind the tally")
  await addScorecards(app, application.id, stageId, [3], { authorIds: [interviewerA.id] })
  await read(app, interviewerA, application.id)
  t.same(await seenBy(interviewerA), once, 'the interviewer, once their own is in: the others\' scorecards, not their own')

  const admin = await createUser(app, 'ADMIN')
  for (const [who, user] of [['a recruiter', recruiter], ['an admin', admin]] as const) {
    const { result, statements } = await captureStatements(() => read(app, user, application.id))
    t.match(result.json().scorecards.recommendations, { strongYes: 1, strongNo: 1, yes: 1 }, `${who} sees the votes`)
    t.equal(statements.filter((s) => /\bINSERT\b/i.test(s.text)).length, 0, `${who}: no write on the hot path`)
    t.same(await seenBy(user), { views: 0, events: [] })
  }
})

t.test('a malformed id is a 400, not a 500', async (t) => {
  t.equal((await read(app, recruiter, 'not-a-uuid')).statusCode, 400)
})
