// CSV import: a per-row report (created, updated, unchanged, rejected with the
// line and the reason), idempotent by e-mail, optional applications to an open
// job, and a clear 4xx for files that cannot be imported at all.
import t from 'tap'
import { buildTestApp } from '../helpers/app.ts'
import { bearer, createUser, type TestUser } from '../helpers/users.ts'
import { multipartFile } from '../fixtures/multipart.ts'
import { createCandidate, createJob } from './helpers.ts'

const { app } = await buildTestApp(t)
const [recruiter, interviewer] = await Promise.all([createUser(app, 'RECRUITER'), createUser(app, 'INTERVIEWER')])

type Line = { line: number; status: string; id?: string; reason?: string; application?: string; applicationId?: string }
type Summary = { importId: string; rows: number; created: number; updated: number; unchanged: number; rejected: number; applicationsCreated: number; applicationsSkipped: number; applicationsRefused: number; error?: string }

async function importCsv(csv: string, query = '', user: TestUser = recruiter) {
  const { payload, headers } = multipartFile(Buffer.from(csv), { filename: 'candidates.csv', contentType: 'text/csv' })
  return app.inject({ method: 'POST', url: `/candidates/import${query}`, headers: { ...bearer(user), ...headers }, payload })
}
async function report(csv: string, query = '') {
  const res = await importCsv(csv, query)
  if (res.statusCode !== 200) throw new Error(`import failed: ${res.statusCode} ${res.body}`)
  if (!/^application\/x-ndjson/.test(String(res.headers['content-type']))) throw new Error('the report is not NDJSON')
  const parsed = res.body.trim().split('\n').map((l) => JSON.parse(l))
  const last = parsed.pop() as { summary: Summary }
  return { lines: parsed as Line[], summary: last.summary }
}

const header = 'firstName,lastName,email,phone,location,skills,source,portfolioUrl,githubUrl,linkedinUrl'
const existing = await createCandidate(app, recruiter, { firstName: 'Already', lastName: 'Here', email: 'already.here@import.test', skills: ['Go'] })
const file = [
  header,
  'Ada,Lovelace,ada@import.test,+44 20 0000,London,PostgreSQL; Go;postgresql,referral,https://ada.example,,',
  'Bad,Email,not-an-email,,,,,,,',
  'No,,nolast@import.test,,,,,,,',
  'Evil,Link,evil@import.test,,,,,javascript:alert(1),,',
  'Too,Many,fields@import.test,,,,,,,,extra',
  'Already,Here,ALREADY.HERE@import.test,,,Go;Rust,,,,',
  '"Quoted, Name",Smith,quoted@import.test,,,,agency,,,',
  'Ada,Lovelace-King,ada@import.test,,,,,,,',
].join('\n')

t.test('a mixed file: good rows imported, bad rows reported with their line and reason', async (t) => {
  const before = await app.db.candidate.count()
  const { lines, summary } = await report(file)
  const byLine = new Map(lines.map((l) => [l.line, l]))
  t.match(byLine.get(2), { status: 'created' })
  t.match(byLine.get(3), { status: 'rejected', reason: /email/ })
  t.match(byLine.get(4), { status: 'rejected', reason: /lastName/ })
  t.match(byLine.get(5), { status: 'rejected', reason: /portfolioUrl/ })
  t.match(byLine.get(6), { status: 'rejected', reason: /record length|column/i })
  t.match(byLine.get(7), { status: 'updated', id: existing.id }, 'an existing e-mail, in another case, updates that candidate')
  t.match(byLine.get(8), { status: 'created' })
  t.match(byLine.get(9), { status: 'updated', id: byLine.get(2)!.id }, 'the same e-mail later in the file updates the earlier row')
  t.same(lines.map((l) => l.line), [2, 3, 4, 5, 6, 7, 8, 9], 'one line per row, in file order')
  t.match(summary, { rows: 8, created: 2, updated: 2, unchanged: 0, rejected: 4 })
  t.equal(await app.db.candidate.count(), before + 2)
  const ada = await app.db.candidate.findUniqueOrThrow({ where: { email: 'ada@import.test' } })
  t.match(ada, { lastName: 'Lovelace-King', phone: null, skills: [], source: null }, 'the last row for an e-mail wins; its empty cells clear')
  const already = await app.db.candidate.findUniqueOrThrow({ where: { id: existing.id } })
  t.same(already.skills, ['Go', 'Rust'])
  t.equal((await app.db.candidate.findUniqueOrThrow({ where: { email: 'quoted@import.test' } })).firstName, 'Quoted, Name')
  t.ok(await app.db.auditEvent.findFirst({ where: { action: 'candidates.imported', entityId: summary.importId } }), 'the import is audited')
})

