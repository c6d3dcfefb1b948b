// Resume upload and download: the type is judged by content, the file lands in
// the resume store under a random key, its text is extracted and searchable,
// and nothing is left behind by a refused upload.
import { createHash } from 'node:crypto'
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import t from 'tap'
import { buildTestApp } from '../helpers/app.ts'
import { bearer, createUser, type TestUser } from '../helpers/users.ts'
import JSZip from 'jszip'
import { sniffResumeKind } from '../../src/services/resume-text/index.ts'
import { MAX_INFLATED_BYTES } from '../../src/services/resume-text/zip.ts'
import { minimalDocx, minimalPdf } from '../fixtures/resumes.ts'
import { multipartFile } from '../fixtures/multipart.ts'
import { applyToJob, createCandidate, createJob } from './helpers.ts'

const storageDir = await mkdtemp(path.join(tmpdir(), 'shortlist-resumes-'))
t.teardown(() => rm(storageDir, { recursive: true, force: true }))
const MAX = 64 * 1024
const { app } = await buildTestApp(t, { RESUME_STORAGE_DIR: storageDir, RESUME_MAX_BYTES: String(MAX) })
const [recruiter, interviewer, outsider] = await Promise.all([createUser(app, 'RECRUITER'), createUser(app, 'INTERVIEWER'), createUser(app, 'INTERVIEWER', 'outsider')])
const job = await createJob(app, { team: [{ user: interviewer, role: 'INTERVIEWER' }] })

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex')
const upload = (user: TestUser, candidateId: string, file: Buffer, filename: string, contentType?: string) => {
  const { payload, headers } = multipartFile(file, { filename, contentType })
  return app.inject({ method: 'POST', url: `/candidates/${candidateId}/resume`, headers: { ...bearer(user), ...headers }, payload })
}
const download = (user: TestUser, candidateId: string) => app.inject({ method: 'GET', url: `/candidates/${candidateId}/resume`, headers: bearer(user) })
const search = async (q: string) => (await app.inject({ method: 'GET', url: `/candidates/search?q=${encodeURIComponent(q)}`, headers: bearer(recruiter) })).json().items as Array<{ id: string }>
async function storedFiles(): Promise<string[]> {
  const entries = await readdir(storageDir, { recursive: true, withFileTypes: true })
  return entries.filter((e) => e.isFile()).map((e) => e.name)
}

t.test('a PDF resume is stored, its text extracted and searchable, and streamed back byte for byte', async (t) => {
  const candidate = await createCandidate(app, recruiter)
  const pdf = minimalPdf(['Ada Lovelace - Analytical Engine programmer', 'Experience with zymurgy and Kubernetes'])
  const res = await upload(recruiter, candidate.id, pdf, '../../etc/passwd My CV.pdf', 'application/pdf')
  t.equal(res.statusCode, 201)
  const body = res.json()
  t.match(body, { candidateId: candidate.id, contentType: 'application/pdf', sizeBytes: pdf.length, sha256: sha256(pdf), textExtracted: true })
  t.equal(body.fileName, 'passwd My CV.pdf', 'the client path is dropped from the name')
  const row = await app.db.resume.findUniqueOrThrow({ where: { id: body.id } })
  t.match(row.text, /zymurgy/, 'the text is extracted')
  t.notMatch(row.storageKey, /passwd|CV/, 'the storage key never contains the client file name')
  t.ok((await storedFiles()).some((name) => row.storageKey.endsWith(name)), 'the file is in the resume store')

  t.same((await search('zymurgy')).map((c) => c.id), [candidate.id], 'a word only in the resume finds the candidate')

  const got = await download(recruiter, candidate.id)
  t.equal(got.statusCode, 200)
  t.equal(sha256(got.rawPayload), sha256(pdf), 'the download has the same bytes')
  t.equal(got.headers['content-type'], 'application/pdf')
  t.equal(got.headers['x-content-type-options'], 'nosniff')
  t.equal(got.headers['cache-control'], 'no-store', 'a resume is not kept in caches')
  t.match(got.headers['content-disposition'], /^attachment; filename="passwd My CV\.pdf"/)
  const read = await app.inject({ method: 'GET', url: `/candidates/${candidate.id}`, headers: bearer(recruiter) })
  t.match(read.json().latestResume, { id: body.id, textExtracted: true })
})

