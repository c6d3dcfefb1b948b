// The candidate list: newest first with a keyset cursor that stays stable while
// candidates are added, and the filters it shares with search and export.
import t from 'tap'
import { buildTestApp } from '../helpers/app.ts'
import { bearer, createUser, type TestUser } from '../helpers/users.ts'
import { applyToJob, createCandidate, createJob } from './helpers.ts'

const { app } = await buildTestApp(t)
const [recruiter, manager, outsider] = await Promise.all([createUser(app, 'RECRUITER'), createUser(app, 'HIRING_MANAGER'), createUser(app, 'INTERVIEWER')])
const job = await createJob(app, { team: [{ user: manager, role: 'HIRING_MANAGER' }] })

type Summary = { id: string; createdAt: string; skills: string[]; source: string | null }
async function list(query = '', user: TestUser = recruiter): Promise<{ items: Summary[]; nextCursor: string | null }> {
  const res = await app.inject({ method: 'GET', url: `/candidates?${query}`, headers: bearer(user) })
  if (res.statusCode !== 200) throw new Error(`list failed: ${res.statusCode} ${res.body}`)
  return res.json()
}

// Same-millisecond creation times are the case a keyset on time alone gets wrong.
const sameInstant = new Date('2026-01-01T00:00:00.000Z')
const made: string[] = []
for (let i = 0; i < 12; i++) {
  const c = await createCandidate(app, recruiter, { firstName: `Lister${i}`, skills: i % 2 ? ['Go', 'SQL'] : ['Go'], source: i % 3 ? 'referral' : 'agency' })
  made.push(c.id)
}
await app.db.candidate.updateMany({ where: { id: { in: made.slice(0, 6) } }, data: { createdAt: sameInstant } })

t.test('pages of the list cover every candidate once, newest first, ties broken by id', async (t) => {
  const seen: Summary[] = []
  let cursor: string | null = null
  do {
    const page = await list(`limit=5${cursor ? `&cursor=${cursor}` : ''}`)
    seen.push(...page.items)
    cursor = page.nextCursor
    // A candidate created between pages is newer than the cursor: it does not shift later pages.
    if (cursor && seen.length === 5) await createCandidate(app, recruiter, { firstName: 'Latecomer' })
  } while (cursor)
  t.same(seen.map((s) => s.id).filter((id) => made.includes(id)).sort(), [...made].sort(), 'every candidate made before the first page, once')
  t.equal(new Set(seen.map((s) => s.id)).size, seen.length, 'no repeats')
  for (let i = 1; i < seen.length; i++) {
    const [a, b] = [seen[i - 1]!, seen[i]!]
    t.ok(a.createdAt > b.createdAt || (a.createdAt === b.createdAt && a.id > b.id), `order holds at ${i}`)
  }
})

t.test('filters: source, all-of skills, creation dates, job, stage and status', async (t) => {
  const ofSource = (await list('source=agency&limit=200')).items
  t.ok(ofSource.length >= 4 && ofSource.every((c) => c.source === 'agency'))
  const bothSkills = (await list('skills=Go&skills=SQL&limit=200')).items
  t.ok(bothSkills.length === 6 && bothSkills.every((c) => c.skills.includes('SQL')), 'skills match all of those given')
  t.same((await list('skills=go&skills=sql&limit=200')).items.map((c) => c.id), bothSkills.map((c) => c.id), 'in any letter case (they are kept as first spelled)')
  const before = (await list(`createdBefore=${encodeURIComponent('2026-01-01T00:00:00.001Z')}&limit=200`)).items
  t.same(before.map((c) => c.id).sort(), made.slice(0, 6).sort())
  const after = (await list(`createdAfter=${encodeURIComponent('2026-01-01T00:00:00.001Z')}&limit=200`)).items
  t.notOk(after.some((c) => made.slice(0, 6).includes(c.id)))
  await applyToJob(app, made[7]!, job, 1)
  t.same((await list(`jobId=${job.id}`)).items.map((c) => c.id), [made[7]])
  t.same((await list(`stageId=${job.stageIds[1]}`)).items.map((c) => c.id), [made[7]])
  t.same((await list(`jobId=${job.id}&status=HIRED`)).items, [])
  const bad = await app.inject({ method: 'GET', url: '/candidates?status=LOST', headers: bearer(recruiter) })
  t.equal(bad.statusCode, 400)
  const forged = Buffer.from(JSON.stringify({ createdAt: 'x', id: "'; DROP TABLE candidates" })).toString('base64url')
  const badCursor = await app.inject({ method: 'GET', url: `/candidates?cursor=${forged}`, headers: bearer(recruiter) })
  t.equal(badCursor.statusCode, 400, 'a cursor the API did not issue: 400')
})

t.test('hiring managers and interviewers list only candidates of their jobs', async (t) => {
  t.same((await list('', manager)).items.map((c) => c.id), [made[7]])
  t.same((await list('', outsider)).items, [])
  const res = await app.inject({ method: 'GET', url: `/candidates?jobId=${job.id}`, headers: bearer(outsider) })
  t.equal(res.statusCode, 404, "another team's job is not even acknowledged")
})

t.test('erased candidates are left out of the list', async (t) => {
  await app.db.candidate.update({ where: { id: made[11]! }, data: { erasedAt: new Date(), email: null } })
  t.notOk((await list('limit=200')).items.some((c) => c.id === made[11]))
})