t.test('importing the same file again creates nothing and rewrites nothing', async (t) => {
  // Without line 9, which gives line 2's e-mail other values: a file that
  // contradicts itself flips the record on every run (the last row wins).
  const consistent = file.split('\n').slice(0, -1).join('\n').replace('Ada,Lovelace,', 'Ada,Lovelace-King,').replace('+44 20 0000,London,PostgreSQL; Go;postgresql,referral,https://ada.example', ',,,,')
  await report(consistent)
  const before = await app.db.candidate.count()
  const updatedAt = (await app.db.candidate.findUniqueOrThrow({ where: { email: 'quoted@import.test' } })).updatedAt
  const { lines, summary } = await report(consistent)
  t.match(summary, { rows: 7, created: 0, updated: 0, unchanged: 3, rejected: 4 })
  t.same(lines.filter((l) => l.status !== 'rejected').map((l) => l.status), ['unchanged', 'unchanged', 'unchanged'])
  t.ok(lines.filter((l) => l.status === 'unchanged').every((l) => l.id), 'unchanged rows still name their candidate')
  t.equal(await app.db.candidate.count(), before, 'no candidate is created')
  t.same((await app.db.candidate.findUniqueOrThrow({ where: { email: 'quoted@import.test' } })).updatedAt, updatedAt, 'an unchanged row is not rewritten')
})

t.test('a file without a column leaves that field alone', async (t) => {
  const { lines } = await report('email,firstName,lastName,location\nquoted@import.test,Quoted,Smith,Oslo\n')
  t.match(lines[0], { status: 'updated' })
  const quoted = await app.db.candidate.findUniqueOrThrow({ where: { email: 'quoted@import.test' } })
  t.match(quoted, { location: 'Oslo', source: 'agency' }, 'source, not in this file, is kept')
})

t.test('with a jobId, each imported candidate is applied to the job at its first stage', async (t) => {
  const job = await createJob(app)
  const csv = `${header}\nJob,One,job.one@import.test,,,,,,,\nJob,Two,job.two@import.test,,,,,,,\n`
  const first = await report(csv, `?jobId=${job.id}`)
  t.ok(first.lines.every((l) => l.application === 'created' && l.applicationId))
  t.match(first.summary, { applicationsCreated: 2, applicationsSkipped: 0, applicationsRefused: 0 })
  const applications = await app.db.application.findMany({ where: { jobId: job.id }, include: { transitions: true } })
  t.equal(applications.length, 2)
  for (const a of applications) {
    t.equal(a.stageId, job.stageIds[0], 'at the first stage')
    t.match(a.transitions, [{ kind: 'APPLIED', fromStageId: null, toStageId: job.stageIds[0], toStatus: 'ACTIVE', actorId: recruiter.id }])
  }
  t.equal(await app.db.auditEvent.count({ where: { action: 'application.applied', jobId: job.id } }), 2)
  t.equal(await app.db.outboxEvent.count({ where: { topic: 'application.received', payload: { path: ['jobId'], equals: job.id } } }), 2)

  const again = await report(csv, `?jobId=${job.id}`)
  t.ok(again.lines.every((l) => l.application === 'exists' && l.applicationId), 'a second run reports the active applications it skipped')
  t.match(again.summary, { applicationsCreated: 0, applicationsSkipped: 2, applicationsRefused: 0 })
  t.equal(await app.db.application.count({ where: { jobId: job.id } }), 2)
})

