import type { DbClient } from '../db/client.ts'
import { Errors } from '../errors.ts'

/**
 * Everything Shortlist holds on one candidate, for a subject access request:
 * their profile, resumes (metadata and extracted text), notes, applications
 * with every stage move, scorecards and decisions about them, interviews,
 * e-mails sent to them, and the audit trail of actions on their record.
 * Staff are named by id and name only (their e-mail is theirs, not the candidate's).
 */
export async function exportCandidateData(db: DbClient, candidateId: string) {
  const staff = { select: { id: true, name: true } } as const
  const candidate = await db.candidate.findUnique({
    where: { id: candidateId },
    select: {
      id: true, email: true, firstName: true, lastName: true, phone: true, location: true, timeZone: true,
      portfolioUrl: true, githubUrl: true, linkedinUrl: true, skills: true, source: true, emailOptOut: true,
      erasedAt: true, createdAt: true, updatedAt: true,
      resumes: { select: { id: true, fileName: true, contentType: true, sizeBytes: true, sha256: true, text: true, createdAt: true }, orderBy: { createdAt: 'asc' } },
      notes: { select: { id: true, applicationId: true, body: true, createdAt: true, author: staff }, orderBy: { createdAt: 'asc' } },
      applications: {
        orderBy: { createdAt: 'asc' },
        select: {
          id: true, status: true, rejectionReason: true, rejectionNote: true, createdAt: true, closedAt: true,
          job: { select: { id: true, title: true } },
          stage: { select: { id: true, name: true, kind: true } },
          transitions: {
            orderBy: { createdAt: 'asc' },
            select: { kind: true, fromStage: { select: { name: true } }, toStage: { select: { name: true } }, fromStatus: true, toStatus: true, reason: true, createdAt: true, actor: staff },
          },
          scorecards: {
            where: { status: 'SUBMITTED' },
            select: {
              id: true, stage: { select: { name: true } }, recommendation: true, answers: true, submittedAt: true, author: staff,
              ratings: { select: { rating: true, comment: true, attribute: { select: { key: true, name: true } } } },
            },
          },
          decisions: { select: { outcome: true, reason: true, createdAt: true, stage: { select: { name: true } }, decider: staff } },
          interviews: { select: { id: true, status: true, startsAt: true, endsAt: true, timeZone: true, location: true, videoUrl: true } },
        },
      },
      notifications: {
        orderBy: { createdAt: 'asc' },
        select: { id: true, kind: true, toAddress: true, subject: true, status: true, sentAt: true, createdAt: true },
      },
      auditEvents: { orderBy: { createdAt: 'asc' }, select: { action: true, entityType: true, createdAt: true, actor: staff } },
    },
  })
  if (!candidate) throw new Errors.NotFound('Candidate')
  return { exportedAt: new Date().toISOString(), candidate }
}
