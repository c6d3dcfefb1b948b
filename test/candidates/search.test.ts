// Candidate search: full text over names, e-mail, skills, notes and resume
// text, trigram matching for typos, one ranking, keyset pages, the list's
// filters, and visibility for hiring managers and interviewers.
import t from 'tap'
import { Prisma } from '../../src/generated/prisma/client.ts'
import { BEGIN_SEARCH, parseSearchTerms, searchSql, skillsInclude } from '../../src/services/candidate-search.ts'
import { withTransaction } from '../../src/db/transaction.ts'
import { buildTestApp } from '../helpers/app.ts'
import { bearer, createUser, type TestUser } from '../helpers/users.ts'
import { applyToJob, createCandidate, createJob } from './helpers.ts'

const { app } = await buildTestApp(t)
const [recruiter, interviewer] = await Promise.all([createUser(app, 'RECRUITER'), createUser(app, 'INTERVIEWER')])
const jobA = await createJob(app, { team: [{ user: interviewer, role: 'INTERVIEWER' }] })

type Hit = { id: string; rank: number; firstName: string }
async function search(q: string, user: TestUser = recruiter, extra = ''): Promise<{ items: Hit[]; nextCursor: string | null }> {
  const res = await app.inject({ method: 'GET', url: `/candidates/search?q=${encodeURIComponent(q)}${extra}`, headers: bearer(user) })
  if (res.statusCode !== 200) throw new Error(`search failed: ${res.statusCode} ${res.body}`)
  return res.json()
}
const ids = (hits: Hit[]) => hits.map((h) => h.id)
const addResumeText = (candidateId: string, text: string) =>
  app.db.resume.create({ data: { candidateId, storageKey: `test/${candidateId}`, fileName: 'cv.pdf', contentType: 'application/pdf', sizeBytes: 1, sha256: 'x', text } })

const petra = await createCandidate(app, recruiter, { firstName: 'Petra', lastName: 'Novak', skills: ['PostgreSQL', 'Go'], source: 'referral' })
const kube = await createCandidate(app, recruiter, { firstName: 'Kai', lastName: 'Brandt', skills: ['Kubernetes'] })
const resumeOnly = await createCandidate(app, recruiter, { firstName: 'Rhea', lastName: 'Stone', skills: ['Python'] })
await addResumeText(resumeOnly.id, 'Ran Kubernetes clusters and tuned a xylophone-shaped load balancer for payments.')
const noted = await createCandidate(app, recruiter, { firstName: 'Nils', lastName: 'Berg' })
await app.db.candidateNote.create({ data: { candidateId: noted.id, body: 'Talked about marmalade pipelines at the meetup.' } })
const rogers = await createCandidate(app, recruiter, { firstName: 'Mia', lastName: 'Rogers', skills: ['Terraform'] })
await applyToJob(app, petra.id, jobA)

t.test('a misspelt skill finds the candidate who has it', async (t) => {
  const { items } = await search('Postgress')
  t.equal(items[0]?.id, petra.id, '"Postgress" finds PostgreSQL')
  t.same(ids((await search('Kubernets')).items).slice(0, 1), [kube.id], '"Kubernets" finds Kubernetes, the skill above the resume mention')
})

t.test('a word that is only in the resume text, or only in a note, finds the candidate', async (t) => {
  t.same(ids((await search('xylophone')).items), [resumeOnly.id])
  t.same(ids((await search('marmalade')).items), [noted.id])
})

t.test('a skill match ranks above the same word found only in a resume', async (t) => {
  const { items } = await search('kubernetes')
  t.same(ids(items), [kube.id, resumeOnly.id])
  t.ok(items[0]!.rank > items[1]!.rank, 'ranks are descending')
})

