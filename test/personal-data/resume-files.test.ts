// A resume's file outlives its row only until someone deletes it: the row's
// deletion lists the file in the same transaction, the API deletes it at once,
// and the worker deletes whatever is still listed or no row knows.
import { randomUUID } from 'node:crypto'
import { mkdir, mkdtemp, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import t from 'tap'
import { buildTestApp } from '../helpers/app.ts'
import { bearer, createUser } from '../helpers/users.ts'
import { minimalPdf } from '../fixtures/resumes.ts'
import { multipartFile } from '../fixtures/multipart.ts'
import { createCandidate } from '../candidates/helpers.ts'
import { removeOrphanedResumeFiles } from '../../workers/processors/resume-files.ts'
import { applyRetentionRule } from '../../workers/processors/apply-retention.ts'
import { sweepUnknownResumeFiles } from '../../src/services/resume-files.ts'
import { HOUR_MS } from '../../src/lib/time.ts'

const storageDir = await mkdtemp(path.join(tmpdir(), 'shortlist-resume-files-'))
t.teardown(() => rm(storageDir, { recursive: true, force: true }))
const { app } = await buildTestApp(t, { RESUME_STORAGE_DIR: storageDir })
const db = app.db
const recruiter = await createUser(app, 'RECRUITER')

const exists = (key: string) => stat(path.join(storageDir, key)).then(() => true, () => false)
const listed = async () => (await db.resumeFileDeletion.findMany({ select: { storageKey: true } })).map((r) => r.storageKey).sort()
const erase = (candidateId: string) => app.inject({ method: 'POST', url: `/candidates/${candidateId}/erasure`, headers: bearer(recruiter), payload: { confirm: true } })

/** A candidate with a resume uploaded through the API; returns the file's storage key. */
async function candidateWithResume() {
  const candidate = await createCandidate(app, recruiter)
  const { payload, headers } = multipartFile(minimalPdf(['Curriculum vitae']), { filename: 'cv.pdf', contentType: 'application/pdf' })
  const res = await app.inject({ method: 'POST', url: `/candidates/${candidate.id}/resume`, headers: { ...bearer(recruiter), ...headers }, payload })
  if (res.statusCode !== 201) throw new Error(`upload failed: ${res.statusCode} ${res.body}`)
  const { storageKey } = await db.resume.findUniqueOrThrow({ where: { id: res.json().id }, select: { storageKey: true } })
  return { candidateId: candidate.id, storageKey }
}

/** Puts a non-empty directory where the file was, so deleting it fails (as root, permissions would not stop it). */
async function blockDeletion(storageKey: string) {
  const file = path.join(storageDir, storageKey)
  await rm(file)
  await mkdir(file)
  await writeFile(path.join(file, 'keep'), 'x')
}

t.test('an erasure deletes the resume file at once and leaves nothing listed', async (t) => {
  const { candidateId, storageKey } = await candidateWithResume()
  t.ok(await exists(storageKey), 'the upload is in the store')
  t.equal((await erase(candidateId)).statusCode, 200)
  t.notOk(await exists(storageKey), 'the file is gone')
  t.same(await listed(), [], 'and nothing is left for the worker')
})

t.test('a file the API cannot delete stays listed, the erasure still answers 200, and the worker deletes it later', async (t) => {
  const { candidateId, storageKey } = await candidateWithResume()
  await blockDeletion(storageKey)
  const res = await erase(candidateId)
  t.equal(res.statusCode, 200, 'the erasure committed; the file is the worker\'s job now')
  t.same(await listed(), [storageKey], 'the file is listed for deletion')

  await t.rejects(removeOrphanedResumeFiles(db, storageDir), /1 could not be and stay listed/, 'while it cannot be deleted, the job fails and says so')
  t.same(await listed(), [storageKey], 'and the file stays listed')

  await rm(path.join(storageDir, storageKey), { recursive: true })
  await writeFile(path.join(storageDir, storageKey), 'resume bytes')
  t.match(await removeOrphanedResumeFiles(db, storageDir), { removed: 1 })
  t.notOk(await exists(storageKey), 'the worker deleted the file')
  t.same(await listed(), [], 'and took it off the list')
})

t.test('any deletion of a resume row lists its file, in the same transaction', async (t) => {
  const { candidateId, storageKey } = await candidateWithResume()
  await t.rejects(db.$transaction(async (tx) => {
    await tx.candidate.delete({ where: { id: candidateId } }) // resumes go by cascade
    throw new Error('rolled back')
  }))
  t.same(await listed(), [], 'a rolled-back deletion lists nothing')
  await db.candidate.delete({ where: { id: candidateId } })
  t.same(await listed(), [storageKey], 'a committed cascade lists the file')
  await removeOrphanedResumeFiles(db, storageDir)
  t.notOk(await exists(storageKey))
})

t.test('the retention run deletes the files of the candidates it erased, also those a failed run left listed', async (t) => {
  const leftOver = await candidateWithResume()
  await blockDeletion(leftOver.storageKey)
  await erase(leftOver.candidateId)
  await rm(path.join(storageDir, leftOver.storageKey), { recursive: true })
  await writeFile(path.join(storageDir, leftOver.storageKey), 'resume bytes')

  const expired = await candidateWithResume()
  await db.candidate.update({ where: { id: expired.candidateId }, data: { createdAt: new Date(Date.now() - 40 * 31 * 86_400_000) } })
  t.match(await applyRetentionRule(db, { RETENTION_MONTHS: 24, RESUME_STORAGE_DIR: storageDir }), { erased: 1 })
  t.notOk(await exists(expired.storageKey), 'the retention erasure\'s file is gone')
  t.notOk(await exists(leftOver.storageKey), 'and so is the one left over')
  t.same(await listed(), [])
})

t.test('the sweep deletes old files no row knows, and nothing else', async (t) => {
  const hoursAgo = (n: number) => new Date(Date.now() - n * HOUR_MS)
  async function plant(key: string, age: number) {
    const file = path.join(storageDir, key)
    await mkdir(path.dirname(file), { recursive: true })
    await writeFile(file, 'bytes')
    await utimes(file, hoursAgo(age), hoursAgo(age))
    return key
  }
  const key = (suffix = '') => { const id = randomUUID(); return `${id.slice(0, 2)}/${id}${suffix}` }
  const known = await candidateWithResume()
  await utimes(path.join(storageDir, known.storageKey), hoursAgo(5), hoursAgo(5))

  const oldOrphan = await plant(key(), 2)
  const oldPart = await plant(key('.part'), 2)
  const youngOrphan = await plant(key(), 0)
  const youngPart = await plant(key('.part'), 0)
  const notOurs = await plant('ab/notes.txt', 2)
  const notOurDir = await plant(`backup/${randomUUID()}`, 2)

  t.same(await sweepUnknownResumeFiles(db, storageDir, { batchSize: 2 }), { removed: 2 })
  t.notOk(await exists(oldOrphan), 'a stored file without a row, older than the grace period, is deleted')
  t.notOk(await exists(oldPart), 'so is an abandoned upload')
  t.ok(await exists(known.storageKey), 'a file whose row exists is kept, however old')
  t.ok(await exists(youngOrphan), 'a file without a row yet may be an upload on its way: kept')
  t.ok(await exists(youngPart), 'an upload in progress is kept')
  t.ok(await exists(notOurs), 'a file not named like ours is not touched')
  t.ok(await exists(notOurDir), 'nor a directory not of our layout')

  const res = await app.inject({ method: 'GET', url: `/candidates/${known.candidateId}/resume`, headers: bearer(recruiter) })
  t.equal(res.statusCode, 200, 'the known resume still downloads')
  t.same((await readdir(storageDir)).includes('backup'), true)
})

t.test('a missing store: nothing to sweep, and the listed files stay listed rather than counted as deleted', async (t) => {
  const missing = path.join(storageDir, 'not-mounted')
  t.same(await sweepUnknownResumeFiles(db, missing), { removed: 0 })
  const { candidateId, storageKey } = await candidateWithResume()
  await db.candidate.delete({ where: { id: candidateId } })
  await t.rejects(removeOrphanedResumeFiles(db, missing), /resume store .*not-mounted is not there/, 'the job fails, naming the directory')
  t.same(await listed(), [storageKey], 'and the file stays listed for a worker with the right store')
  await removeOrphanedResumeFiles(db, storageDir)
  t.notOk(await exists(storageKey))
})
