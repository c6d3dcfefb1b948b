import { queueDecisionNeeded } from './decision-needed.ts'
import type { Db, DbClient } from '../db/client.ts'
import { Errors, invalidBody } from '../errors.ts'
import type { AmendmentBody, CreateScorecardBody, UpdateDraftBody } from '../schemas/scorecards.ts'
import { visibleToPrincipal } from './applications.ts'
import { recordAudit } from './audit.ts'
import { erasedConflict, lockCandidate } from './candidates.ts'
import type { ScorecardStatus } from '../generated/prisma/enums.ts'
import { appendRevision, hadSeenOthers } from './scorecard-revisions.ts'
import { visibleScorecards } from './scorecard-visibility.ts'
import { loadScoringTarget, resolveAuthor } from './scorecards/assignment.ts'
import {
  applyChanges, assertComplete, emptyCard, loadScoringTemplate, lockTemplateForNewScorecard, missingForSubmission, readCard, sameSnapshot, snapshotOf,
  withNoOpinionForUnrated, writeCard,
} from './scorecards/content.ts'
import { loadScorecard } from './scorecards/json.ts'
import { createScorecardReads } from './scorecards/reads.ts'
import type { Principal } from './sessions.ts'

interface Caller {
  principal: Principal
  requestId: string | null
}

/**
 * Scorecards: a draft (created, edited by its author), submitted once, then
 * changed only by amendments that append revisions. Every write runs in one
 * transaction and answers with the scorecard as its writer sees it.
 */
export function createScorecardsService(db: Db) {
  async function createDraft(caller: Caller, body: CreateScorecardBody) {
    const { principal } = caller
    const id = await db.$transaction(async (tx) => {
      const target = await loadScoringTarget(tx, principal, body.applicationId, body.stageId)
      const { authorId, enteredById } = await resolveAuthor(tx, principal, target, body)
      const existing = await tx.scorecard.findUnique({
        where: { applicationId_stageId_authorId: { applicationId: target.applicationId, stageId: target.stageId, authorId } }, select: { id: true, status: true },
      })
      if (existing) {
        const who = enteredById ? `user ${authorId} has` : 'you have'
        throw new Errors.Conflict(`${who} a scorecard for stage ${target.stageName} of this application already: ${existing.id} (${existing.status.toLowerCase()}); one per assessor and stage. Edit it, or amend it once submitted`)
      }
      const templateId = await lockTemplateForNewScorecard(tx, target.stageId, target.templateId)
      const template = await loadScoringTemplate(tx, templateId)
      const state = applyChanges(template, emptyCard(), body)
      const card = await tx.scorecard.create({
        data: { applicationId: target.applicationId, stageId: target.stageId, interviewId: body.interviewId ?? null, templateId: template.id, authorId, enteredById },
        select: { id: true },
      })
      await writeCard(tx, card.id, state)
      await recordAudit(tx, {
        action: 'scorecard.drafted', actorId: principal.userId, entityType: 'scorecard', entityId: card.id, jobId: target.jobId, candidateId: target.candidateId,
        requestId: caller.requestId, payload: { applicationId: target.applicationId, stageId: target.stageId, interviewId: body.interviewId ?? null, authorId, enteredById },
      })
      return card.id
    })
    return loadScorecard(db, id)
  }

  async function updateDraft(caller: Caller, id: string, body: UpdateDraftBody) {
    await db.$transaction(async (tx) => {
      const card = await lockOwnScorecard(tx, caller.principal, id)
      if (card.status === 'SUBMITTED') throw new Errors.Conflict(`submitted scorecards change only by amendment: POST /scorecards/${id}/amendments with a reason`)
      const template = await loadScoringTemplate(tx, card.templateId)
      await writeCard(tx, id, applyChanges(template, await readCard(tx, id), body))
    })
    return loadScorecard(db, id)
  }

  async function submit(caller: Caller, id: string) {
    const { principal } = caller
    await db.$transaction(async (tx) => {
      const card = await lockOwnScorecard(tx, principal, id)
      if (card.status === 'SUBMITTED') throw new Errors.Conflict(`the scorecard was submitted already (revision ${card.revision}); change it by amendment`)
      const template = await loadScoringTemplate(tx, card.templateId)
      const state = withNoOpinionForUnrated(template, await readCard(tx, id))
      assertComplete(template, state)
      await writeCard(tx, id, state, { status: 'SUBMITTED', submittedAt: new Date(), revision: 1 })
      const afterSeenOthers = await hadSeenOthers(tx, [card.authorId, principal.userId], card.applicationId, card.stageId)
      await appendRevision(tx, { scorecardId: id, revision: 1, snapshot: snapshotOf(template, state), reason: null, writtenById: principal.userId, afterSeenOthers })
      await recordAudit(tx, {
        action: 'scorecard.submitted', actorId: principal.userId, entityType: 'scorecard', entityId: id, jobId: card.jobId, candidateId: card.candidateId, requestId: caller.requestId,
        payload: { applicationId: card.applicationId, stageId: card.stageId, authorId: card.authorId, enteredById: card.enteredById, revision: 1, afterSeenOthers },
      })
      await queueDecisionNeeded(tx, card)
    })
    return loadScorecard(db, id)
  }

  async function amend(caller: Caller, id: string, body: AmendmentBody) {
    const { principal } = caller
    await db.$transaction(async (tx) => {
      const card = await lockOwnScorecard(tx, principal, id)
      if (card.status === 'DRAFT') throw new Errors.Conflict(`a draft is not amended: edit it with PATCH /scorecards/${id}, then submit it`)
      const template = await loadScoringTemplate(tx, card.templateId)
      const current = await readCard(tx, id)
      const next = applyChanges(template, current, body)
      const missing = missingForSubmission(template, next).find((m) => m.startsWith('answers.'))
      if (missing) throw invalidBody(`/answers/${missing.slice('answers.'.length)}`, 'is required by the template: a submitted scorecard keeps an answer')
      const [before, after] = [snapshotOf(template, current), snapshotOf(template, next)]
      if (sameSnapshot(before, after)) throw new Errors.Conflict('the amendment changes nothing: give the ratings, recommendation or answers that change')
      const revision = card.revision + 1
      await writeCard(tx, id, next, { revision })
      const afterSeenOthers = await hadSeenOthers(tx, [card.authorId, principal.userId], card.applicationId, card.stageId)
      await appendRevision(tx, { scorecardId: id, revision, snapshot: after, reason: body.reason.trim(), writtenById: principal.userId, afterSeenOthers })
      await recordAudit(tx, {
        action: 'scorecard.amended', actorId: principal.userId, entityType: 'scorecard', entityId: id, jobId: card.jobId, candidateId: card.candidateId, requestId: caller.requestId,
        payload: { applicationId: card.applicationId, stageId: card.stageId, authorId: card.authorId, revision, afterSeenOthers, changed: changedFields(before, after) },
      })
    })
    return loadScorecard(db, id)
  }

  return { createDraft, updateDraft, submit, amend, ...createScorecardReads(db) }
}

