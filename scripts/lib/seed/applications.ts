import type { Prisma } from '../../../src/generated/prisma/client.ts'
import type { ApplicationStatus, TransitionKind } from '../../../src/generated/prisma/enums.ts'
import { uuidV7 } from '../uuid-v7.ts'
import type { DemoStaffKey } from './demo-staff.ts'
import type { FunnelStep } from './funnels.ts'
import type { JobRows } from './jobs.ts'
import type { Random } from './random.ts'

const DAY_MS = 86_400_000
/** Days between one step of an application and the next. */
export const DAYS_PER_STEP = 3

const closingKind: Partial<Record<ApplicationStatus, TransitionKind>> = { REJECTED: 'REJECTED', WITHDRAWN: 'WITHDRAWN', HIRED: 'HIRED' }
const closingReason: Partial<Record<ApplicationStatus, string>> = { WITHDRAWN: 'Accepted another offer.', HIRED: 'Offer accepted.' }

/** Moves an application goes through: one per stage passed, plus one if it ended. */
export const stepsOf = (slot: FunnelStep) => slot.stage - 1 + (closingKind[slot.status] ? 1 : 0)

export interface ApplicationRows {
  applications: Prisma.ApplicationCreateManyInput[]
  transitions: Prisma.StageTransitionCreateManyInput[]
}

/**
 * One application per funnel slot, for the candidate at the same index, with
 * every move recorded as a transition (who, when, from, to, why), as the API
 * would have: applied, advanced stage by stage, then rejected, withdrawn or hired.
 */
export function generateApplications(
  slots: FunnelStep[], candidates: Prisma.CandidateCreateManyInput[], plans: JobRows['plans'], staffIds: Record<DemoStaffKey, string>, random: Random,
): ApplicationRows {
  const rows: ApplicationRows = { applications: [], transitions: [] }
  slots.forEach((slot, index) => {
    const candidate = candidates[index]!
    const plan = plans[slot.job]
    const appliedAt = new Date(candidate.createdAt!)
    const applicationId = uuidV7(appliedAt)
    const at = (step: number) => new Date(appliedAt.getTime() + step * DAYS_PER_STEP * DAY_MS + random.int(1, 20) * 3600_000)
    const move = (kind: TransitionKind, when: Date, fromStage: number | null, toStage: number, toStatus: ApplicationStatus, reason: string | null, actor: DemoStaffKey | null) =>
      rows.transitions.push({
        id: uuidV7(when), applicationId, kind, createdAt: when, reason, actorId: actor ? staffIds[actor] : null,
        fromStageId: fromStage === null ? null : plan.stages[fromStage]!.id, toStageId: plan.stages[toStage]!.id,
        fromStatus: fromStage === null ? null : 'ACTIVE', toStatus,
      })

    move('APPLIED', appliedAt, null, 0, 'ACTIVE', `Applied via ${candidate.source}`, null)
    let stageEnteredAt = appliedAt
    for (let stage = 1; stage < slot.stage; stage++) {
      stageEnteredAt = at(stage)
      const decider = plan.stages[stage - 1]!.kind === 'INTERVIEW' ? 'hiringManager' : 'recruiter'
      move('ADVANCED', stageEnteredAt, stage - 1, stage, 'ACTIVE', `Passed ${plan.stages[stage - 1]!.name.toLowerCase()}`, decider)
    }
    const current = slot.stage - 1
    const kind = closingKind[slot.status]
    const closedAt = kind ? at(slot.stage) : null
    if (kind && closedAt) {
      const reason = slot.rejection?.note ?? closingReason[slot.status] ?? null
      move(kind, closedAt, current, current, slot.status, reason, kind === 'HIRED' ? 'hiringManager' : 'recruiter')
    }
    rows.applications.push({
      id: applicationId, candidateId: candidate.id!, jobId: plan.jobId, stageId: plan.stages[current]!.id, status: slot.status,
      version: stepsOf(slot) + 1, rejectionReason: slot.rejection?.reason ?? null, rejectionNote: slot.rejection?.note ?? null,
      stageEnteredAt, closedAt, createdAt: appliedAt, updatedAt: closedAt ?? stageEnteredAt,
    })
  })
  return rows
}
