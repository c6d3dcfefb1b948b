// Multipart bodies the parser cannot read (no closing boundary, not multipart
// at all, no boundary) answer 400 problem+json on both upload routes, never a
// 500 or no answer at all, and leave no file and no row behind. Sent over a
// real connection: a body that ends without its closing boundary is what a
// client whose upload broke off sends, and a hang must fail the test, not stall it.
import http from 'node:http'
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import t, { type Test } from 'tap'
import { buildTestApp } from '../helpers/app.ts'
import { bearer, createUser } from '../helpers/users.ts'
import { createCandidate } from './helpers.ts'

const storageDir = await mkdtemp(path.join(tmpdir(), 'shortlist-malformed-'))
t.teardown(() => rm(storageDir, { recursive: true, force: true }))
const { app } = await buildTestApp(t, { RESUME_STORAGE_DIR: storageDir, RESUME_MAX_BYTES: String(256 * 1024) })
const recruiter = await createUser(app, 'RECRUITER')
const address = await app.listen({ host: '127.0.0.1', port: 0 })
const TIMEOUT_MS = 15_000

interface Answer {
  statusCode: number
  headers: http.IncomingHttpHeaders
  body: string
}

/**
 * POSTs over a real connection; `send` writes the body and ends the request,
 * and may wait for the first bytes of the answer. No answer within
 * TIMEOUT_MS rejects.
 */
function exchange(url: string, headers: http.OutgoingHttpHeaders, send: (req: http.ClientRequest, answering: Promise<void>) => Promise<void> | void): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let answered!: () => void
    const answering = new Promise<void>((r) => (answered = r))
    const fail = (error: Error) => {
      clearTimeout(timer)
      req.destroy()
      reject(error)
    }
    const timer = setTimeout(() => fail(new Error(`no answer from POST ${url} within ${TIMEOUT_MS} ms`)), TIMEOUT_MS)
    const req = http.request(new URL(url, address), { method: 'POST', headers: { ...bearer(recruiter), ...headers } }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        body += chunk
        answered()
      })
      res.on('end', () => {
        clearTimeout(timer)
        resolve({ statusCode: res.statusCode!, headers: res.headers, body })
      })
      res.on('error', fail)
    })
    req.on('error', fail)
    Promise.resolve(send(req, answering)).catch(fail)
  })
}

