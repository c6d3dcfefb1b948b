import { createHash } from 'node:crypto'
import type { Db, DbClient } from '../db/client.ts'
import { Prisma } from '../generated/prisma/client.ts'
import type { StageKind } from '../generated/prisma/enums.ts'
import { defaultPlans } from '../domain/default-plans.ts'
import { defaultTemplates, type TemplateKey } from '../domain/default-scorecard-templates.ts'
import { Errors, invalidBody } from '../errors.ts'
import { type PlanChoice, type PlanStageInput, type RemovedStage } from '../schemas/jobs.ts'
import { recordAudit } from './audit.ts'
import { transitionEffects } from './moves/record.ts'

/** One stage's settings, as stored. */
export interface StageSettings {
  name: string
  kind: StageKind
  templateId: string | null
  requiredScorecards: number
  slaDays: number | null
}

export interface Actor {
  userId: string
  requestId: string | null
}

const stageColumns = { id: true, position: true, name: true, kind: true, templateId: true, requiredScorecards: true, slaDays: true } as const
type StageRow = StageSettings & { id: string; position: number }

const settingsOf = (s: Omit<PlanStageInput, 'id'>): StageSettings => ({
  name: s.name.trim(), kind: s.kind, templateId: s.templateId ?? null, requiredScorecards: s.requiredScorecards, slaDays: s.slaDays ?? null,
})

/**
 * The stages a new job starts with: a preset (the default eight steps and the
 * offer, or the lean plan), or the request's own, checked against the plan rules.
 */
export async function resolvePlan(db: DbClient, choice: PlanChoice | undefined): Promise<StageSettings[]> {
  if (choice && 'stages' in choice) {
    const stages = choice.stages.map(settingsOf)
    checkPlanRules(stages, '/plan/stages')
    await checkTemplates(db, null, stages, [], '/plan/stages')
    return stages
  }
  const preset = defaultPlans[choice?.preset ?? 'default']
  const templates = await organisationTemplateIds(db)
  return preset.map((s) => ({
    name: s.name, kind: s.kind, requiredScorecards: s.requiredScorecards, slaDays: s.slaDays,
    // Null when the organisation's default templates are not in the database (never seeded).
    templateId: s.template ? (templates.get(s.template) ?? null) : null,
  }))
}

/**
 * The organisation-wide default templates by key. The seed creates each as the
 * first version of its own lineage, named as in default-scorecard-templates.ts;
 * the name finds the (oldest) lineage, and the lineage's newest live version is
 * used, so a template edited since (a new version, perhaps renamed) still counts.
 */
async function organisationTemplateIds(db: DbClient): Promise<Map<TemplateKey, string>> {
  const named = await db.scorecardTemplate.findMany({
    where: { jobId: null, name: { in: defaultTemplates.map((t) => t.name) } },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: { name: true, lineageId: true },
  })
  const lineageOf = new Map<string, string>()
  for (const row of named) if (!lineageOf.has(row.name)) lineageOf.set(row.name, row.lineageId)
  const live = await db.scorecardTemplate.findMany({
    where: { jobId: null, archivedAt: null, lineageId: { in: [...lineageOf.values()] } },
    orderBy: { version: 'desc' },
    select: { id: true, lineageId: true },
  })
  const ids = new Map<TemplateKey, string>()
  for (const t of defaultTemplates) {
    const newest = live.find((row) => row.lineageId === lineageOf.get(t.name))
    if (newest) ids.set(t.key, newest.id)
  }
  return ids
}

/**
 * Rules every plan keeps: stage names are unique (the board and the timeline
 * name stages), and at most one OFFER stage, last, because hiring happens from
 * the offer and nothing of the process comes after it.
 */
export function checkPlanRules(stages: ReadonlyArray<Pick<StageSettings, 'name' | 'kind'>>, path: string): void {
  const names = new Set<string>()
  stages.forEach((s, i) => {
    const name = s.name.toLowerCase()
    if (name === '') throw invalidBody(`${path}/${i}/name`, 'a stage needs a name that is not blank')
    if (names.has(name)) throw invalidBody(`${path}/${i}/name`, 'two stages of a plan cannot have the same name')
    names.add(name)
    if (s.kind === 'OFFER' && i !== stages.length - 1) throw invalidBody(`${path}/${i}/kind`, 'an OFFER stage must be the last stage of the plan (at most one per plan)')
  })
}

