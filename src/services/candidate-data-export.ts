import type { DbClient } from '../db/client.ts'
import { Errors } from '../errors.ts'

/**
 * Everything Shortlist holds on one candidate, for a subject access request:
 * their profile, resumes (metadata and extracted text; the file itself is
 * `GET /candidates/:id/resume`), notes, applications with every stage move,
 * scorecards about them (drafts too, and every revision with its reason),
 * decisions, interviews (the panel's notes, every change and its reason, which
 * may be the candidate's own words), scheduling links with the times offered,
 * e-mails sent to them with each attempt, the e-mails about them sent to the
 * hiring team, and the audit trail of actions on their record with its details.
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
            select: {
              id: true, status: true, stage: { select: { name: true } }, recommendation: true, answers: true, submittedAt: true, author: staff,
              ratings: { select: { rating: true, comment: true, attribute: { select: { key: true, name: true } } } },
              revisions: { orderBy: { revision: 'asc' }, select: { revision: true, snapshot: true, reason: true, createdAt: true, author: staff } },
            },
          },
          decisions: { select: { outcome: true, reason: true, createdAt: true, stage: { select: { name: true } }, decider: staff } },
          interviews: {
            select: {
              id: true, status: true, startsAt: true, endsAt: true, timeZone: true, location: true, videoUrl: true, panelNotes: true, cancelReason: true,
              changes: { orderBy: { createdAt: 'asc' }, select: { kind: true, startsAt: true, endsAt: true, reason: true, byCandidate: true, createdAt: true } },
            },
          },
          schedulingLinks: {
            orderBy: { createdAt: 'asc' },
            select: {
              id: true, purpose: true, durationMinutes: true, timeZone: true, location: true, videoUrl: true, panelNotes: true,
              expiresAt: true, usedAt: true, revokedAt: true, createdAt: true, slots: { orderBy: { startsAt: 'asc' }, select: { startsAt: true, endsAt: true, bookedAt: true } },
            },
          },
        },
      },
      notifications: {
        orderBy: { createdAt: 'asc' },
        select: {
          id: true, kind: true, toAddress: true, subject: true, status: true, sentAt: true, lastError: true, createdAt: true,
          deliveries: { orderBy: { attemptedAt: 'asc' }, select: { outcome: true, smtpCode: true, detail: true, attemptedAt: true } },
        },
      },
      auditEvents: { orderBy: { createdAt: 'asc' }, select: { action: true, entityType: true, payload: true, createdAt: true, actor: staff } },
    },
  })
  if (!candidate) throw new Errors.NotFound('Candidate')
  // E-mails to the hiring team (invitations to the panel, scorecards due, decisions needed) are queued
  // with no candidate id, only the application's, and their subjects name the candidate: theirs to see,
  // as erasure treats them. The recipient is named as staff are; the address, the SMTP replies that may
  // quote it and the attempts belong to the recipient, not the candidate.
  const teamRows = await db.notification.findMany({
    where: { candidateId: null, application: { candidateId } },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: { id: true, kind: true, applicationId: true, interviewId: true, subject: true, status: true, sentAt: true, createdAt: true, user: staff },
  })
  const teamNotifications = teamRows.map(({ user, ...rest }) => ({ ...rest, recipient: user }))
  // `notifications` stays what it was, the e-mails to the candidate; the team's are kept apart so neither reads as the other.
  return { exportedAt: new Date().toISOString(), candidate: { ...candidate, teamNotifications } }
}
