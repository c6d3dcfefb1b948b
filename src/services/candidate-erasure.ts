import type { Db, DbClient } from '../db/client.ts'
import { Prisma } from '../generated/prisma/client.ts'
import { Errors } from '../errors.ts'
import { recordAudit } from './audit.ts'
import { cancelInterview } from './interviews.ts'
import { transitionEffects } from './moves/record.ts'

export const ERASED_TEXT = '[erased]'

export interface ErasureResult {
  candidateId: string
  alreadyErased: boolean
  /** The erasure's precondition no longer held once the candidate was locked: nothing was changed. */
  skipped?: boolean
  /** Storage keys of resume files to delete once the transaction has committed. */
  resumeStorageKeys: string[]
}

/**
 * Erases a candidate's personal data everywhere it was copied, in one
 * transaction, keeping the aggregate history (applications, stage moves,
 * ratings, timestamps) that reports rely on. Free text written about them
 * (notes, reasons, scorecard answers) is replaced, since it cannot be sifted
 * for personal data reliably. Pending e-mails are cancelled, and the
 * candidate is flagged so nothing is ever sent to them again.
 *
 * Someone who asks to be erased is out of the process: their active
 * applications are withdrawn (a recorded move, reason "candidate erased") and
 * their upcoming interviews cancelled (the panel is told; the candidate, being
 * erased, is not). Writes that would add text about them afterwards (notes,
 * scorecards, interviews) lock the candidate row first and see the erasure.
 */
export type ErasureBasis = 'subject-request' | 'retention'

