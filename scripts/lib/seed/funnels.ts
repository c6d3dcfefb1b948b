import type { ApplicationStatus, RejectionReason } from '../../../src/generated/prisma/enums.ts'
import type { DemoJobKey } from './jobs.ts'

/** `count` applications that reached `stage` (1-based position) and ended there with `status`. */
export interface FunnelStep {
  job: DemoJobKey
  stage: number
  status: ApplicationStatus
  count: number
  rejection?: { reason: RejectionReason; note: string }
}

// A believable hiring funnel: many at the start, few at the end, rejections
// with structured reasons along the way, one hire. Thirty applications in all,
// one per demo candidate.
export const demoFunnel: FunnelStep[] = [
  { job: 'senior', stage: 1, status: 'ACTIVE', count: 3 },
  { job: 'senior', stage: 1, status: 'REJECTED', count: 2, rejection: { reason: 'EXPERIENCE_LEVEL', note: 'Under the four years of back-end experience the role asks for.' } },
  { job: 'senior', stage: 2, status: 'ACTIVE', count: 3 },
  { job: 'senior', stage: 2, status: 'REJECTED', count: 2, rejection: { reason: 'SKILLS_MISMATCH', note: 'Both interviewers: shaky on SQL joins and transactions.' } },
  { job: 'senior', stage: 3, status: 'ACTIVE', count: 2 },
  { job: 'senior', stage: 4, status: 'ACTIVE', count: 1 },
  { job: 'senior', stage: 4, status: 'REJECTED', count: 1, rejection: { reason: 'NOT_QUALIFIED', note: 'Take-home assessment missed the caching and API requirements.' } },
  { job: 'senior', stage: 5, status: 'ACTIVE', count: 1 },
  { job: 'senior', stage: 6, status: 'ACTIVE', count: 1 },
  { job: 'senior', stage: 7, status: 'ACTIVE', count: 1 },
  { job: 'senior', stage: 7, status: 'WITHDRAWN', count: 1 },
  { job: 'senior', stage: 8, status: 'ACTIVE', count: 1 },
  { job: 'senior', stage: 9, status: 'HIRED', count: 1 },
  { job: 'platform', stage: 1, status: 'ACTIVE', count: 3 },
  { job: 'platform', stage: 1, status: 'REJECTED', count: 1, rejection: { reason: 'SKILLS_MISMATCH', note: 'No Python or Java; the team needs one of them from day one.' } },
  { job: 'platform', stage: 2, status: 'ACTIVE', count: 2 },
  { job: 'platform', stage: 2, status: 'REJECTED', count: 1, rejection: { reason: 'CANDIDATE_UNRESPONSIVE', note: 'No reply to three scheduling e-mails over two weeks.' } },
  { job: 'platform', stage: 3, status: 'ACTIVE', count: 1 },
  { job: 'platform', stage: 4, status: 'ACTIVE', count: 1 },
  { job: 'platform', stage: 5, status: 'ACTIVE', count: 1 },
]

/** The funnel as one entry per application, in a stable order. */
export const funnelSlots = (funnel: FunnelStep[]) => funnel.flatMap((step) => Array.from({ length: step.count }, () => step))
