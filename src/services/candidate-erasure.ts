import type { Db } from '../db/client.ts'
import { Prisma } from '../generated/prisma/client.ts'
import { Errors } from '../errors.ts'
import { recordAudit } from './audit.ts'

export const ERASED_TEXT = '[erased]'

export interface ErasureResult {
  candidateId: string
  alreadyErased: boolean
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
 */
export type ErasureBasis = 'subject-request' | 'retention'

export async function eraseCandidate(db: Db, candidateId: string, actor: { actorId: string | null; basis: ErasureBasis; requestId?: string }): Promise<ErasureResult> {
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<Array<{ erased_at: Date | null }>>`SELECT erased_at FROM candidates WHERE id = ${candidateId}::uuid FOR UPDATE`
    if (!rows[0]) throw new Errors.NotFound('Candidate')
    if (rows[0].erased_at) return { candidateId, alreadyErased: true, resumeStorageKeys: [] }

    const resumes = await tx.resume.findMany({ where: { candidateId }, select: { storageKey: true } })
    const applicationIds = (await tx.application.findMany({ where: { candidateId }, select: { id: true } })).map((a) => a.id)
    const erased = ERASED_TEXT

    await tx.candidate.update({
      where: { id: candidateId },
      data: {
        email: null, firstName: 'Erased', lastName: 'candidate', phone: null, location: null, timeZone: null,
        portfolioUrl: null, githubUrl: null, linkedinUrl: null, skills: [], emailOptOut: true, erasedAt: new Date(),
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
    await tx.interview.updateMany({ where: { applicationId: { in: applicationIds } }, data: { panelNotes: null, cancelReason: null } })
    await tx.interviewChange.updateMany({ where: { interview: { applicationId: { in: applicationIds } } }, data: { reason: null } })
    await tx.schedulingLink.updateMany({ where: { applicationId: { in: applicationIds }, usedAt: null, revokedAt: null }, data: { revokedAt: new Date() } })
    await tx.schedulingLink.deleteMany({ where: { applicationId: { in: applicationIds } } })
    // SMTP replies (last errors, attempt details) can quote the address: cleared with it.
    await tx.notification.updateMany({ where: { OR: [{ candidateId }, { applicationId: { in: applicationIds } }] }, data: { toAddress: null, subject: null, lastError: null } })
    await tx.notification.updateMany({
      where: { OR: [{ candidateId }, { applicationId: { in: applicationIds } }], status: 'PENDING' },
      data: { status: 'CANCELLED', lastError: 'candidate erased' },
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
    await recordAudit(tx, {
      action: 'candidate.erased',
      actorId: actor.actorId,
      entityType: 'candidate',
      entityId: candidateId,
      candidateId,
      payload: { basis: actor.basis, applications: applicationIds.length, resumes: resumes.length },
      requestId: actor.requestId ?? null,
    })
    return { candidateId, alreadyErased: false, resumeStorageKeys: resumes.map((r) => r.storageKey) }
  }, { isolationLevel: Prisma.TransactionIsolationLevel.ReadCommitted, timeout: 30_000 })
}
