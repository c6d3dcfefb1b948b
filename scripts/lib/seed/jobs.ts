import type { Prisma } from '../../../src/generated/prisma/client.ts'
import { defaultPlans, type DefaultPlanName, type PlanStage } from '../../../src/domain/default-plans.ts'
import type { TemplateKey } from '../../../src/domain/default-scorecard-templates.ts'
import { uuidV7 } from '../uuid-v7.ts'
import type { DemoStaffKey } from './demo-staff.ts'

const DAY_MS = 86_400_000

/** The demo jobs: one on the full eight-stage plan, one on the lean plan. */
export const demoJobs = [
  {
    key: 'senior', plan: 'default', openedDaysAgo: 45, title: 'Senior Back-End Developer', department: 'Engineering', location: 'London or remote (UK)',
    description: 'Own the server side of our web applications: server-side logic, the central database, and performance and responsiveness to front-end requests. Four or more years of back-end experience.',
    team: { recruiter: 'RECRUITER', hiringManager: 'HIRING_MANAGER', interviewerOne: 'INTERVIEWER', interviewerTwo: 'INTERVIEWER' },
  },
  {
    key: 'platform', plan: 'lean', openedDaysAgo: 30, title: 'Back-End Developer, Platform', department: 'Platform', location: 'Berlin (hybrid)',
    description: 'Build and run the APIs, data stores and search that our product teams rely on. Python or Java, SQL, REST, a cloud platform.',
    team: { recruiter: 'RECRUITER', hiringManager: 'HIRING_MANAGER', interviewerOne: 'INTERVIEWER' },
  },
] as const satisfies ReadonlyArray<{ key: string; plan: DefaultPlanName; team: Partial<Record<DemoStaffKey, 'RECRUITER' | 'HIRING_MANAGER' | 'INTERVIEWER'>> } & Record<string, unknown>>

export type DemoJobKey = (typeof demoJobs)[number]['key']

export interface JobRows {
  jobs: Prisma.JobCreateManyInput[]
  stages: Prisma.StageCreateManyInput[]
  team: Prisma.HiringTeamMemberCreateManyInput[]
  /** Each job's plan, with the stage ids in position order, for the application generator. */
  plans: Record<DemoJobKey, { jobId: string; openedAt: Date; stages: Array<PlanStage & { id: string }> }>
}

export function generateDemoJobs(staffIds: Record<DemoStaffKey, string>, templateIds: Record<TemplateKey, string>, now: Date): JobRows {
  const rows: JobRows = { jobs: [], stages: [], team: [], plans: {} as JobRows['plans'] }
  for (const job of demoJobs) {
    const openedAt = new Date(now.getTime() - job.openedDaysAgo * DAY_MS)
    const jobId = uuidV7(openedAt)
    const { key, plan, openedDaysAgo, team, ...fields } = job
    rows.jobs.push({ id: jobId, ...fields, status: 'OPEN', openedAt, createdById: staffIds.recruiter, createdAt: openedAt })
    const stages = defaultPlans[plan].map((stage) => ({ ...stage, id: uuidV7(openedAt) }))
    stages.forEach((stage, index) => {
      rows.stages.push({
        id: stage.id, jobId, position: index + 1, name: stage.name, kind: stage.kind,
        templateId: stage.template ? templateIds[stage.template] : null,
        requiredScorecards: stage.requiredScorecards, slaDays: stage.slaDays, createdAt: openedAt,
      })
    })
    for (const [member, role] of Object.entries(team) as Array<[DemoStaffKey, 'RECRUITER' | 'HIRING_MANAGER' | 'INTERVIEWER']>) {
      rows.team.push({ id: uuidV7(openedAt), jobId, userId: staffIds[member], role, createdAt: openedAt })
    }
    rows.plans[key] = { jobId, openedAt, stages }
  }
  return rows
}