/**
 * Templates must exist and belong to the organisation or to this job. An archived
 * template may stay where it already is, but is not newly assigned.
 */
export async function checkTemplates(db: DbClient, jobId: string | null, stages: StageSettings[], current: StageRow[], path: string): Promise<void> {
  const ids = [...new Set(stages.flatMap((s) => (s.templateId ? [s.templateId] : [])))]
  if (ids.length === 0) return
  const found = await db.scorecardTemplate.findMany({ where: { id: { in: ids } }, select: { id: true, jobId: true, archivedAt: true } })
  const inUse = new Set(current.map((s) => s.templateId))
  stages.forEach((s, i) => {
    if (!s.templateId) return
    const template = found.find((t) => t.id === s.templateId)
    if (!template) throw new Errors.NotFound(`Scorecard template ${s.templateId} (${path}/${i}/templateId)`)
    if (template.jobId !== null && template.jobId !== jobId) throw new Errors.Conflict(`scorecard template ${template.id} belongs to another job; a stage can use the organisation's templates or its own job's`)
    if (template.archivedAt && !inUse.has(template.id)) throw new Errors.Conflict(`scorecard template ${template.id} is archived and cannot be assigned to a stage`)
  })
}

/** Writes a new job's stages, positions 1…n. */
export async function createStages(tx: DbClient, jobId: string, stages: StageSettings[]): Promise<void> {
  await tx.stage.createMany({ data: stages.map((s, i) => ({ jobId, position: i + 1, ...s })) })
}

/** The live plan in order, each stage with the number of active applications it holds. */
export async function readPlan(db: DbClient, jobId: string) {
  const [stages, counts] = await Promise.all([
    db.stage.findMany({ where: { jobId, archivedAt: null }, orderBy: [{ position: 'asc' }, { id: 'asc' }], select: stageColumns }),
    db.application.groupBy({ by: ['stageId'], where: { jobId, status: 'ACTIVE' }, _count: { _all: true } }),
  ])
  const held = new Map(counts.map((c) => [c.stageId, c._count._all]))
  return stages.map((s) => ({ ...s, activeApplications: held.get(s.id) ?? 0 }))
}

/** A strong ETag over the plan's settings (not its application counts, which change with every move). */
export function planEtag(stages: ReadonlyArray<StageRow>): string {
  const canonical = stages.map((s) => [s.id, s.position, s.name, s.kind, s.templateId, s.requiredScorecards, s.slaDays])
  return `"${createHash('sha256').update(JSON.stringify(canonical)).digest('base64url').slice(0, 32)}"`
}

/**
 * Locks a job's row for a plan, team or status edit, so two edits of one job run
 * one after the other and positions never interleave. 404 when the job is unknown.
 * FOR NO KEY UPDATE, not FOR UPDATE: inserting an application still takes its
 * foreign-key lock on the job row, so applying never waits on (or deadlocks with)
 * a plan edit; a FOR SHARE taken by assertJobOpen does wait.
 */