/**
 * Locks a scorecard the caller may change: its author's, or one they entered for
 * its author. Someone else's they can see is 403; one they cannot see, 404.
 */
async function lockOwnScorecard(tx: DbClient, principal: Principal, id: string) {
  // The candidate before the scorecard, in the order erasure takes them (no deadlock with one running).
  const [target] = await tx.$queryRaw<Array<{ candidateId: string }>>`
    SELECT a.candidate_id AS "candidateId" FROM scorecards s JOIN applications a ON a.id = s.application_id WHERE s.id = ${id}::uuid`
  const erased = target ? await lockCandidate(tx, target.candidateId) : false
  const rows = await tx.$queryRaw<Array<{
    jobId: string; candidateId: string; applicationId: string; stageId: string; templateId: string; authorId: string; enteredById: string | null; status: ScorecardStatus; revision: number
  }>>`
    SELECT a.job_id AS "jobId", a.candidate_id AS "candidateId", s.application_id AS "applicationId", s.stage_id AS "stageId", s.template_id AS "templateId",
           s.author_id AS "authorId", s.entered_by_id AS "enteredById", s.status::text AS status, s.revision
      FROM scorecards s JOIN applications a ON a.id = s.application_id
     WHERE s.id = ${id}::uuid AND (s.author_id = ${principal.userId}::uuid OR s.entered_by_id = ${principal.userId}::uuid) AND ${visibleToPrincipal(principal)}
       FOR UPDATE OF s`
  const own = rows[0]
  if (!own) {
    if ((await visibleScorecards(tx, principal, { scorecardId: id })).length > 0) {
      throw new Errors.Forbidden("change another assessor's scorecard (only its author, or whoever entered it for them)")
    }
    throw new Errors.NotFound('Scorecard')
  }
  // The share lock taken above still holds: no erasure can have committed since.
  if (erased) throw erasedConflict('their scorecards take no more changes')
  return own
}

/** Names (never values) of what an amendment changed, for the audit trail. */
function changedFields(before: ReturnType<typeof snapshotOf>, after: ReturnType<typeof snapshotOf>): string[] {
  const changed = before.recommendation !== after.recommendation ? ['recommendation'] : []
  for (const key of new Set([...Object.keys(before.ratings), ...Object.keys(after.ratings)])) {
    if (before.ratings[key] !== after.ratings[key] || before.comments[key] !== after.comments[key]) changed.push(`ratings.${key}`)
  }
  for (const key of new Set([...Object.keys(before.answers), ...Object.keys(after.answers)])) {
    if (before.answers[key] !== after.answers[key]) changed.push(`answers.${key}`)
  }
  return changed
}
