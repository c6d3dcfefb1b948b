import type { Db } from '../db/client.ts'
import { Errors } from '../errors.ts'
import { recordAudit } from './audit.ts'
import { seesAllJobs } from './job-access.ts'
import { assertCandidateVisible, type Actor } from './candidates.ts'
import type { Principal } from './sessions.ts'

const noteFields = { id: true, candidateId: true, applicationId: true, authorId: true, body: true, createdAt: true } as const

export interface NoteCursor {
  createdAt: string
  id: string
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
      const candidate = await assertCandidateVisible(tx, principal, candidateId)
      if (candidate.erasedAt) throw new Errors.Conflict('This candidate was erased; notes cannot be added')
      const managed = seesAllJobs(principal) ? undefined : { job: { team: { some: { userId: principal.userId, role: 'HIRING_MANAGER' as const } } } }
      if (input.applicationId) {
        const application = await tx.application.findFirst({ where: { id: input.applicationId, candidateId, ...managed }, select: { id: true } })
        if (!application) throw new Errors.NotFound('Application')
      } else if (managed) {
        const onManagedJob = await tx.application.findFirst({ where: { candidateId, ...managed }, select: { id: true } })
        if (!onManagedJob) throw new Errors.Forbidden('add notes to candidates of jobs you do not manage')
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

  /** Newest first; keyset on (createdAt, id) so a page never repeats or skips a note. */
  async function listNotes(principal: Principal, candidateId: string, page: { limit: number; after?: NoteCursor }) {
    await assertCandidateVisible(db, principal, candidateId)
    const after = page.after
    const rows = await db.candidateNote.findMany({
      where: {
        candidateId,
        ...(after
          ? { OR: [{ createdAt: { lt: new Date(after.createdAt) } }, { createdAt: new Date(after.createdAt), id: { lt: after.id } }] }
          : {}),
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: page.limit + 1,
      select: noteFields,
    })
    const items = rows.slice(0, page.limit)
    const last = items[items.length - 1]
    return { items, next: rows.length > page.limit && last ? { createdAt: last.createdAt.toISOString(), id: last.id } : null }
  }

  return { addNote, listNotes }
}