t.test('names, e-mails and skills mix in one query, each term stemmed or as typed', async (t) => {
  t.same(ids((await search('rogers terraform')).items), [rogers.id], 'a name English would stem ("rogers") still matches')
  t.same(ids((await search('PETRA postgresql')).items), [petra.id])
  const byEmail = (await search(petra.email)).items
  t.equal(byEmail[0]?.id, petra.id, 'the e-mail address: the exact owner first')
  t.ok(byEmail.slice(1).every((h) => h.rank < byEmail[0]!.rank), 'similar addresses, if any, rank below')
  t.same(ids((await search('"Petra Novak"')).items), [petra.id], 'a quoted phrase')
  t.same(ids((await search('kubernetes -python')).items), [kube.id], 'a -term excludes')
  t.same((await search('the and of')).items, [], 'stop words alone find nothing, without error')
})

t.test('an interviewer only finds candidates of their jobs', async (t) => {
  t.same(ids((await search('Postgress', interviewer)).items), [petra.id], 'the candidate on their job')
  t.same((await search('xylophone', interviewer)).items, [], 'not one on no job of theirs')
  const other = await createJob(app)
  const res = await app.inject({ method: 'GET', url: `/candidates/search?q=x&jobId=${other.id}`, headers: bearer(interviewer) })
  t.equal(res.statusCode, 404, 'filtering by a job they cannot see is a 404')
})

t.test("hiring managers and interviewers search the resume but not the notes (they may be about another job's application)", async (t) => {
  const manager = await createUser(app, 'HIRING_MANAGER')
  const jobB = await createJob(app, { team: [{ user: manager, role: 'HIRING_MANAGER' }, { user: interviewer, role: 'INTERVIEWER' }] })
  const both = await createCandidate(app, recruiter, { firstName: 'Noor', lastName: 'Haddad' })
  await applyToJob(app, both.id, jobB)
  await addResumeText(both.id, 'Migrated a quokkabase cluster.')
  await app.db.candidateNote.create({ data: { candidateId: both.id, body: 'Said zanzibarquokka during the call.' } })
  for (const user of [manager, interviewer]) {
    t.same(ids((await search('quokkabase', user)).items), [both.id], `${user.role}: a word of the resume finds them`)
    t.same((await search('zanzibarquokka', user)).items, [], `${user.role}: a word only in a note does not`)
  }
  t.same(ids((await search('zanzibarquokka')).items), [both.id], 'a recruiter finds them by the note')
  const principal = { userId: manager.id, role: 'HIRING_MANAGER' as const, sessionId: 'x' }
  t.match(searchSql(principal, parseSearchTerms('x'), {}, { limit: 1 }).text, /c\.team_search_document @@/, 'from the document without notes')
})

t.test('notes stay searchable however many there are: the document is capped, and every note saves', async (t) => {
  const prolific = await createCandidate(app, recruiter, { firstName: 'Pia', lastName: 'Lund' })
  // ~1.2 MB of distinct words: more than a tsvector holds, which used to fail the note that crossed it.
  let word = 0
  const body = () => Array.from({ length: 1300 }, () => `w${(word++).toString(36)}x`).join(' ').slice(0, 10_000)
  for (let i = 0; i < 120; i++) {
    const res = await app.inject({ method: 'POST', url: `/candidates/${prolific.id}/notes`, headers: bearer(recruiter), payload: { body: body() } })
    if (res.statusCode !== 201) return t.fail(`note ${i + 1}: ${res.statusCode} ${res.body}`)
  }
  t.pass('120 notes of 10 000 characters saved')
  const last = `w${(word - 1).toString(36)}x`
  t.same(ids((await search(last)).items), [prolific.id], 'the newest note is in the document')
})

t.test('the list filters apply to search', async (t) => {
  t.same(ids((await search('Postgress', recruiter, '&source=referral')).items), [petra.id])
  t.same((await search('Postgress', recruiter, '&source=agency')).items, [])
  t.same(ids((await search('postgresql', recruiter, `&jobId=${jobA.id}&status=ACTIVE`)).items), [petra.id])
  t.same((await search('postgresql', recruiter, '&skills=Rust')).items, [])
})