t.test('a job that cannot take applications refuses the whole import', async (t) => {
  const closed = await createJob(app, { status: 'CLOSED' })
  const csv = `${header}\nNever,Imported,never@import.test,,,,,,,\n`
  const res = await importCsv(csv, `?jobId=${closed.id}`)
  t.equal(res.statusCode, 409)
  t.match(res.json().detail, /closed/)
  t.equal((await importCsv(csv, '?jobId=0190a0a0-0000-7000-8000-000000000000')).statusCode, 404)
  t.equal(await app.db.candidate.count({ where: { email: 'never@import.test' } }), 0, 'nothing was imported')
})

t.test('a file that cannot be imported at all answers 400 before any row', async (t) => {
  const cases: Array<[string, string, RegExp]> = [
    ['an unknown column', 'firstName,lastName,email,salary\nA,B,a@b.test,1\n', /salary/],
    ['a missing e-mail column', 'firstName,lastName\nA,B\n', /email/],
    ['a column twice', 'firstName,lastName,email,email\nA,B,a@b.test,a@b.test\n', /more than once/],
    ['an empty file', '', /empty/],
  ]
  for (const [what, csv, detail] of cases) {
    const res = await importCsv(csv)
    t.equal(res.statusCode, 400, what)
    t.match(res.json().detail, detail)
  }
})

t.test('a quote left open at the end of the file: the rows before it are imported, the report says where it broke', async (t) => {
  const { lines, summary } = await report(`${header}\nOpen,Quote,open.before@import.test,,,,,,,\n"Never,closed,x@import.test,,,,,,,\n`)
  t.match(lines[0], { line: 2, status: 'created' })
  const broken = lines.find((l) => l.status === 'rejected') ?? summary
  t.match(JSON.stringify(broken), /quote/i, 'the open quote is reported')
  t.equal(await app.db.candidate.count({ where: { email: 'open.before@import.test' } }), 1)
})

t.test('a record too long to be a candidate stops the import there, and says where', async (t) => {
  // csv-parse cannot resynchronise after an over-long record. Here the whole
  // file arrives in one piece, so it stops before any batch: 400. A file
  // streamed in pieces gets the same reason in its report's summary line.
  const res = await importCsv(`${header}\nBefore,Long,before.long@import.test,,,,,,,\nHuge,${'x'.repeat(70_000)},huge@import.test,,,,,,,\nAfter,Long,after.long@import.test,,,,,,,\n`)
  t.equal(res.statusCode, 400)
  t.match(res.json().detail, /Max Record Size.*line 3/)
  t.equal(await app.db.candidate.count({ where: { email: { in: ['before.long@import.test', 'huge@import.test', 'after.long@import.test'] } } }), 0, 'nothing half-imported')
})

t.test('an import must be a multipart file upload', async (t) => {
  const res = await app.inject({ method: 'POST', url: '/candidates/import', headers: { ...bearer(recruiter), 'content-type': 'text/csv' }, payload: `${header}\n` })
  t.equal(res.statusCode, 415)
})

t.test('only recruiters and admins import', async (t) => {
  t.equal((await importCsv(`${header}\n`, '', interviewer)).statusCode, 403)
})

