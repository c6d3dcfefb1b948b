// Who sees which jobs, and the job list: filters and stable keyset pages.
import t from 'tap'
import { buildTestApp } from '../helpers/app.ts'
import { createUser } from '../helpers/users.ts'
import { api, assertProblem, createJob } from './fixtures.ts'

const { app } = await buildTestApp(t)
const recruiter = await createUser(app, 'RECRUITER')
const manager = await createUser(app, 'HIRING_MANAGER')
const interviewer = await createUser(app, 'INTERVIEWER')
const as = api(app, recruiter)

const ids = (res: { json(): unknown }) => (res.json() as { items: { id: string }[] }).items.map((j) => j.id)

t.test('an interviewer on job A sees A, its team and plan, but job B is absent from their list and answers 404', async (t) => {
  const a = await createJob(app, recruiter, { title: 'Job A', team: [{ userId: interviewer.id, role: 'INTERVIEWER' }, { userId: manager.id, role: 'HIRING_MANAGER' }] })
  const b = await createJob(app, recruiter, { title: 'Job B' })
  const theirs = api(app, interviewer)

  const list = await theirs.get('/jobs')
  t.equal(list.statusCode, 200)
  t.same(ids(list), [a.id], 'their list holds only the job they are on')

  const seen = await theirs.get(`/jobs/${a.id}`)
  t.equal(seen.statusCode, 200)
  t.equal(seen.json().plan.length, 9, 'with its plan')
  t.equal(seen.json().team.length, 2, 'and its team')
  t.equal((await theirs.get(`/jobs/${a.id}/plan`)).statusCode, 200, 'and may read the plan on its own')

  const hidden = assertProblem(t, await theirs.get(`/jobs/${b.id}`), 404, 'not-found')
  const unknown = assertProblem(t, await theirs.get(`/jobs/${crypto.randomUUID()}`), 404, 'not-found')
  t.equal(hidden.detail, unknown.detail, 'an invisible job and an unknown one look the same')
  assertProblem(t, await theirs.get(`/jobs/${b.id}/plan`), 404, 'not-found')

  t.same(ids(await api(app, manager).get('/jobs')), [a.id], 'a hiring manager, too, sees only their teams\' jobs')
  const all = ids(await as.get('/jobs'))
  t.ok(all.includes(a.id) && all.includes(b.id), 'a recruiter sees every job')
})

t.test('interviewers and hiring managers may not change jobs, teams or plans, even their own', async (t) => {
  const job = await createJob(app, recruiter, { team: [{ userId: interviewer.id, role: 'INTERVIEWER' }, { userId: manager.id, role: 'HIRING_MANAGER' }] })
  for (const user of [interviewer, manager]) {
    const theirs = api(app, user)
    assertProblem(t, await theirs.patch(`/jobs/${job.id}`, { title: 'Mine now' }), 403, 'forbidden')
    assertProblem(t, await theirs.put(`/jobs/${job.id}/plan`, { stages: job.plan.map((s) => ({ ...s, activeApplications: undefined, position: undefined })) }), 403, 'forbidden')
    assertProblem(t, await theirs.put(`/jobs/${job.id}/team`, { team: [] }), 403, 'forbidden')
  }
})

t.test('the list filters by status, creation time and part of the title', async (t) => {
  // The other subtests' jobs are drafts without "engineer", a % or an old date in them.
  const draft = await createJob(app, recruiter, { title: 'Platform Engineer' })
  const open = await createJob(app, recruiter, { title: 'Data engineer' })
  await as.post(`/jobs/${open.id}/open`)
  const closed = await createJob(app, recruiter, { title: 'Designer, 50% remote' })
  await as.post(`/jobs/${closed.id}/open`)
  await as.post(`/jobs/${closed.id}/close`)
  await app.db.job.update({ where: { id: draft.id }, data: { createdAt: new Date('2020-01-01T00:00:00Z') } })

  t.same(ids(await as.get('/jobs?status=OPEN')), [open.id])
  t.same(ids(await as.get('/jobs?status=OPEN&status=CLOSED')), [closed.id, open.id], 'several statuses match any of them')
  t.same(ids(await as.get('/jobs?q=ENGINEER')), [open.id, draft.id], 'the title matches in any letter case')
  t.same(ids(await as.get('/jobs?q=%25')), [closed.id], 'a % in q is a character, not a wildcard')
  t.same(ids(await as.get('/jobs?q=_')), [], 'and so is an underscore')
  t.same(ids(await as.get('/jobs?createdBefore=2021-01-01T00:00:00Z')), [draft.id])
  t.same(ids(await as.get('/jobs?createdAfter=2021-01-01T00:00:00Z&q=engineer')), [open.id])
  assertProblem(t, await as.get('/jobs?status=ARCHIVED'), 400, 'validation-error')
  assertProblem(t, await as.get('/jobs?createdAfter=yesterday'), 400, 'validation-error')
  assertProblem(t, await as.get('/jobs?cursor=bm90LWEtY3Vyc29y'), 400, 'validation-error')
})

t.test('pages follow each other without gaps or repeats, even when jobs are added meanwhile', async (t) => {
  const made: string[] = []
  for (let i = 0; i < 7; i++) made.push((await createJob(app, recruiter, { title: `Paged job ${i}`, plan: { preset: 'lean' } })).id)

  const seen: string[] = []
  let cursor: string | null = null
  let pages = 0
  do {
    const res = await as.get(`/jobs?q=paged&limit=3${cursor ? `&cursor=${cursor}` : ''}`)
    t.equal(res.statusCode, 200)
    const page = res.json() as { items: { id: string }[]; nextCursor: string | null }
    seen.push(...page.items.map((j) => j.id))
    cursor = page.nextCursor
    pages += 1
    if (pages === 1) await createJob(app, recruiter, { title: 'Paged job added meanwhile', plan: { preset: 'lean' } })
  } while (cursor)
  t.equal(pages, 3, 'seven jobs in pages of three')
  t.same(seen, [...made].reverse(), 'newest first, each job once; the one added meanwhile sits before the first page')
})
