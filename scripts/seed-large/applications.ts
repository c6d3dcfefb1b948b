import type { ApplicationStatus } from '../../src/generated/prisma/enums.ts'
import { RejectionReason } from '../../src/generated/prisma/enums.ts'
import { applicationCounts } from './application-counts.ts'
import { candidateCore } from './candidates.ts'
import type { CopyValue } from './copy-rows.ts'
import type { SeedJob } from './jobs.ts'
import { randomFor, Stream, type Random } from './random.ts'
import { scorecardsFor, type ScorecardRows } from './scorecards.ts'
import { rejectionNotes, withdrawalReasons } from './vocabulary.ts'

const HOUR = 3_600_000
const DAY = 24 * HOUR
/** Nobody applies to more jobs than this in a year. */
const MAX_PER_CANDIDATE = 30

// Where applications are, by stage of the plan (resume review first, offer last):
// most active ones early; rejections mostly at the first screens.
const ACTIVE_STAGE_WEIGHTS = [34, 20, 13, 10, 8, 6, 4, 3, 2]
const REJECTED_STAGE_WEIGHTS = [45, 22, 11, 8, 5, 4, 3, 1, 1]
const WITHDRAWN_STAGE_WEIGHTS = [30, 20, 15, 10, 8, 7, 5, 3, 2]
const rejectionReasons = Object.values(RejectionReason)

export const applicationColumns = [
  'id', 'candidate_id', 'job_id', 'stage_id', 'status', 'version', 'rejection_reason', 'rejection_note',
  'stage_entered_at', 'closed_at', 'created_at', 'updated_at',
] as const
export const transitionColumns = ['id', 'application_id', 'kind', 'from_stage_id', 'to_stage_id', 'from_status', 'to_status', 'reason', 'overridden', 'actor_id', 'created_at'] as const

export interface ApplicationPlan extends ScorecardRows {
  application: CopyValue[]
  transitions: CopyValue[][]
}

export interface ApplicationsInput { seed: number; now: number; candidates: number; applications: number; jobs: SeedJob[] }

/**
 * Every application with what it leaves behind (transitions, scorecards),
 * candidate by candidate. The sequence depends only on the input, so each table
 * is written by running it again and keeping that table's rows: nothing is held
 * beyond two bytes per candidate.
 */
export function* applicationPlans(input: ApplicationsInput): Generator<ApplicationPlan> {
  const { seed, now, candidates, jobs } = input
  const takes = jobs.filter((j) => j.status !== 'DRAFT')
  const open = takes.filter((j) => j.status === 'OPEN')
  if (!open.length) throw new Error('the large seed needs at least one open job')
  const counts = applicationCounts(seed, candidates, input.applications, Math.min(MAX_PER_CANDIDATE, open.length))
  const cumulative = cumulativeWeights(takes)
  for (let index = 0; index < candidates; index++) {
    const count = counts[index]!
    if (!count) continue
    const candidate = candidateCore(seed, index, candidates, now)
    const random = randomFor(seed, Stream.applications, index)
    const chosen = new Set<SeedJob>()
    for (let k = 0; k < count; k++) {
      const job = pickJob(random, takes, cumulative, open, chosen, candidate.createdAt)
      chosen.add(job)
      yield planApplication(random, job, candidate, k, now)
    }
  }
}

function cumulativeWeights(jobs: SeedJob[]): Float64Array {
  const sums = new Float64Array(jobs.length)
  let total = 0
  jobs.forEach((j, i) => (sums[i] = total += j.weight))
  return sums
}

/** A job by popularity that this candidate has not applied to and that was still open when they came. */
function pickJob(random: Random, jobs: SeedJob[], cumulative: Float64Array, open: SeedJob[], chosen: Set<SeedJob>, since: number): SeedJob {
  const total = cumulative[cumulative.length - 1]!
  for (let attempt = 0; attempt < 64; attempt++) {
    const x = random.next() * total
    let lo = 0
    let hi = cumulative.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (cumulative[mid]! > x) hi = mid
      else lo = mid + 1
    }
    const job = jobs[lo]!
    if (!chosen.has(job) && (job.closedAt === null || job.closedAt > since + DAY)) return job
  }
  // Unlucky draws: take the first open job not yet chosen (counts never exceed the open jobs).
  return open.find((j) => !chosen.has(j))!
}