t.test('results page with a (rank, id) cursor: every match once, in rank order', async (t) => {
  const made = new Set<string>()
  for (let i = 0; i < 23; i++) {
    // Some have the skill twice as "strongly" (a note mentioning it too), so ranks differ.
    const c = await createCandidate(app, recruiter, { firstName: `Hask${i}`, lastName: 'Ell', skills: ['Haskell'] })
    if (i % 3 === 0) await app.db.candidateNote.create({ data: { candidateId: c.id, body: 'Haskell, Haskell and more Haskell' } })
    made.add(c.id)
  }
  const seen: Hit[] = []
  let cursor: string | null = null
  let pages = 0
  do {
    const page = await search('haskell', recruiter, `&limit=5${cursor ? `&cursor=${cursor}` : ''}`)
    seen.push(...page.items)
    cursor = page.nextCursor
    pages++
  } while (cursor && pages < 20)
  t.equal(pages, 5, '23 matches in pages of 5')
  t.same(new Set(ids(seen)), made, 'every match exactly once')
  t.equal(new Set(ids(seen)).size, seen.length, 'no repeats')
  for (let i = 1; i < seen.length; i++) t.ok(seen[i - 1]!.rank >= seen[i]!.rank, `rank order at ${i}`)
})

t.test('input that is not a search is refused', async (t) => {
  for (const q of ['', '%20%20']) {
    const res = await app.inject({ method: 'GET', url: `/candidates/search?q=${q}`, headers: bearer(recruiter) })
    t.equal(res.statusCode, 400)
  }
  const long = await app.inject({ method: 'GET', url: `/candidates/search?q=${'a'.repeat(201)}`, headers: bearer(recruiter) })
  t.equal(long.statusCode, 400)
})

t.test('on a few thousand candidates the plan reads the GIN indexes', async (t) => {
  await app.db.$executeRaw`
    INSERT INTO candidates (id, email, first_name, last_name, skills, updated_at)
    SELECT gen_random_uuid(), 'bulk' || g || '@example.test', 'Bulk' || g, 'Person', ARRAY['Skill' || (g % 50), 'Java'], now()
      FROM generate_series(1, 4000) g`
  await app.db.$executeRaw`ANALYZE candidates`
  const principal = { userId: recruiter.id, role: 'RECRUITER' as const, sessionId: 'x' }
  const plan = async (q: string) => {
    const statement = searchSql(principal, parseSearchTerms(q), {}, { limit: 20 })
    const rows = await withTransaction(app.pg, async (client) => (await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${statement.text}`, statement.values)).rows, BEGIN_SEARCH)
    return rows.map((r) => r['QUERY PLAN']).join('\n')
  }
  const typo = await plan('Postgress')
  t.match(typo, /Bitmap Index Scan on candidates_search_document_idx/, 'full text from its GIN index')
  t.match(typo, /Bitmap Index Scan on candidates_search_words_idx/, 'typos from the trigram GIN index')
  t.notMatch(typo, /Seq Scan on candidates/, 'never a sequential scan of candidates')
  t.notMatch(await plan('java'), /Seq Scan on candidates/, 'a word most candidates have: still no sequential scan')
  t.same(ids((await search('Postgress')).items), [petra.id], 'and the answers stay the same')

  const skillsFilter = skillsInclude(['SKILL7'])
  const skillsPlan = (await app.pg.query<{ 'QUERY PLAN': string }>(`EXPLAIN SELECT c.id FROM candidates c WHERE ${skillsFilter.text}`, skillsFilter.values)).rows.map((r) => r['QUERY PLAN']).join('\n')
  t.match(skillsPlan, /Bitmap Index Scan on candidates_skills_any_case_idx/, 'the skills filter, in any letter case, reads its expression index')
})
