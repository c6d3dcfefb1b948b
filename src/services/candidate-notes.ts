import type { Db, DbClient } from '../db/client.ts'
import { Prisma } from '../generated/prisma/client.ts'
import { Errors } from '../errors.ts'
import { recordAudit } from './audit.ts'
import { managedApplications, managedByPrincipal, seesAllJobs } from './job-access.ts'
import { assertCandidateVisible, assertNotErased, type Actor } from './candidates.ts'
import type { Principal } from './sessions.ts'

const noteFields = { id: true, candidateId: true, applicationId: true, authorId: true, body: true, createdAt: true } as const

export interface NoteCursor {
  createdAt: string
  id: string
}

interface NoteRow {
  id: string
  candidateId: string
  applicationId: string | null
  authorId: string | null
  body: string
  createdAt: Date
}

/**
 * The notes on a candidate that a principal may read, as SQL on
 * `candidate_notes n`: every note for admins and recruiters; for a hiring
 * manager, the notes on applications to the jobs they manage and the
 * candidate's general notes. Nobody else reads notes: they carry the team's
 * opinions, which an interviewer should not see before scoring, and a note on
 * another job's application may say what that job's team thought.
 */
export function readableNotes(principal: Principal): Prisma.Sql {
  if (seesAllJobs(principal)) return Prisma.sql`TRUE`
  return Prisma.sql`EXISTS (SELECT 1 FROM applications a
                             WHERE a.candidate_id = n.candidate_id AND (n.application_id IS NULL OR a.id = n.application_id) AND ${managedByPrincipal(principal)})`
}

/** A hiring manager reads and writes notes only on candidates applying to a job they manage: 403 otherwise. */
async function assertManagesCandidate(db: DbClient, principal: Principal, candidateId: string, refused: string): Promise<void> {
  if (seesAllJobs(principal)) return
  const onManagedJob = await db.application.findFirst({ where: { candidateId, ...managedApplications(principal) }, select: { id: true } })
  if (!onManagedJob) throw new Errors.Forbidden(`${refused} on candidates of jobs you do not manage`)
}

/**
 * Notes on a candidate, optionally about one application. They feed search (a
 * trigger re-indexes the candidate) and the timeline (read from this table).
 */
export function createCandidateNotesService(db: Db) {
  /**
   * Recruiters and admins write on any candidate; a hiring manager only on a
   * candidate applying to a job where they are the hiring manager (and, with an
   * applicationId, only on that job's application).
   */
  async function addNote(principal: Principal, candidateId: string, input: { body: string; applicationId?: string }, actor: Actor) {
    return db.$transaction(async (tx) => {
      await assertCandidateVisible(tx, principal, candidateId)
      await assertNotErased(tx, candidateId, 'notes cannot be added', 'update')
      if (input.applicationId) {
        const application = await tx.application.findFirst({ where: { id: input.applicationId, candidateId, ...managedApplications(principal) }, select: { id: true } })
        if (!application) throw new Errors.NotFound('Application')
      } else {
        await assertManagesCandidate(tx, principal, candidateId, 'add notes')
      }
      const note = await tx.candidateNote.create({
        data: { candidateId, applicationId: input.applicationId ?? null, authorId: principal.userId, body: input.body },
        select: noteFields,
      })
      await recordAudit(tx, {
        action: 'candidate.note_added', actorId: actor.actorId, entityType: 'candidate_note', entityId: note.id,
        candidateId, payload: { noteId: note.id, applicationId: note.applicationId }, requestId: actor.requestId ?? null,
      })
      return note
    })
  }

  /** Newest first; keyset on (createdAt, id) so a page never repeats or skips a note. Only the notes the principal may read (readableNotes). */
  async function listNotes(principal: Principal, candidateId: string, page: { limit: number; after?: NoteCursor }) {
    await assertCandidateVisible(db, principal, candidateId)
    await assertManagesCandidate(db, principal, candidateId, 'read notes')
    const after = page.after
    const keyset = after ? Prisma.sql`AND (n.created_at, n.id) < (${after.createdAt}::timestamptz, ${after.id}::uuid)` : Prisma.empty
    const rows = await db.$queryRaw<NoteRow[]>`
      SELECT n.id, n.candidate_id AS "candidateId", n.application_id AS "applicationId", n.author_id AS "authorId", n.body, n.created_at AS "createdAt"
        FROM candidate_notes n
       WHERE n.candidate_id = ${candidateId}::uuid AND ${readableNotes(principal)} ${keyset}
       ORDER BY n.created_at DESC, n.id DESC
       LIMIT ${page.limit + 1}`
    const items = rows.slice(0, page.limit)
    const last = items[items.length - 1]
    return { items, next: rows.length > page.limit && last ? { createdAt: last.createdAt.toISOString(), id: last.id } : null }
  }

  return { addNote, listNotes }
}
