import { v7 as uuidv7 } from 'uuid'
import type { Db, DbClient } from '../db/client.ts'
import type { Prisma } from '../generated/prisma/client.ts'
import { defaultAttributes } from '../domain/default-scorecard.ts'
import { Errors, invalidBody } from '../errors.ts'
import type { CreateTemplateBody, UpdateTemplateBody } from '../schemas/scorecard-templates.ts'
import type { Actor } from './assessment-plans.ts'
import { recordAudit } from './audit.ts'
import { visibleJobs } from './job-access.ts'
import type { Principal } from './sessions.ts'
import { checkTemplateContent, readTemplateContent, templateColumns, textFieldsOf, writeAttributes } from './scorecards/template-content.ts'
import { reviseTemplate } from './scorecards/template-versions.ts'

const summaryColumns = {
  id: true, lineageId: true, version: true, name: true, description: true, jobId: true, createdById: true, archivedAt: true, createdAt: true,
} as const

/** Templates anyone may read: the organisation's, and those of the jobs they can see. */
export function visibleTemplates(principal: Principal): Prisma.ScorecardTemplateWhereInput {
  return { OR: [{ jobId: null }, { job: visibleJobs(principal) }] }
}

/**
 * Who may write a template for a job (or, with no job, for the organisation):
 * admins always; a hiring manager only for a job whose hiring manager they are.
 * A job the caller cannot see answers 404, like an unknown one.
 */
export async function assertMayWriteTemplate(db: DbClient, principal: Principal, jobId: string | null, path: string): Promise<void> {
  if (principal.role === 'ADMIN') {
    if (jobId && !(await db.job.findUnique({ where: { id: jobId }, select: { id: true } }))) throw new Errors.NotFound('Job')
    return
  }
  if (!jobId) throw invalidBody(path, 'hiring managers write templates for a job they manage: give its jobId (organisation-wide templates are for admins)')
  const member = await db.hiringTeamMember.findUnique({ where: { jobId_userId: { jobId, userId: principal.userId } }, select: { role: true } })
  if (!member) throw new Errors.NotFound('Job')
  if (member.role !== 'HIRING_MANAGER') throw new Errors.Forbidden("write templates for this job (only its hiring managers and admins may)")
}

export interface TemplateListQuery {
  limit: number
  after?: string
  jobId?: string
  scope?: 'organisation' | 'job'
  includeArchived: boolean
}

/** Scorecard templates: reading, creating and editing (which versions a template in use). */
export function createScorecardTemplatesService(db: Db) {
  async function getTemplate(principal: Principal, id: string) {
    const template = await db.scorecardTemplate.findFirst({ where: { id, ...visibleTemplates(principal) }, select: { ...summaryColumns, textFields: true } })
    if (!template) throw new Errors.NotFound('Scorecard template')
    return { ...template, textFields: textFieldsOf(template.textFields), ...(await readTemplateContent(db, id)) }
  }

  /** Newest first, keyset-paginated on the time-ordered id. Superseded versions only on request. */
  async function listTemplates(principal: Principal, query: TemplateListQuery) {
    const where: Prisma.ScorecardTemplateWhereInput = {
      AND: [
        visibleTemplates(principal),
        query.includeArchived ? {} : { archivedAt: null },
        query.jobId ? { jobId: query.jobId } : {},
        query.scope === 'organisation' ? { jobId: null } : query.scope === 'job' ? { jobId: { not: null } } : {},
        query.after ? { id: { lt: query.after } } : {},
      ],
    }
    const rows = await db.scorecardTemplate.findMany({
      where, orderBy: { id: 'desc' }, take: query.limit + 1, select: { ...summaryColumns, _count: { select: { attributes: true } } },
    })
    const hasMore = rows.length > query.limit
    const items = (hasMore ? rows.slice(0, query.limit) : rows).map(({ _count, ...t }) => ({ ...t, attributeCount: _count.attributes }))
    return { items, next: hasMore ? items[items.length - 1]!.id : null }
  }

  async function createTemplate(principal: Principal, input: CreateTemplateBody, actor: Actor) {
    checkTemplateContent(input)
    const jobId = input.jobId ?? null
    const id = uuidv7()
    await db.$transaction(async (tx) => {
      await assertMayWriteTemplate(tx, principal, jobId, '/jobId')
      // The first version of a new lineage: its id names the lineage.
      await tx.scorecardTemplate.create({ data: { id, lineageId: id, version: 1, jobId, createdById: actor.userId, ...templateColumns(input) } })
      await writeAttributes(tx, id, input.attributes)
      await recordAudit(tx, {
        action: 'scorecard_template.created', actorId: actor.userId, entityType: 'scorecard_template', entityId: id, jobId, requestId: actor.requestId,
        payload: { version: 1, attributes: input.attributes.map((a) => a.key), textFields: (input.textFields ?? []).map((f) => f.key) },
      })
    })
    return getTemplate(principal, id)
  }

  async function updateTemplate(principal: Principal, id: string, input: UpdateTemplateBody, actor: Actor) {
    checkTemplateContent(input)
    const result = await db.$transaction((tx) => reviseTemplate(tx, principal, id, input, actor))
    return { ...result, template: await getTemplate(principal, result.templateId) }
  }

  /** The shipped default attributes, to copy into templates. */
  const attributeLibrary = () => ({
    attributes: defaultAttributes.map((a) => ({ ...a, guidingQuestions: [...a.guidingQuestions], anchors: { ...a.anchors } })),
  })

  return { getTemplate, listTemplates, createTemplate, updateTemplate, attributeLibrary }
}