t.test('a DOCX resume is recognised by content whatever it is called', async (t) => {
  const candidate = await createCandidate(app, recruiter)
  const docx = await minimalDocx(['Grace Hopper', 'Invented the first compiler; fluent in quetzalcoatl tooling'])
  const res = await upload(recruiter, candidate.id, docx, 'resume.bin', 'application/octet-stream')
  t.equal(res.statusCode, 201)
  t.match(res.json(), { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', fileName: 'resume.docx', textExtracted: true })
  t.same((await search('quetzalcoatl')).map((c) => c.id), [candidate.id])
  const got = await download(recruiter, candidate.id)
  t.equal(sha256(got.rawPayload), sha256(docx))
})

t.test('files that are not a PDF or DOCX by content are refused with 415 and leave nothing', async (t) => {
  const candidate = await createCandidate(app, recruiter)
  const before = await storedFiles()
  const cases: Array<[string, Buffer, string]> = [
    ['a text file named .pdf', Buffer.from('Just some text pretending to be a PDF'), 'cv.pdf'],
    ['an ordinary ZIP named .docx', await minimalDocx(['x'], { withoutDocumentPart: true }), 'cv.docx'],
    ['an empty file', Buffer.alloc(0), 'cv.pdf'],
  ]
  for (const [what, file, name] of cases) {
    const res = await upload(recruiter, candidate.id, file, name, 'application/pdf')
    t.equal(res.statusCode, 415, `${what} → 415`)
    t.match(res.headers['content-type'], /^application\/problem\+json/)
  }
  t.same(await storedFiles(), before, 'no file is left in the store')
  t.equal(await app.db.resume.count({ where: { candidateId: candidate.id } }), 0, 'and no row')
})

t.test('a file over the size limit gets 413 and leaves no file and no row', async (t) => {
  const candidate = await createCandidate(app, recruiter)
  const before = await storedFiles()
  const big = Buffer.concat([minimalPdf(['big']), Buffer.alloc(MAX, 0x20)])
  const res = await upload(recruiter, candidate.id, big, 'big.pdf', 'application/pdf')
  t.equal(res.statusCode, 413)
  t.match(res.headers['content-type'], /^application\/problem\+json/)
  t.same(await storedFiles(), before)
  t.equal(await app.db.resume.count({ where: { candidateId: candidate.id } }), 0)
})

t.test('a corrupt file that passes the type check is kept, with textExtracted false', async (t) => {
  const candidate = await createCandidate(app, recruiter)
  const broken = Buffer.from('%PDF-1.7\nthis is not really a PDF body at all\n')
  const res = await upload(recruiter, candidate.id, broken, 'broken.pdf')
  t.equal(res.statusCode, 201)
  t.equal(res.json().textExtracted, false)
  t.equal((await app.db.resume.findUniqueOrThrow({ where: { id: res.json().id } })).text, null)
  t.equal(sha256((await download(recruiter, candidate.id)).rawPayload), sha256(broken))
})

t.test('the latest upload is the one downloaded', async (t) => {
  const candidate = await createCandidate(app, recruiter)
  await upload(recruiter, candidate.id, minimalPdf(['first version']), 'one.pdf')
  const second = minimalPdf(['second version'])
  await upload(recruiter, candidate.id, second, 'two.pdf')
  t.equal(sha256((await download(recruiter, candidate.id)).rawPayload), sha256(second))
})

t.test('who may upload and download', async (t) => {
  const candidate = await createCandidate(app, recruiter)
  await applyToJob(app, candidate.id, job)
  await upload(recruiter, candidate.id, minimalPdf(['visible']), 'cv.pdf')
  t.equal((await download(interviewer, candidate.id)).statusCode, 200, "an interviewer of the candidate's job downloads")
  t.equal((await download(outsider, candidate.id)).statusCode, 404, 'an interviewer of another job gets 404')
  t.equal((await upload(interviewer, candidate.id, minimalPdf(['x']), 'x.pdf')).statusCode, 403, 'interviewers do not upload')
  const none = await createCandidate(app, recruiter)
  t.equal((await download(recruiter, none.id)).statusCode, 404, 'no resume yet: 404')
  const unknown = await upload(recruiter, '0190a0a0-0000-7000-8000-000000000000', minimalPdf(['x']), 'x.pdf')
  t.equal(unknown.statusCode, 404, 'unknown candidate: 404')
})

t.test('requests that are not one file upload are refused before the body is read', async (t) => {
  const candidate = await createCandidate(app, recruiter)
  const url = `/candidates/${candidate.id}/resume`
  const json = await app.inject({ method: 'POST', url, headers: bearer(recruiter), payload: { file: 'x' } })
  t.equal(json.statusCode, 415, 'a JSON body: 415')
  t.match(json.headers['content-type'], /^application\/problem\+json/)
  const announced = await app.inject({
    method: 'POST', url, payload: 'x',
    headers: { ...bearer(recruiter), 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(MAX * 4) },
  })
  t.equal(announced.statusCode, 413, 'a body announced larger than the limit: 413 at once')
  const empty = await app.inject({ method: 'POST', url, headers: { ...bearer(recruiter), 'content-type': 'multipart/form-data; boundary=x' }, payload: '--x--\r\n' })
  t.equal(empty.statusCode, 400, 'a multipart body without a file: 400')
})

t.test('a body with more than the one file is refused, and neither file is kept', async (t) => {
  const candidate = await createCandidate(app, recruiter)
  const before = await storedFiles()
  const boundary = 'shortlist-two-parts'
  const part = (head: string, content: Buffer) => [Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; ${head}\r\n\r\n`), content, Buffer.from('\r\n')]
  const filePart = (name: string, content: Buffer) => part(`name="file"; filename="${name}"\r\nContent-Type: application/pdf`, content)
  const bodies: Array<[string, Buffer[]]> = [
    ['two files', [...filePart('one.pdf', minimalPdf(['first file'])), ...filePart('two.pdf', minimalPdf(['second file']))]],
    ['a file and then a field', [...filePart('one.pdf', minimalPdf(['first file'])), ...part('name="note"', Buffer.from('hello'))]],
  ]
  for (const [what, parts] of bodies) {
    const res = await app.inject({
      method: 'POST', url: `/candidates/${candidate.id}/resume`,
      headers: { ...bearer(recruiter), 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]),
    })
    t.equal(res.statusCode, 400, `${what}: refused`)
    t.match(res.headers['content-type'], /^application\/problem\+json/)
    t.match(res.json(), { status: 400, code: 'SL_NOT_ONE_FILE', type: 'https://shortlist.dev/problems/not-one-file', detail: /one file/i }, `${what}: says only one file is taken`)
  }
  t.same(await storedFiles(), before, 'no file is left in the store')
  t.equal(await app.db.resume.count({ where: { candidateId: candidate.id } }), 0, 'and no row')
})

t.test('a DOCX that would inflate past the limit is not taken for a resume (zip bomb)', async (t) => {
  const docx = await JSZip.loadAsync(await minimalDocx(['tiny']))
  docx.file('word/media/padding.bin', Buffer.alloc(MAX_INFLATED_BYTES + 1024))
  const bomb = await docx.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' })
  t.ok(bomb.length < 1024 * 1024, `it is small on disk (${bomb.length} bytes)`)
  const file = path.join(storageDir, 'bomb.docx')
  await writeFile(file, bomb)
  t.equal(await sniffResumeKind(file), null)
  await writeFile(file, await minimalDocx(['fine']))
  t.equal(await sniffResumeKind(file), 'docx', 'while a normal one is')
  await rm(file)
})

t.test('reading a PDF leaves the API thread untouched (pdf.js polyfills stay in its worker)', async (t) => {
  t.match(JSON.stringify.toString(), /\[native code\]/, 'JSON.stringify is still the native one after PDF uploads')
})