export async function lockJob(tx: DbClient, jobId: string): Promise<void> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM jobs WHERE id = ${jobId}::uuid FOR NO KEY UPDATE`
  if (rows.length === 0) throw new Errors.NotFound('Job')
}

/**
 * For any write that puts an application into a stage (apply, advance, move):
 * call it in that write's transaction, before touching the application. It
 * share-locks the stage row: a plan edit holds every live stage of the job (see
 * replacePlan), so the write waits for the edit and then sees the stage archived
 * (409), or the edit waits for the write and then finds the application in the
 * stage and moves it or refuses. Locks go stage before application on both sides.
 */
export async function lockStageForEntry(tx: DbClient, jobId: string, stageId: string): Promise<void> {
  const rows = await tx.$queryRaw<{ name: string; archived: boolean }[]>`
    SELECT name, archived_at IS NOT NULL AS archived FROM stages WHERE id = ${stageId}::uuid AND job_id = ${jobId}::uuid FOR SHARE`
  const stage = rows[0]
  if (!stage) throw new Errors.NotFound('Stage')
  if (stage.archived) throw new Errors.Conflict(`stage ${stage.name} is no longer in the plan (archived)`)
}

/**
 * The same guard for a write made as one statement (no interactive transaction):
 * a CTE that share-locks the stage while it is live. It waits for a plan edit
 * holding the stage and, if the edit archived it, returns no row; make the
 * application UPDATE conditional on `EXISTS (SELECT 1 FROM <this CTE>)`.
 */
export function liveStageForEntry(jobId: string, stageId: string): Prisma.Sql {
  return Prisma.sql`SELECT id FROM stages WHERE id = ${stageId}::uuid AND job_id = ${jobId}::uuid AND archived_at IS NULL FOR SHARE`
}

export function createAssessmentPlansService(db: Db) {
  return {
    readPlan: (jobId: string) => readPlan(db, jobId),
    /** Replaces the live plan in one transaction; see replacePlan below. */
    replacePlan: (jobId: string, edit: PlanEdit, actor: Actor) =>
      // Moving many applications writes a few rows each: allow more than Prisma's 5 s default.
      db.$transaction((tx) => replacePlan(tx, jobId, edit, actor), { timeout: 60_000 }),
  }
}

export interface PlanEdit {
  stages: PlanStageInput[]
  removedStages?: RemovedStage[]
  /** The ETag the client read; when given and stale, 412. */
  ifMatch?: string
}

/**
 * Renames, re-orders, re-configures, adds and removes stages while applications
 * are in flight. Kept stages keep their id, so every application stays where it
 * is; a removed stage holding active applications is refused with the count
 * unless removedStages says where they go and why. Removed stages are archived,
 * never deleted: transitions, scorecards and decisions still point at them.
 */
async function replacePlan(tx: DbClient, jobId: string, edit: PlanEdit, actor: Actor) {
  await lockJob(tx, jobId)
  await lockLiveStages(tx, jobId)
  const current: StageRow[] = await tx.stage.findMany({ where: { jobId, archivedAt: null }, orderBy: [{ position: 'asc' }, { id: 'asc' }], select: stageColumns })
  if (edit.ifMatch !== undefined && edit.ifMatch !== planEtag(current)) {
    throw new Errors.PreconditionFailed('the plan has changed since you read it: read it again and reapply your edit')
  }
  const byId = new Map(current.map((s) => [s.id, s]))
  await checkStageIds(tx, jobId, edit.stages, byId)
  const next = edit.stages.map((s) => ({ id: s.id, ...settingsOf(s) }))
  checkPlanRules(next, '/stages')
  await checkTemplates(tx, jobId, next, current, '/stages')

  const kept = new Set(next.flatMap((s) => (s.id ? [s.id] : [])))
  const removed = current.filter((s) => !kept.has(s.id))
  const relocations = checkRemovals(edit.removedStages ?? [], byId, kept)
  const inFlight = await lockApplicationsIn(tx, removed.map((s) => s.id))
  const refused = removed.filter((s) => inFlight.some((a) => a.stageId === s.id) && !relocations.has(s.id))
  if (refused.length > 0) {
    const counts = refused.map((s) => `${s.name} holds ${inFlight.filter((a) => a.stageId === s.id).length} active application(s)`)
    throw new Errors.Conflict(`a stage that holds active applications cannot be removed: ${counts.join('; ')}. Keep it, or give removedStages[].moveApplicationsTo and a reason`)
  }

  const now = new Date()
  const changed: string[] = []
  const added: string[] = []
  for (const [i, s] of next.entries()) {
    const { id, ...settings } = s
    const position = i + 1
    if (!id) {
      added.push((await tx.stage.create({ data: { jobId, position, ...settings }, select: { id: true } })).id)
    } else if (differs(byId.get(id)!, { ...settings, position })) {
      await tx.stage.update({ where: { id }, data: { position, ...settings } })
      changed.push(id)
    }
  }
  for (const r of relocations.values()) {
    const moving = inFlight.filter((a) => a.stageId === r.id)
    if (moving.length > 0) await moveApplications(tx, moving, r, actor, now)
  }
  if (removed.length > 0) await tx.stage.updateMany({ where: { id: { in: removed.map((s) => s.id) } }, data: { archivedAt: now } })
  await recordAudit(tx, {
    action: 'job.plan_changed', actorId: actor.userId, entityType: 'job', entityId: jobId, jobId, requestId: actor.requestId,
    payload: { added, changed, removed: removed.map((s) => s.id), movedApplications: inFlight.length },
  })
  return readPlan(tx, jobId)
}

/** Every id in the edit must be a live stage of this job, listed once. */
async function checkStageIds(tx: DbClient, jobId: string, stages: PlanStageInput[], live: Map<string, StageRow>): Promise<void> {
  const seen = new Set<string>()
  for (const [i, s] of stages.entries()) {
    if (!s.id) continue
    if (seen.has(s.id)) throw invalidBody(`/stages/${i}/id`, 'the same stage is listed twice')
    seen.add(s.id)
    if (live.has(s.id)) continue
    const archived = await tx.stage.findFirst({ where: { id: s.id, jobId, archivedAt: { not: null } }, select: { id: true } })
    if (archived) throw new Errors.Conflict(`stage ${s.id} was removed from the plan earlier; add a new stage (without an id) instead`)
    throw new Errors.NotFound(`Stage ${s.id} of this job`)
  }
}

/** removedStages entries name removed stages, and send their applications to a stage that stays. */
function checkRemovals(entries: RemovedStage[], live: Map<string, StageRow>, kept: Set<string>): Map<string, RemovedStage> {
  const byStage = new Map<string, RemovedStage>()
  entries.forEach((r, i) => {
    if (!live.has(r.id)) throw new Errors.NotFound(`Stage ${r.id} of this job`)
    if (kept.has(r.id)) throw invalidBody(`/removedStages/${i}/id`, 'this stage is still in stages: leave it out of stages to remove it')
    if (byStage.has(r.id)) throw invalidBody(`/removedStages/${i}/id`, 'the same stage is listed twice')
    if (!kept.has(r.moveApplicationsTo)) {
      throw invalidBody(`/removedStages/${i}/moveApplicationsTo`, 'must be the id of an existing stage that stays in the plan')
    }
    byStage.set(r.id, { ...r, reason: r.reason.trim() })
  })
  return byStage
}

interface InFlight {
  id: string
  stageId: string
  emailOptOut: boolean
}

/**
 * Every live stage of the job, before any application: lockStageForEntry (FOR
 * SHARE) waits on it. FOR NO KEY UPDATE lets plain foreign-key checks (KEY SHARE)
 * through, so a move that skips lockStageForEntry still cannot deadlock with us.
 */
async function lockLiveStages(tx: DbClient, jobId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM stages WHERE job_id = ${jobId}::uuid AND archived_at IS NULL ORDER BY id FOR NO KEY UPDATE`
}