export async function eraseCandidate(
  db: Db, candidateId: string,
  actor: { actorId: string | null; basis: ErasureBasis; requestId?: string; onlyIf?: (tx: DbClient) => Promise<boolean> },
): Promise<ErasureResult> {
  return db.$transaction(async (tx) => {
    // Their applications before their row: a move takes the application and then (through a
    // foreign key) the candidate, and locking in the other order would deadlock with one.
    // Writers that lock the candidate first (notes, scorecards, bookings) touch no application
    // in a conflicting mode.
    await tx.$queryRaw`SELECT id FROM applications WHERE candidate_id = ${candidateId}::uuid FOR NO KEY UPDATE`
    const rows = await tx.$queryRaw<Array<{ erased_at: Date | null }>>`SELECT erased_at FROM candidates WHERE id = ${candidateId}::uuid FOR UPDATE`
    if (!rows[0]) throw new Errors.NotFound('Candidate')
    if (rows[0].erased_at) return { candidateId, alreadyErased: true, resumeStorageKeys: [] }
    if (actor.onlyIf && !(await actor.onlyIf(tx))) return { candidateId, alreadyErased: false, skipped: true, resumeStorageKeys: [] }

    const resumes = await tx.resume.findMany({ where: { candidateId }, select: { storageKey: true } })
    // Read again now the candidate is locked: an application that came in between the two locks is one of them.
    const applications = await tx.application.findMany({ where: { candidateId }, select: { id: true, status: true, stageId: true, jobId: true } })
    const applicationIds = applications.map((a) => a.id)
    const erased = ERASED_TEXT
    const now = new Date()

    // Asked to be forgotten, they are not added back by an old file either (retention, which nobody asked for, keeps no such record).
    if (actor.basis === 'subject-request') {
      await tx.$executeRaw`INSERT INTO erased_addresses (hash) SELECT address_hash(email::text) FROM candidates WHERE id = ${candidateId}::uuid AND email IS NOT NULL ON CONFLICT DO NOTHING`
    }
    await tx.candidate.update({
      where: { id: candidateId },
      data: {
        email: null, firstName: 'Erased', lastName: 'candidate', phone: null, location: null, timeZone: null,
        portfolioUrl: null, githubUrl: null, linkedinUrl: null, skills: [], source: null, emailOptOut: true, erasedAt: now,
      },
    })
    await tx.resume.deleteMany({ where: { candidateId } })
    await tx.candidateNote.updateMany({ where: { candidateId }, data: { body: erased } })
    await tx.application.updateMany({ where: { candidateId, rejectionNote: { not: null } }, data: { rejectionNote: erased } })
    await tx.stageTransition.updateMany({ where: { applicationId: { in: applicationIds }, reason: { not: null } }, data: { reason: erased } })
    await tx.decision.updateMany({ where: { applicationId: { in: applicationIds }, reason: { not: null } }, data: { reason: erased } })
    await tx.scorecard.updateMany({ where: { applicationId: { in: applicationIds } }, data: { answers: {} } })
    await tx.scorecardRating.updateMany({ where: { scorecard: { applicationId: { in: applicationIds } }, comment: { not: null } }, data: { comment: null } })
    // Revisions keep the ratings (aggregates) but lose their free text.
    await tx.$executeRaw`
      UPDATE scorecard_revisions r
         SET snapshot = (r.snapshot - 'answers' - 'comments'), reason = CASE WHEN r.reason IS NULL THEN NULL ELSE ${erased} END
        FROM scorecards s
       WHERE r.scorecard_id = s.id AND s.application_id = ANY(${applicationIds}::uuid[])`
    // The zone is the one they picked on the scheduling page: theirs, so reset.
    await tx.interview.updateMany({ where: { applicationId: { in: applicationIds } }, data: { panelNotes: null, cancelReason: null, timeZone: 'UTC' } })
    await tx.interviewChange.updateMany({ where: { interview: { applicationId: { in: applicationIds } } }, data: { reason: null } })
    await tx.schedulingLink.updateMany({ where: { applicationId: { in: applicationIds }, usedAt: null, revokedAt: null }, data: { revokedAt: new Date() } })
    await tx.schedulingLink.deleteMany({ where: { applicationId: { in: applicationIds } } })
    // SMTP replies (last errors, attempt details) can quote the address: cleared with it.
    await tx.notification.updateMany({ where: { OR: [{ candidateId }, { applicationId: { in: applicationIds } }] }, data: { toAddress: null, subject: null, lastError: null } })
    await tx.notification.updateMany({
      where: { OR: [{ candidateId }, { applicationId: { in: applicationIds } }], status: 'PENDING' },
      data: { status: 'CANCELLED', lastError: ERASURE_REASON },
    })
    await tx.notificationAttempt.updateMany({ where: { notification: { OR: [{ candidateId }, { applicationId: { in: applicationIds } }] } }, data: { detail: null } })
    // Undispatched events about them would only lead to e-mails: drop them.
    await tx.$executeRaw`
      DELETE FROM outbox_events
       WHERE dispatched_at IS NULL
         AND (payload->>'candidateId' = ${candidateId} OR payload->>'applicationId' = ANY(${applicationIds}::text[]))`
    await tx.$executeRaw`
      UPDATE outbox_events SET payload = jsonb_build_object('erased', true)
       WHERE payload->>'candidateId' = ${candidateId} OR payload->>'applicationId' = ANY(${applicationIds}::text[])`
    await tx.auditEvent.updateMany({ where: { candidateId }, data: { payload: { erased: true } } })
    // After the outbox and audit clean-up above, so what these write survives it (ids only, no personal data).
    const withdrawn = await withdrawActiveApplications(tx, applications.filter((a) => a.status === 'ACTIVE'), actor, now)
    const upcoming = await tx.interview.findMany({ where: { applicationId: { in: applicationIds }, status: 'SCHEDULED', startsAt: { gt: now } }, select: { id: true } })
    for (const { id } of upcoming) {
      await cancelInterview(tx, { interviewId: id, expectedSequence: null, reason: null, actor: { userId: actor.actorId, byCandidate: false }, requestId: actor.requestId ?? null })
    }
    await recordAudit(tx, {
      action: 'candidate.erased',
      actorId: actor.actorId,
      entityType: 'candidate',
      entityId: candidateId,
      candidateId,
      payload: { basis: actor.basis, applications: applicationIds.length, withdrawn, interviewsCancelled: upcoming.length, resumes: resumes.length },
      requestId: actor.requestId ?? null,
    })
    return { candidateId, alreadyErased: false, resumeStorageKeys: resumes.map((r) => r.storageKey) }
  }, { isolationLevel: Prisma.TransactionIsolationLevel.ReadCommitted, timeout: 30_000 })
}

/** Why an erasure withdrew an application or cancelled an e-mail, as recorded. */
const ERASURE_REASON = 'candidate erased'

/**
 * Withdraws the candidate's active applications as a move is written (the moves
 * module's transitionEffects: new version, closed, a transition and an audit
 * event saying why), but owing no e-mail: nothing is sent to an erased
 * candidate. Returns how many.
 */
async function withdrawActiveApplications(
  tx: Prisma.TransactionClient, active: Array<{ id: string; stageId: string }>, actor: { actorId: string | null; requestId?: string }, at: Date,
): Promise<number> {
  for (const a of active) {
    const effects = transitionEffects({
      kind: 'WITHDRAWN', fromStageId: a.stageId, toStageId: a.stageId, fromStatus: 'ACTIVE', toStatus: 'WITHDRAWN', reason: ERASURE_REASON,
      overridden: false, actorId: actor.actorId, requestId: actor.requestId ?? null, at, notification: null, auditDetail: { reason: ERASURE_REASON },
    })
    await tx.$executeRaw`
      WITH changed AS (
        UPDATE applications SET status = 'WITHDRAWN', version = version + 1, closed_at = ${at}, updated_at = ${at}
         WHERE id = ${a.id}::uuid
        RETURNING id, candidate_id, job_id, version
      ), ${effects}
      SELECT 1`
  }
  return active.length
}
