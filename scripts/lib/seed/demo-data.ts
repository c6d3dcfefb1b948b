import type { Prisma } from '../../../src/generated/prisma/client.ts'
import { uuidV7 } from '../uuid-v7.ts'
import { DAYS_PER_STEP, generateApplications, stepsOf } from './applications.ts'
import { generateCandidates } from './candidates.ts'
import { demoStaff, type DemoStaffKey } from './demo-staff.ts'
import { demoFunnel, funnelSlots } from './funnels.ts'
import { generateDemoJobs } from './jobs.ts'
import type { SeedOptions } from './options.ts'
import { createRandom } from './random.ts'
import { generateDefaultTemplates } from './templates.ts'

/** Every row the seed writes, table by table, in an order that satisfies the foreign keys. */
export interface DemoData {
  users: Prisma.UserCreateManyInput[]
  templates: Prisma.ScorecardTemplateCreateManyInput[]
  attributes: Prisma.ScorecardAttributeCreateManyInput[]
  jobs: Prisma.JobCreateManyInput[]
  stages: Prisma.StageCreateManyInput[]
  team: Prisma.HiringTeamMemberCreateManyInput[]
  candidates: Prisma.CandidateCreateManyInput[]
  applications: Prisma.ApplicationCreateManyInput[]
  transitions: Prisma.StageTransitionCreateManyInput[]
}

/**
 * Generates the demo data in memory, without touching the database: generators
 * make rows, writers (write-demo-data.ts) store them. Same seed, same data.
 */
export function generateDemoData(options: SeedOptions, passwordHash: string, now = new Date()): DemoData {
  const random = createRandom(20261121)
  const staffSince = new Date(now.getTime() - 60 * 86_400_000)
  const staffIds = {} as Record<DemoStaffKey, string>
  const users = Object.entries(demoStaff).map(([key, member]) => {
    const id = uuidV7(staffSince)
    staffIds[key as DemoStaffKey] = id
    return { id, ...member, passwordHash, createdAt: staffSince, updatedAt: staffSince }
  })
  const { templates, attributes, templateIds } = generateDefaultTemplates(staffIds.admin, staffSince)
  const { jobs, stages, team, plans } = generateDemoJobs(staffIds, templateIds, now)
  const slots = funnelSlots(demoFunnel).slice(0, options.candidates)
  // Applied long enough ago to have made every move since, a few days apart.
  const candidates = generateCandidates(slots.length, random, now, (i) => stepsOf(slots[i]!) * DAYS_PER_STEP + random.int(1, 4))
  const { applications, transitions } = generateApplications(slots, candidates, plans, staffIds, random)
  return { users, templates, attributes, jobs, stages, team, candidates, applications, transitions }
}