function planApplication(random: Random, job: SeedJob, candidate: { id: string; createdAt: number }, nth: number, now: number): ApplicationPlan {
  const end = Math.min(now, job.closedAt ?? now) - HOUR
  const window = Math.max(0, Math.min(120 * DAY, end - candidate.createdAt))
  // The first application comes with the candidate's record; later ones follow within months.
  const createdAt = Math.floor(candidate.createdAt + (nth === 0 ? random.next() * Math.min(2 * HOUR, window) : random.next() ** 2 * window))
  const ageDays = (now - createdAt) / DAY
  const closes = random.chance(job.status === 'CLOSED' ? 0.97 : 0.05 + 0.7 * Math.min(1, ageDays / 365))
  const roll = random.next()
  const last = job.stages.length - 1
  // Stages take time: at most one every two days since applying.
  const reachable = Math.min(last, Math.floor(ageDays / 2))
  const status: ApplicationStatus = !closes ? 'ACTIVE' : roll < 0.005 && reachable === last ? 'HIRED' : roll < 0.81 ? 'REJECTED' : 'WITHDRAWN'
  const weights = status === 'ACTIVE' ? ACTIVE_STAGE_WEIGHTS : status === 'REJECTED' ? REJECTED_STAGE_WEIGHTS : WITHDRAWN_STAGE_WEIGHTS
  const stageIndex = status === 'HIRED' ? last : Math.min(reachable, random.weighted(weights.slice(0, last + 1)))
  const stage = job.stages[stageIndex]!
  const first = job.stages[0]!

  const closedAt = status === 'ACTIVE' ? null : Math.floor(createdAt + (end - createdAt) * (0.2 + 0.8 * random.next()))
  const until = closedAt ?? now
  const stageEnteredAt = stageIndex === 0 ? createdAt : Math.floor(createdAt + (until - createdAt) * (0.3 + 0.6 * random.next()))
  const rejection = status === 'REJECTED' ? { reason: random.pick(rejectionReasons), note: random.pick(rejectionNotes) } : null
  const id = random.uuidV7(createdAt)

  const transition = (kind: string, from: string | null, to: string, fromStatus: ApplicationStatus | null, toStatus: ApplicationStatus, reason: string | null, at: number): CopyValue[] =>
    [random.uuidV7(at), id, kind, from, to, fromStatus, toStatus, reason, false, job.recruiterId, new Date(at)]
  const transitions = [transition('APPLIED', null, first.id, null, 'ACTIVE', null, createdAt)]
  if (stageIndex > 0) {
    // One move stands for the steps in between (the large seed keeps the transition table lean).
    const skip = stageIndex > 1 ? 'Moved on: earlier stages assessed' : null
    transitions.push(transition(stageIndex === 1 ? 'ADVANCED' : 'MOVED', first.id, stage.id, 'ACTIVE', 'ACTIVE', skip, stageEnteredAt))
  }
  if (closedAt !== null) {
    const kind = status === 'REJECTED' ? 'REJECTED' : status === 'HIRED' ? 'HIRED' : 'WITHDRAWN'
    // The same "why" the move service records: reason and note for a rejection.
    const reason = rejection ? [rejection.reason, rejection.note].filter(Boolean).join(': ') : status === 'WITHDRAWN' ? random.pick(withdrawalReasons) : null
    transitions.push(transition(kind, stage.id, stage.id, 'ACTIVE', status, reason, closedAt))
  }
  const scorecards = scorecardsFor(random, { id, createdAt, stageEnteredAt, closedAt, status, stageIndex }, job, now)
  const application: CopyValue[] = [
    id, candidate.id, job.id, stage.id, status, transitions.length, rejection?.reason ?? null, rejection?.note ?? null,
    new Date(stageEnteredAt), closedAt === null ? null : new Date(closedAt), new Date(createdAt), new Date(closedAt ?? stageEnteredAt),
  ]
  return { application, transitions, ...scorecards }
}