t.test('a file larger than the import limit: the whole rows before the limit are imported, not the row it cut', async (t) => {
  const limit = 1024
  const { app: small } = await buildTestApp(t, { IMPORT_MAX_BYTES: String(limit) })
  const user = await createUser(small, 'RECRUITER')
  const row = (i: number) => `Cut${i},Off,cut.off.${i}@import.test,,,,,,,\n` // 40 bytes for i in 10..99
  const rows = Array.from({ length: 20 }, (_, i) => row(10 + i)).join('')
  // The limit falls inside the next row's address: "Cut30,Off,cut.off.30@import.te", itself a well-formed address.
  const cutRow = 'Cut30,Off,cut.off.30@import.te'
  const padding = limit - `${header}\n`.length - rows.length - cutRow.length - 'Pad,Off,pad.off@import.test,,,,,,,\n'.length
  const csv = `${header}\nPad,Off,pad.off@import.test,,${'L'.repeat(padding)},,,,,\n${rows}${row(30)}${row(31)}`
  t.equal(csv.indexOf(cutRow) + cutRow.length, limit, 'the limit cuts the address short')
  const { payload, headers } = multipartFile(Buffer.from(csv), { filename: 'candidates.csv', contentType: 'text/csv' })
  const res = await small.inject({ method: 'POST', url: '/candidates/import', headers: { ...bearer(user), ...headers }, payload })
  t.equal(res.statusCode, 200)
  const summary = JSON.parse(res.body.trim().split('\n').at(-1)!).summary as Summary
  t.match(summary, { created: 21, rejected: 0, error: /larger than the import limit/ }, 'the 21 whole rows, and the reason it stopped')
  const stored = (await small.db.candidate.findMany({ where: { lastName: 'Off' }, select: { email: true } })).map((c) => c.email!)
  t.equal(stored.length, 21)
  t.notOk(stored.some((email) => email.endsWith('@import.te')), 'no address cut short')
})

t.test('a row PostgreSQL could not store, or with an unknown time zone, is rejected alone: the rest of its batch is imported', async (t) => {
  const csv = [
    'firstName,lastName,email,timeZone',
    'Good,Before,good.before@import.test,Europe/Berlin',
    'Bad\u0000Nul,Row,bad.nul@import.test,',
    'Bad,Zone,bad.zone@import.test,Mars/Olympus',
    'Good,After,good.after@import.test,',
  ].join('\n')
  const { lines, summary } = await report(csv)
  t.match(summary, { created: 2, rejected: 2 })
  t.match(lines.find((l) => l.line === 3), { status: 'rejected', reason: /firstName must not contain NUL/ })
  t.match(lines.find((l) => l.line === 4), { status: 'rejected', reason: /timeZone/ })
  t.equal(await app.db.candidate.count({ where: { email: { in: ['good.before@import.test', 'good.after@import.test'] } } }), 2)
  t.equal(await app.db.candidate.count({ where: { email: { in: ['bad.nul@import.test', 'bad.zone@import.test'] } } }), 0)
})

t.test('a body with a second part after the CSV: the file is imported and the summary says the rest was not read', async (t) => {
  const boundary = 'shortlist-import-two-parts'
  const part = (name: string, content: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\n${content}\r\n`
  const first = 'firstName,lastName,email\nFirst,File,first.file@two-parts.test\n'
  const second = 'firstName,lastName,email\nSecond,File,second.file@two-parts.test\n'
  const res = await app.inject({
    method: 'POST', url: '/candidates/import',
    headers: { ...bearer(recruiter), 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: `${part('one.csv', first)}${part('two.csv', second)}--${boundary}--\r\n`,
  })
  t.equal(res.statusCode, 200)
  const lines = res.body.trim().split('\n').map((l) => JSON.parse(l))
  const { summary } = lines.pop() as { summary: Summary }
  t.match(lines, [{ line: 2, status: 'created' }], "the first file's row is reported")
  t.match(summary, { rows: 1, created: 1, error: /more than the one file part.*nothing after it was read/ })
  t.equal(await app.db.candidate.count({ where: { email: 'first.file@two-parts.test' } }), 1)
  t.equal(await app.db.candidate.count({ where: { email: 'second.file@two-parts.test' } }), 0, 'the second file is not imported')

  const alone = await report(first.replace(/first\.file/g, 'alone'))
  t.notOk(alone.summary.error, 'a body with only the file has no such error')
})
