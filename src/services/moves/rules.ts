import type { ApplicationStatus, RejectionReason, TransitionKind } from '../../generated/prisma/enums.ts'
import type { MoveCommand } from '../../schemas/applications.ts'
import type { MoveContext, PlanStage } from './context.ts'
import { Errors } from '../../errors.ts'

/** What a move will do, decided from the context before anything is written. */
export interface PlannedMove {
  kind: TransitionKind
  from: PlanStage
  to: PlanStage
  toStatus: ApplicationStatus
  /**
   * True when the move takes a decision on the current stage (advance, a move
   * forward, hire): those are the moves the scorecard rule guards. Sending back,
   * rejecting, withdrawing and reopening are not: they need no assessment to be
   * complete (a candidate may withdraw or a position be filled at any time).
   */
  decidesStage: boolean
  reason: string | null
  rejection: { reason: RejectionReason; note: string | null } | null
}

const KIND: Record<MoveCommand['action'], TransitionKind> = {
  advance: 'ADVANCED', move: 'MOVED', reject: 'REJECTED', withdraw: 'WITHDRAWN', hire: 'HIRED', reopen: 'REOPENED',
}
const CLOSED_STATUS = { reject: 'REJECTED', withdraw: 'WITHDRAWN', hire: 'HIRED' } as const

/** Applies the plan's rules to a move; throws the 404/409 that names the rule it breaks. */
export function planMove(ctx: MoveContext, command: MoveCommand): PlannedMove {
  const { application, job, candidate, plan } = ctx
  const from = plan.find((s) => s.id === application.stageId)
  if (!from) throw new Error(`stage ${application.stageId} missing from the plan of job ${application.jobId}`) // a foreign key makes this impossible
  if (candidate.erased) throw new Errors.Conflict("the candidate's personal data has been erased: their applications can no longer change")

  const reopening = command.action === 'reopen'
  if (reopening && application.status === 'HIRED') throw new Errors.Conflict('a hired application cannot be reopened')
  if (reopening && application.status === 'ACTIVE') throw new Errors.Conflict('the application is already active')
  if (!reopening && application.status !== 'ACTIVE') {
    throw new Errors.Conflict(`the application is ${application.status.toLowerCase()}: only an active application can be moved (reopen it first)`)
  }
  // Closing an application stays possible on a closed job (to tidy up); progressing it does not.
  const progresses = command.action !== 'reject' && command.action !== 'withdraw'
  if (progresses && job.status !== 'OPEN') throw new Errors.Conflict(`the job is ${job.status === 'CLOSED' ? 'closed' : 'not open'}: applications to it cannot ${command.action}`)

  const base = { kind: KIND[command.action], from, reason: null, rejection: null, decidesStage: false }
  const live = plan.filter((s) => !s.archived)
  switch (command.action) {
    case 'advance': {
      const next = live.find((s) => s.position > from.position)
      if (!next) throw new Errors.Conflict(`the application is at the last stage of the plan (${from.name}): hire or reject it instead`)
      return { ...base, to: next, toStatus: 'ACTIVE', decidesStage: true }
    }
    case 'move': {
      const to = liveStage(plan, command.toStageId)
      if (to.id === from.id) throw new Errors.Conflict(`the application is already in stage ${to.name}`)
      return { ...base, to, toStatus: 'ACTIVE', reason: command.reason, decidesStage: to.position > from.position }
    }
    case 'hire': {
      assertFinalStep(live, from)
      return { ...base, to: from, toStatus: CLOSED_STATUS.hire, reason: command.reason ?? null, decidesStage: true }
    }
    case 'reject':
      return { ...base, to: from, toStatus: CLOSED_STATUS.reject, rejection: { reason: command.reason, note: command.note ?? null } }
    case 'withdraw':
      return { ...base, to: from, toStatus: CLOSED_STATUS.withdraw, reason: command.reason ?? null }
    case 'reopen': {
      if (ctx.activeSiblingId) throw new Errors.Conflict(`the candidate already has an active application for this job (${ctx.activeSiblingId})`)
      if (!command.toStageId && from.archived) {
        throw new Errors.Conflict(`the stage the application was in (${from.name}) is no longer in the plan: reopen it with toStageId, a stage of the current plan`)
      }
      const to = command.toStageId ? liveStage(plan, command.toStageId) : from
      // Reopening further on than it was skips stages, as a move forward does, so the
      // stage it was in must have its scorecards; a stage gone from the plan decides
      // nothing any more (a plan edit moves its applications on without them too).
      return { ...base, to, toStatus: 'ACTIVE', reason: command.reason, decidesStage: !from.archived && to.position > from.position }
    }
  }
}

/** A stage of the job's current plan, by id: 404 if the job has no such stage, 409 if it left the plan. */
function liveStage(plan: PlanStage[], id: string): PlanStage {
  const stage = plan.find((s) => s.id === id)
  if (!stage) throw new Errors.NotFound('Stage')
  if (stage.archived) throw new Errors.Conflict(`stage ${stage.name} is no longer in the plan (archived)`)
  return stage
}

/**
 * Hire only from the plan's final step: its offer stage, or, for a plan without
 * one (the lean plan), its last stage. Skipping the offer would leave no record
 * that one was made; a recruiter who must can still move there with a reason first.
 */
function assertFinalStep(live: PlanStage[], current: PlanStage): void {
  const offers = live.filter((s) => s.kind === 'OFFER')
  if (offers.length > 0) {
    if (current.kind !== 'OFFER') throw new Errors.Conflict(`an application can only be hired from an offer stage; it is in ${current.name} (${current.kind.toLowerCase()})`)
    return
  }
  const last = live[live.length - 1]
  if (last?.id !== current.id) throw new Errors.Conflict(`an application can only be hired from the last stage of the plan (${last?.name ?? 'none'}); it is in ${current.name}`)
}
