import type { DbClient } from '../../db/client.ts'
import type { AttributeDef, PanelScorecard } from './stage-aggregate.ts'

export interface StagePlan {
  id: string
  name: string
  position: number
  archived: boolean
  requiredScorecards: number
  template: { id: string; name: string; version: number } | null
  /** The template's attributes in order; null without a template. */
  attributes: AttributeDef[] | null
}

interface PlanRow extends Omit<StagePlan, 'template'> {
  templateId: string | null
  templateName: string | null
  templateVersion: number | null
}

/** Every stage of a job (archived ones too: history keeps them) with the attributes of the template it points to. */
export async function loadStagePlans(db: DbClient, jobId: string): Promise<StagePlan[]> {
  const rows = await db.$queryRaw<PlanRow[]>`
    SELECT st.id, st.name, st.position, st.archived_at IS NOT NULL AS archived, st.required_scorecards AS "requiredScorecards",
           t.id AS "templateId", t.name AS "templateName", t.version AS "templateVersion",
           CASE WHEN t.id IS NULL THEN NULL ELSE coalesce((
             SELECT json_agg(json_build_object('key', a.key, 'name', a.name, 'section', a.section, 'weight', a.weight::float8) ORDER BY a.position, a.key)
               FROM scorecard_attributes a WHERE a.template_id = t.id), '[]'::json) END AS attributes
      FROM stages st
      LEFT JOIN scorecard_templates t ON t.id = st.template_id
     WHERE st.job_id = ${jobId}::uuid
     ORDER BY st.position, st.id`
  return rows.map(({ templateId, templateName, templateVersion, ...stage }) => ({
    ...stage,
    template: templateId ? { id: templateId, name: templateName ?? '', version: templateVersion ?? 1 } : null,
  }))
}

export interface PanelRow extends PanelScorecard {
  applicationId: string
  stageId: string
}

/**
 * The SUBMITTED scorecards of some applications at some stages, each with its
 * ratings (and the attribute each rated, from the scorecard's own template
 * version), oldest submission first. Drafts never count.
 */
export async function loadPanels(db: DbClient, applicationIds: readonly string[], stageIds: readonly string[]): Promise<PanelRow[]> {
  if (applicationIds.length === 0 || stageIds.length === 0) return []
  return db.$queryRaw<PanelRow[]>`
    SELECT s.id, s.application_id AS "applicationId", s.stage_id AS "stageId", s.author_id AS "authorId", s.recommendation::int AS recommendation,
           coalesce(s.submitted_at, s.updated_at) AS "submittedAt",
           coalesce(json_agg(json_build_object('key', a.key, 'name', a.name, 'section', a.section, 'weight', a.weight::float8, 'rating', r.rating)
                             ORDER BY a.position, a.key) FILTER (WHERE r.id IS NOT NULL), '[]'::json) AS ratings
      FROM scorecards s
      LEFT JOIN scorecard_ratings r ON r.scorecard_id = s.id
      LEFT JOIN scorecard_attributes a ON a.id = r.attribute_id
     WHERE s.application_id = ANY(${[...applicationIds]}::uuid[]) AND s.stage_id = ANY(${[...stageIds]}::uuid[]) AND s.status = 'SUBMITTED'
     GROUP BY s.id
     ORDER BY coalesce(s.submitted_at, s.updated_at), s.id`
}