const BOUNDARY = 'shortlist-malformed-upload'
const multipart = `multipart/form-data; boundary=${BOUNDARY}`
const filePart = (filename: string, content: string) =>
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n${content}`

/** [what, content type, body] for a route whose file would have `content`. */
function malformedBodies(filename: string, content: string): Array<[string, string, string]> {
  return [
    ['a body without its closing boundary', multipart, filePart(filename, content)],
    ['a body that is not multipart at all', multipart, 'hello world'],
    ['a multipart content type without a boundary', 'multipart/form-data', filePart(filename, content)],
    ['a boundary longer than multipart allows', `multipart/form-data; boundary=${'b'.repeat(300)}`, filePart(filename, content)],
  ]
}

function isUploadProblem(t: Test, res: Answer, what: string) {
  t.equal(res.statusCode, 400, `${what}: 400`)
  t.match(res.headers['content-type'], /^application\/problem\+json/, `${what}: a problem`)
  t.match(JSON.parse(res.body), { status: 400, code: 'SL_MALFORMED_UPLOAD', type: 'https://shortlist.dev/problems/malformed-upload', detail: /multipart\/form-data/ }, `${what}: says what was wrong`)
}

async function storedFiles(): Promise<string[]> {
  const entries = await readdir(storageDir, { recursive: true, withFileTypes: true })
  return entries.filter((e) => e.isFile()).map((e) => e.name)
}

const importedLike = (prefix: string) => app.db.candidate.count({ where: { email: { startsWith: prefix } } })

t.test('resume: a malformed body is a 400 problem and leaves no file and no row', async (t) => {
  const candidate = await createCandidate(app, recruiter)
  for (const [what, contentType, body] of malformedBodies('cv.pdf', '%PDF-1.4\nan upload that broke off')) {
    const res = await exchange(`/candidates/${candidate.id}/resume`, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) }, (req) => void req.end(body))
    isUploadProblem(t, res, what)
  }
  t.same(await storedFiles(), [], 'no file, not even a partial one, is left in the store')
  t.equal(await app.db.resume.count({ where: { candidateId: candidate.id } }), 0, 'no row')
})

t.test('import: a malformed body is a 400 problem (not a wait for ever) and imports nothing', async (t) => {
  for (const [what, contentType, body] of malformedBodies('candidates.csv', 'firstName,lastName,email\r\nCut,Short,cut.short@malformed.test\r\n')) {
    const res = await exchange('/candidates/import', { 'content-type': contentType, 'content-length': Buffer.byteLength(body) }, (req) => void req.end(body))
    isUploadProblem(t, res, what)
  }
  t.equal(await importedLike('cut.short@'), 0, 'no candidate')
  t.equal(await app.db.auditEvent.count({ where: { action: 'candidates.imported' } }), 0, 'no import was started')
})

t.test('resume: an upload that breaks off after part of the file was stored leaves no file and no row', async (t) => {
  const candidate = await createCandidate(app, recruiter)
  const res = await exchange(`/candidates/${candidate.id}/resume`, { 'content-type': multipart }, async (req) => {
    req.write(filePart('cv.pdf', `%PDF-1.4\n${'x'.repeat(32 * 1024)}`))
    // Wait until the server has written some of it to its temporary file.
    const deadline = Date.now() + 5_000
    for (;;) {
      const names = (await readdir(storageDir, { recursive: true })).filter((n) => n.endsWith('.part'))
      const sizes = await Promise.all(names.map((n) => stat(path.join(storageDir, n)).then((s) => s.size, () => 0)))
      if (sizes.some((size) => size > 0)) break
      if (Date.now() > deadline) throw new Error('the upload never reached the resume store')
      await new Promise((r) => setTimeout(r, 20))
    }
    req.end()
  })
  isUploadProblem(t, res, 'a file part without its end')
  t.same(await storedFiles(), [], 'the partial file is removed')
  t.equal(await app.db.resume.count({ where: { candidateId: candidate.id } }), 0, 'no row')
})

t.test('import: an upload that breaks off midway ends the report with what was imported, and nothing else is', async (t) => {
  const rows = 1_600
  const csv = ['firstName,lastName,email', ...Array.from({ length: rows }, (_, i) => `Mid,Way${i},midway${i}@malformed.test`)].join('\n') + '\n'
  const res = await exchange('/candidates/import', { 'content-type': multipart }, async (req, answering) => {
    req.write(filePart('candidates.csv', csv))
    await answering // the report has begun: some rows are in the database
    req.end()
  })
  t.equal(res.statusCode, 200, 'the report had already begun')
  const lines = res.body.trim().split('\n').map((l) => JSON.parse(l))
  const { summary } = lines.pop() as { summary: { importId: string; rows: number; created: number; error?: string } }
  t.match(summary.error, /multipart\/form-data.*the rows reported above were imported, the rows after them were not/, 'the summary says why it stopped and what that means')
  t.ok(lines.length > 0 && lines.length < rows, `some rows were reported (${lines.length})`)
  t.ok(lines.every((l: { status: string }) => l.status === 'created'))
  t.match(summary, { rows: lines.length, created: lines.length })
  t.equal(await importedLike('midway'), lines.length, 'exactly the reported rows are in the database')
  const audit = await app.db.auditEvent.findFirstOrThrow({ where: { action: 'candidates.imported', entityId: summary.importId } })
  t.match(audit.payload, { rows: lines.length, stopped: true }, 'the import is audited as stopped')
})
