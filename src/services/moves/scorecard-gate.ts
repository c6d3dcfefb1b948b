import type { Principal } from '../sessions.ts'
import type { MoveContext } from './context.ts'
import type { PlannedMove } from './rules.ts'
import { Errors } from '../../errors.ts'

/** Only the people who own a job's decisions may waive its scorecard requirement. */
export function mayOverride(principal: Principal, ctx: MoveContext): boolean {
  return principal.role === 'ADMIN' || (principal.role === 'HIRING_MANAGER' && ctx.teamRole === 'HIRING_MANAGER')
}

/** Refuses an override from anyone else before anything else is judged: asking is already overreach. */
export function assertMayOverride(principal: Principal, ctx: MoveContext, override: { reason: string } | undefined): void {
  if (override && !mayOverride(principal, ctx)) {
    throw new Errors.Forbidden("override the scorecard requirement (only the job's hiring managers and admins may)")
  }
}

/**
 * The scorecard rule: a move that decides the current stage needs the stage's
 * required number of submitted scorecards for this application. Returns whether
 * an override was used (recorded on the transition); throws 409 otherwise.
 */
export function checkScorecards(ctx: MoveContext, planned: PlannedMove, override: { reason: string } | undefined): { overridden: boolean } {
  const required = planned.from.requiredScorecards
  if (!planned.decidesStage || ctx.submittedHere >= required) return { overridden: false }
  if (override) return { overridden: true }
  throw new Errors.Conflict(
    `${ctx.submittedHere} of ${required} required scorecards submitted for stage ${planned.from.name}: ` +
      'the application cannot leave it until they are in, unless a hiring manager overrides with a reason',
  )
}
