// Export of the candidate list: streamed CSV (spreadsheet-safe, re-importable)
// and JSON, the list's filters, every row once across the export's batches.
import t from 'tap'
import { parse } from 'csv-parse/sync'
import { buildTestApp } from '../helpers/app.ts'
import { bearer, createUser, type TestUser } from '../helpers/users.ts'
import { multipartFile } from '../fixtures/multipart.ts'
import { createCandidate } from './helpers.ts'

const { app } = await buildTestApp(t)
const [recruiter, manager] = await Promise.all([createUser(app, 'RECRUITER'), createUser(app, 'HIRING_MANAGER')])
const exportList = (query: string, user: TestUser = recruiter) => app.inject({ method: 'GET', url: `/candidates/export?${query}`, headers: bearer(user) })

const risky = await createCandidate(app, recruiter, {
  firstName: '=HYPERLINK("http://evil.example","click")', lastName: '+Plus', location: '@SUM(A1)', phone: '+1 555 0100',
  skills: ['-dash', 'C++', 'Go, "quoted"'], source: 'export-test', githubUrl: 'https://github.com/risky',
})
const plain = await createCandidate(app, recruiter, { firstName: 'Plain', lastName: 'Person', skills: ['SQL'], source: 'export-test' })

t.test('CSV: a header, one row per candidate, formulas defused', async (t) => {
  const res = await exportList('format=csv&source=export-test')
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /^text\/csv/)
  t.match(res.headers['content-disposition'], /^attachment; filename="candidates-\d{4}-\d{2}-\d{2}\.csv"$/)
  t.equal(res.headers['cache-control'], 'no-store', 'personal data is not kept in caches')
  const rows = parse(res.body, { columns: true }) as Array<Record<string, string>>
  t.same(Object.keys(rows[0]!), ['id', 'firstName', 'lastName', 'email', 'phone', 'location', 'timeZone', 'portfolioUrl', 'githubUrl', 'linkedinUrl', 'skills', 'source', 'createdAt', 'updatedAt'])
  t.same(rows.map((r) => r.id), [plain.id, risky.id], 'newest first, filtered by source')
  const r = rows[1]!
  t.equal(r.firstName, `'=HYPERLINK("http://evil.example","click")`, 'a cell starting with = gets a quote prefix')
  t.equal(r.lastName, "'+Plus")
  t.equal(r.location, "'@SUM(A1)")
  t.equal(r.phone, "'+1 555 0100", 'even a phone number starting with + (the import takes the prefix off again)')
  t.equal(r.skills, "'-dash;C++;Go, \"quoted\"", 'skills joined with ";", commas and quotes escaped by CSV quoting')
  t.equal(r.email, risky.email)
  t.equal(r.githubUrl, 'https://github.com/risky')
})

t.test('JSON: an array of the same rows, values as stored', async (t) => {
  const res = await exportList('format=json&source=export-test')
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /^application\/json/)
  const rows = res.json() as Array<Record<string, unknown>>
  t.same(rows.map((r) => r.id), [plain.id, risky.id])
  t.match(rows[1], { firstName: '=HYPERLINK("http://evil.example","click")', skills: ['-dash', 'C++', 'Go, "quoted"'], email: risky.email })
  t.type(rows[1]!.createdAt, 'string')
})

t.test('an exported CSV imports back unchanged', async (t) => {
  const csv = (await exportList('format=csv&source=export-test')).body
  const { payload, headers } = multipartFile(Buffer.from(csv), { filename: 'export.csv', contentType: 'text/csv' })
  const res = await app.inject({ method: 'POST', url: '/candidates/import', headers: { ...bearer(recruiter), ...headers }, payload })
  t.equal(res.statusCode, 200)
  const lines = res.body.trim().split('\n').map((l) => JSON.parse(l))
  t.match(lines.at(-1).summary, { rows: 2, unchanged: 2, created: 0, updated: 0, rejected: 0 })
  const back = await app.db.candidate.findUniqueOrThrow({ where: { id: risky.id } })
  t.equal(back.firstName, '=HYPERLINK("http://evil.example","click")', 'values survive the round trip')
})

t.test('a large export streams every candidate once, across batches', async (t) => {
  await app.db.$executeRaw`
    INSERT INTO candidates (id, email, first_name, last_name, source, updated_at, created_at)
    SELECT gen_random_uuid(), 'bulk' || g || '@export.test', 'Bulk' || g, 'Row', 'bulk-export', now(), now() - (g % 7 || ' seconds')::interval
      FROM generate_series(1, 2500) g`
  const csvRows = parse((await exportList('format=csv&source=bulk-export')).body, { columns: true }) as Array<{ id: string }>
  t.equal(csvRows.length, 2500)
  t.equal(new Set(csvRows.map((r) => r.id)).size, 2500, 'no candidate twice')
  const jsonRows = (await exportList('format=json&source=bulk-export')).json() as Array<{ id: string }>
  t.same(jsonRows.map((r) => r.id), csvRows.map((r) => r.id), 'CSV and JSON agree, in the same order')
})

t.test('only recruiters and admins export, and it is audited', async (t) => {
  t.equal((await exportList('format=csv', manager)).statusCode, 403)
  t.equal((await exportList('format=xml')).statusCode, 400)
  t.ok(await app.db.auditEvent.findFirst({ where: { action: 'candidates.exported', actorId: recruiter.id } }))
})