/** The active applications of the removed stages, locked so none moves in or out meanwhile. */
async function lockApplicationsIn(tx: DbClient, stageIds: string[]): Promise<InFlight[]> {
  if (stageIds.length === 0) return []
  return tx.$queryRaw<InFlight[]>`
    SELECT a.id, a.stage_id AS "stageId", (c.email_opt_out OR c.erased_at IS NOT NULL) AS "emailOptOut"
      FROM applications a JOIN candidates c ON c.id = a.candidate_id
     WHERE a.stage_id = ANY(${stageIds}::uuid[]) AND a.status = 'ACTIVE'
     ORDER BY a.id FOR NO KEY UPDATE OF a`
}

/**
 * Moves a removed stage's applications as any move is written (the moves
 * module's transitionEffects): new state, transition, audit event and outbox row
 * in one statement per application, all inside the plan edit's transaction.
 */
async function moveApplications(tx: DbClient, moving: InFlight[], r: RemovedStage, actor: Actor, at: Date): Promise<void> {
  // The stage moved to decides the e-mail as in any move: reaching the offer stage owes the offer e-mail.
  const { kind: toStageKind, job } = await tx.stage.findUniqueOrThrow({
    where: { id: r.moveApplicationsTo }, select: { kind: true, job: { select: { stageMovedEmails: true, rejectionEmailDelayHours: true } } },
  })
  for (const application of moving) {
    const effects = transitionEffects({
      kind: 'MOVED', fromStageId: r.id, toStageId: r.moveApplicationsTo, fromStatus: 'ACTIVE', toStatus: 'ACTIVE',
      reason: r.reason, overridden: false, actorId: actor.userId, requestId: actor.requestId, at,
      notification: { ...job, emailOptOut: application.emailOptOut, toStageKind },
      auditDetail: { cause: 'stage_removed' },
    })
    await tx.$executeRaw`
      WITH changed AS (
        UPDATE applications SET stage_id = ${r.moveApplicationsTo}::uuid, version = version + 1, stage_entered_at = ${at}, updated_at = ${at}
         WHERE id = ${application.id}::uuid
        RETURNING id, candidate_id, job_id, version
      ), ${effects}
      SELECT 1`
  }
}

function differs(before: StageRow, after: StageSettings & { position: number }): boolean {
  return (Object.keys(after) as (keyof typeof after)[]).some((k) => before[k] !== after[k])
}
