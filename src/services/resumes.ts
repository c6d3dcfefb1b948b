import { createHash, randomUUID } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, rename, rm, stat } from 'node:fs/promises'
import path from 'node:path'
import { Transform, type Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { Db, DbClient } from '../db/client.ts'
import { Errors } from '../errors.ts'
import { uploadedBytes } from '../http/upload-errors.ts'
import { recordAudit } from './audit.ts'
import { assertCandidateVisible, type Actor } from './candidates.ts'
import { resumePath } from './resume-files.ts'
import { contentTypes, extractResumeText, sniffResumeKind, type ResumeKind } from './resume-text/index.ts'
import type { Principal } from './sessions.ts'

export interface ResumeUpload {
  file: Readable & { truncated?: boolean }
  filename: string
  /** Throws if the request carried more than this one file (checked once the file is read, before anything is kept). */
  nothingFollows?: () => Promise<void>
}

export interface ResumeInfo {
  id: string
  candidateId: string
  fileName: string
  contentType: string
  sizeBytes: number
  sha256: string
  textExtracted: boolean
  createdAt: Date
}

/** Resumes: the file in the resume store (outside the row), the row with its digest and extracted text. */
export function createResumesService(db: Db, settings: { storageDir: string; maxBytes: number }) {
  /**
   * Streams the upload to a temporary file under a random key (the client's file
   * name never reaches the file system), hashing and counting as it goes; checks
   * the type by content; extracts the text; then records the row. Whatever
   * fails, no file and no row are left behind.
   */
  async function storeResume(candidateId: string, upload: ResumeUpload, actor: Actor): Promise<ResumeInfo> {
    const id = randomUUID()
    const storageKey = `${id.slice(0, 2)}/${id}`
    const finalPath = resumePath(settings.storageDir, storageKey)
    const partPath = `${finalPath}.part`
    await mkdir(path.dirname(finalPath), { recursive: true })
    let stored = false
    try {
      const digest = createHash('sha256')
      let sizeBytes = 0
      const measure = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          digest.update(chunk)
          sizeBytes += chunk.length
          callback(null, chunk)
        },
      })
      await pipeline(uploadedBytes(upload.file), measure, createWriteStream(partPath, { flags: 'wx', mode: 0o600 }))
      // The multipart parser stops at the size limit and marks the stream truncated.
      if (upload.file.truncated || sizeBytes > settings.maxBytes) throw new Errors.PayloadTooLarge(String(settings.maxBytes))
      await upload.nothingFollows?.()
      const kind = await sniffResumeKind(partPath)
      if (!kind) throw new Errors.UnsupportedMediaType('The file is neither a PDF nor a Word (DOCX) document, judging by its content')
      const text = await extractResumeText(partPath, kind)
      await rename(partPath, finalPath)
      stored = true
      return await recordResume({ candidateId, storageKey, fileName: safeFileName(upload.filename, kind), kind, sizeBytes, sha256: digest.digest('hex'), text }, actor)
    } catch (error) {
      await rm(stored ? finalPath : partPath, { force: true })
      throw error
    }
  }

  async function recordResume(row: { candidateId: string; storageKey: string; fileName: string; kind: ResumeKind; sizeBytes: number; sha256: string; text: string | null }, actor: Actor) {
    return db.$transaction(async (tx) => {
      // Lock the candidate: an erasure committing meanwhile must not be followed by a new file of theirs.
      const rows = await tx.$queryRaw<Array<{ erased_at: Date | null }>>`SELECT erased_at FROM candidates WHERE id = ${row.candidateId}::uuid FOR UPDATE`
      if (!rows[0]) throw new Errors.NotFound('Candidate')
      if (rows[0].erased_at) throw new Errors.Conflict('This candidate was erased; a resume cannot be added')
      const { kind, ...data } = row
      const resume = await tx.resume.create({
        data: { ...data, contentType: contentTypes[kind] },
        select: { id: true, candidateId: true, fileName: true, contentType: true, sizeBytes: true, sha256: true, createdAt: true },
      })
      await recordAudit(tx, {
        action: 'candidate.resume_uploaded', actorId: actor.actorId, entityType: 'resume', entityId: resume.id, candidateId: row.candidateId,
        payload: { resumeId: resume.id, contentType: resume.contentType, sizeBytes: resume.sizeBytes, textExtracted: row.text !== null },
        requestId: actor.requestId ?? null,
      })
      return { ...resume, textExtracted: row.text !== null }
    })
  }

  /** The latest resume's file, opened for streaming; same visibility as the candidate. */
  async function openLatestResume(principal: Principal, candidateId: string) {
    await assertCandidateVisible(db, principal, candidateId)
    const resume = await db.resume.findFirst({
      where: { candidateId },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      select: { storageKey: true, fileName: true, contentType: true, sizeBytes: true, sha256: true },
    })
    if (!resume) throw new Errors.NotFound('Resume')
    const file = resumePath(settings.storageDir, resume.storageKey)
    const found = await stat(file).catch(() => null)
    if (!found) throw new Errors.NotFound('Resume file')
    return { ...resume, sizeBytes: found.size, stream: createReadStream(file) }
  }

  return { storeResume, openLatestResume }
}

/** The newest resume's metadata, without reading its (large) text. */
export async function latestResumeInfo(db: DbClient, candidateId: string): Promise<ResumeInfo | null> {
  const rows = await db.$queryRaw<Array<Omit<ResumeInfo, 'textExtracted'> & { textExtracted: boolean }>>`
    SELECT id, candidate_id AS "candidateId", file_name AS "fileName", content_type AS "contentType", size_bytes AS "sizeBytes",
           sha256, text IS NOT NULL AS "textExtracted", created_at AS "createdAt"
      FROM resumes WHERE candidate_id = ${candidateId}::uuid ORDER BY created_at DESC, id DESC LIMIT 1`
  return rows[0] ?? null
}

/** A display name for downloads: no path, no control or quoting characters, the extension of what the file really is. */
export function safeFileName(clientName: string, kind: ResumeKind): string {
  const base = path.basename(clientName.replace(/\\/g, '/')).replace(/[\u0000-\u001f\u007f"<>|:*?/\\]+/g, '_').trim()
  const stem = base.replace(/\.[^.]*$/, '').slice(0, 120) || 'resume'
  return `${stem}.${kind}`
}
