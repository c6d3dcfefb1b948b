import type { Prisma } from '../../../src/generated/prisma/client.ts'
import { defaultAttribute } from '../../../src/domain/default-scorecard.ts'
import { defaultTemplates, type TemplateKey } from '../../../src/domain/default-scorecard-templates.ts'
import { uuidV7 } from '../uuid-v7.ts'

export interface TemplateRows {
  templates: Prisma.ScorecardTemplateCreateManyInput[]
  attributes: Prisma.ScorecardAttributeCreateManyInput[]
  templateIds: Record<TemplateKey, string>
}

/**
 * The default scorecard templates as organisation-wide rows (jobId null), each
 * the first version of its own lineage, with its attributes copied in: a
 * template owns its attributes so editing one never changes another.
 */
export function generateDefaultTemplates(createdById: string, at: Date): TemplateRows {
  const rows: TemplateRows = { templates: [], attributes: [], templateIds: {} as Record<TemplateKey, string> }
  for (const template of defaultTemplates) {
    const id = uuidV7(at)
    rows.templateIds[template.key] = id
    rows.templates.push({
      id, lineageId: id, version: 1, name: template.name, description: template.description,
      textFields: template.textFields.map((f) => ({ ...f })), createdById, createdAt: at,
    })
    template.attributes.forEach((use, index) => {
      const attribute = defaultAttribute(use.key)
      rows.attributes.push({
        id: uuidV7(at), templateId: id, key: attribute.key, section: attribute.section, name: attribute.name,
        description: attribute.description, weight: 'weight' in use ? use.weight : attribute.weight, position: index + 1,
        guidingQuestions: [...attribute.guidingQuestions], anchors: { ...attribute.anchors },
      })
    })
  }
  return rows
}
