import type { JobStatus, StageKind } from '../../src/generated/prisma/enums.ts'
import { defaultPlan } from '../../src/domain/default-plans.ts'
import type { TemplateKey } from '../../src/domain/default-scorecard-templates.ts'
import type { CopyValue } from './copy-rows.ts'
import { randomFor, Stream } from './random.ts'
import type { Staff } from './staff.ts'
import { departments, jobLocations, jobTitles, teams } from './vocabulary.ts'

const DAY = 86_400_000

export interface SeedStage { id: string; position: number; name: string; kind: StageKind; templateId: string | null; requiredScorecards: number; slaDays: number }

export interface SeedJob {
  id: string
  title: string
  status: JobStatus
  createdAt: number
  openedAt: number | null
  closedAt: number | null
  /** Relative popularity: how many applications it draws. */
  weight: number
  stages: SeedStage[]
  recruiterId: string
  /** Who writes its scorecards: its hiring manager and interviewers. */
  assessorIds: string[]
}

/**
 * Jobs on the default plan (eight steps and the offer), mostly open: 85% open,
 * 10% closed in the last month, 5% drafts (which take no applications). Open
 * jobs opened 380–420 days ago, so they span every candidate's history. Each
 * has a recruiter, a hiring manager and three to five interviewers.
 */
export function generateJobs(seed: number, count: number, staff: Staff, templateIds: Record<TemplateKey, string>, now: number): SeedJob[] {
  return Array.from({ length: count }, (_, index) => {
    const random = randomFor(seed, Stream.jobs, index)
    const createdAt = now - random.int(385, 425) * DAY + random.int(0, DAY)
    const roll = random.next()
    const status: JobStatus = roll < 0.05 ? 'DRAFT' : roll < 0.15 ? 'CLOSED' : 'OPEN'
    const openedAt = status === 'DRAFT' ? null : createdAt + random.int(1, 5) * DAY
    const stages = defaultPlan.map((s, i) => ({
      id: random.uuidV7(createdAt), position: i + 1, name: s.name, kind: s.kind,
      templateId: s.template ? templateIds[s.template] : null, requiredScorecards: s.requiredScorecards, slaDays: s.slaDays,
    }))
    const manager = staff.managers[index % staff.managers.length]!
    const interviewers = random.sample(staff.interviewers, random.int(3, 5))
    return {
      id: random.uuidV7(createdAt),
      title: `${random.pick(jobTitles)}, ${random.pick(teams)}`,
      status, createdAt, openedAt,
      closedAt: status === 'CLOSED' ? now - random.int(1, 30) * DAY : null,
      weight: 0.2 + 3 * random.next() ** 2,
      stages,
      recruiterId: staff.recruiters[index % staff.recruiters.length]!.id,
      assessorIds: [manager.id, ...interviewers.map((i) => i.id)],
    }
  })
}

export const jobColumns = ['id', 'title', 'description', 'department', 'location', 'status', 'opened_at', 'closed_at', 'created_by_id', 'created_at', 'updated_at'] as const
export const stageColumns = ['id', 'job_id', 'position', 'name', 'kind', 'template_id', 'required_scorecards', 'sla_days', 'created_at'] as const
export const teamColumns = ['id', 'job_id', 'user_id', 'role', 'created_at'] as const

const date = (ms: number | null) => (ms === null ? null : new Date(ms))

export function* jobRows(seed: number, jobs: SeedJob[]): Generator<CopyValue[]> {
  for (const [index, job] of jobs.entries()) {
    const random = randomFor(seed, Stream.jobs, 1_000_000 + index)
    const description = `We are hiring a ${job.title.toLowerCase()} to design, build and run the services behind our product. You will work with PostgreSQL, Redis and a modern server-side stack.`
    yield [job.id, job.title, description, random.pick(departments), random.pick(jobLocations), job.status, date(job.openedAt), date(job.closedAt), job.recruiterId, date(job.createdAt), date(job.closedAt ?? job.openedAt ?? job.createdAt)]
  }
}

export function* stageRows(jobs: SeedJob[]): Generator<CopyValue[]> {
  for (const job of jobs) {
    for (const s of job.stages) yield [s.id, job.id, s.position, s.name, s.kind, s.templateId, s.requiredScorecards, s.slaDays, date(job.createdAt)]
  }
}

export function* teamRows(seed: number, jobs: SeedJob[]): Generator<CopyValue[]> {
  for (const [index, job] of jobs.entries()) {
    const random = randomFor(seed, Stream.jobs, 2_000_000 + index)
    const at = date(job.createdAt)
    const [managerId, ...interviewerIds] = job.assessorIds
    yield [random.uuidV7(job.createdAt), job.id, job.recruiterId, 'RECRUITER', at]
    yield [random.uuidV7(job.createdAt), job.id, managerId!, 'HIRING_MANAGER', at]
    for (const id of interviewerIds) yield [random.uuidV7(job.createdAt), job.id, id, 'INTERVIEWER', at]
  }
}
