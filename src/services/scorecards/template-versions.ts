import { v7 as uuidv7 } from 'uuid'
import type { DbClient } from '../../db/client.ts'
import { Errors } from '../../errors.ts'
import type { UpdateTemplateBody } from '../../schemas/scorecard-templates.ts'
import type { Actor } from '../assessment-plans.ts'
import { recordAudit } from '../audit.ts'
import type { Principal } from '../sessions.ts'
import { templateColumns, writeAttributes } from './template-content.ts'

interface LockedTemplate {
  id: string
  jobId: string | null
  lineageId: string
  version: number
  archived: boolean
}

/**
 * Edits a template. Unused, it changes in place. Once any scorecard (draft or
 * submitted) points at it, a new version of the same lineage is written instead
 * and this one is archived (superseded): every scorecard keeps the attributes it
 * was written against, and nobody's draft changes under them. Drafts stay on
 * the version they were started on; the live stages of DRAFT and OPEN jobs that
 * used the old version switch to the new one, so new scorecards use it. Stages
 * of CLOSED jobs keep the old one, as a record of how they were assessed.
 */
export async function reviseTemplate(tx: DbClient, principal: Principal, id: string, input: UpdateTemplateBody, actor: Actor) {
  const current = await lockTemplate(tx, id)
  await assertMayEdit(tx, principal, current)
  if (current.archived) {
    const newest = await tx.scorecardTemplate.findFirst({ where: { lineageId: current.lineageId }, orderBy: { version: 'desc' }, select: { id: true, version: true } })
    throw new Errors.Conflict(`version ${current.version} of this template has been superseded: edit the newest version, ${newest?.version} (${newest?.id})`)
  }
  const inUse = await tx.scorecard.count({ where: { templateId: id } })
  const audit = { actorId: actor.userId, entityType: 'scorecard_template', jobId: current.jobId, requestId: actor.requestId }
  if (inUse === 0) {
    await tx.scorecardAttribute.deleteMany({ where: { templateId: id } })
    await tx.scorecardTemplate.update({ where: { id }, data: templateColumns(input) })
    await writeAttributes(tx, id, input.attributes)
    await recordAudit(tx, { ...audit, action: 'scorecard_template.updated', entityId: id, payload: { version: current.version, attributes: input.attributes.map((a) => a.key) } })
    return { templateId: id, versioned: false, repointedStageIds: [] as string[] }
  }

  const newest = await tx.scorecardTemplate.aggregate({ where: { lineageId: current.lineageId }, _max: { version: true } })
  const version = (newest._max.version ?? current.version) + 1
  const templateId = uuidv7()
  await tx.scorecardTemplate.create({ data: { id: templateId, lineageId: current.lineageId, version, jobId: current.jobId, createdById: actor.userId, ...templateColumns(input) } })
  await writeAttributes(tx, templateId, input.attributes)
  await tx.scorecardTemplate.update({ where: { id }, data: { archivedAt: new Date() } })
  const repointed = await tx.$queryRaw<Array<{ id: string }>>`
    UPDATE stages s SET template_id = ${templateId}::uuid
      FROM jobs j
     WHERE j.id = s.job_id AND s.template_id = ${id}::uuid AND s.archived_at IS NULL AND j.status IN ('DRAFT', 'OPEN')
    RETURNING s.id`
  const repointedStageIds = repointed.map((s) => s.id)
  await recordAudit(tx, {
    ...audit, action: 'scorecard_template.versioned', entityId: templateId,
    payload: { previousTemplateId: id, version, scorecardsOnPrevious: inUse, repointedStageIds, attributes: input.attributes.map((a) => a.key) },
  })
  return { templateId, versioned: true, repointedStageIds }
}

/**
 * FOR NO KEY UPDATE: two edits of one template run one after the other, while
 * foreign-key checks (a stage or scorecard pointing here) are not blocked, so a
 * plan edit assigning this template cannot deadlock with us. A new draft takes
 * FOR SHARE (lockTemplateForNewScorecard), which does wait: the count of
 * scorecards taken under this lock stays true until the edit commits.
 */
async function lockTemplate(tx: DbClient, id: string): Promise<LockedTemplate> {
  const rows = await tx.$queryRaw<LockedTemplate[]>`
    SELECT id, job_id AS "jobId", lineage_id AS "lineageId", version, archived_at IS NOT NULL AS archived
      FROM scorecard_templates WHERE id = ${id}::uuid FOR NO KEY UPDATE`
  const template = rows[0]
  if (!template) throw new Errors.NotFound('Scorecard template')
  return template
}

/** Admins edit any template; a hiring manager only the templates of jobs they manage. Invisible answers 404. */
async function assertMayEdit(tx: DbClient, principal: Principal, template: LockedTemplate): Promise<void> {
  if (principal.role === 'ADMIN') return
  if (template.jobId === null) throw new Errors.Forbidden('edit organisation-wide templates (admins only)')
  const member = await tx.hiringTeamMember.findUnique({ where: { jobId_userId: { jobId: template.jobId, userId: principal.userId } }, select: { role: true } })
  if (!member) throw new Errors.NotFound('Scorecard template')
  if (member.role !== 'HIRING_MANAGER') throw new Errors.Forbidden("edit this job's templates (only its hiring managers and admins may)")
}
