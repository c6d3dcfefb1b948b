import type { DbClient } from '../../db/client.ts'
import { invalidBody } from '../../errors.ts'
import { Prisma } from '../../generated/prisma/client.ts'
import type { AttributeSection } from '../../generated/prisma/enums.ts'
import { attributeSections, ratingScale } from '../../domain/default-scorecard.ts'
import type { TemplateTextField } from '../../domain/default-scorecard-templates.ts'
import type { AttributeInput, TextField } from '../../schemas/scorecard-templates.ts'

// A template's content as written (attribute rows, text fields) and as read
// (sections in display order). Shared by creating and versioning templates.

export interface TemplateContent {
  name: string
  description?: string | null
  attributes: AttributeInput[]
  textFields?: TextField[]
}

/** Rules JSON Schema cannot express: keys unique within the template, weights that survive DECIMAL(6,3). */
export function checkTemplateContent(content: TemplateContent): void {
  const keys = new Set<string>()
  content.attributes.forEach((a, i) => {
    if (keys.has(a.key)) throw invalidBody(`/attributes/${i}/key`, 'two attributes of a template cannot have the same key')
    keys.add(a.key)
    if (a.weight !== undefined && roundWeight(a.weight) <= 0) throw invalidBody(`/attributes/${i}/weight`, 'must be at least 0.001 (weights keep three decimals)')
  })
  const fields = new Set<string>()
  ;(content.textFields ?? []).forEach((f, i) => {
    if (fields.has(f.key)) throw invalidBody(`/textFields/${i}/key`, 'two text fields of a template cannot have the same key')
    fields.add(f.key)
  })
}

const roundWeight = (weight: number) => Math.round(weight * 1000) / 1000

/** Writes the attributes of a template, positioned 1..n in the order given. */
export async function writeAttributes(tx: DbClient, templateId: string, attributes: AttributeInput[]): Promise<void> {
  await tx.scorecardAttribute.createMany({
    data: attributes.map((a, i) => ({
      templateId, key: a.key, section: a.section, name: a.name.trim(), description: a.description ?? null,
      weight: roundWeight(a.weight ?? 1), position: i + 1, guidingQuestions: a.guidingQuestions ?? [], anchors: { ...a.anchors },
    })),
  })
}

export function templateColumns(content: TemplateContent) {
  return {
    name: content.name.trim(),
    description: content.description ?? null,
    textFields: (content.textFields ?? []).map((f) => ({ key: f.key, label: f.label.trim(), required: f.required })),
  }
}

/** The stored text fields, read defensively: the column is JSON. */
export function textFieldsOf(json: Prisma.JsonValue): TemplateTextField[] {
  if (!Array.isArray(json)) return []
  return json.flatMap((f) =>
    f && typeof f === 'object' && !Array.isArray(f) && typeof f.key === 'string' && typeof f.label === 'string'
      ? [{ key: f.key, label: f.label, required: f.required === true }]
      : [],
  )
}

const attributeColumns = {
  id: true, key: true, section: true, name: true, description: true, weight: true, position: true, guidingQuestions: true, anchors: true,
} as const

interface AttributeRow {
  id: string
  key: string
  section: AttributeSection
  name: string
  description: string | null
  weight: Prisma.Decimal
  position: number
  guidingQuestions: string[]
  anchors: Prisma.JsonValue
}

function anchorsOf(json: Prisma.JsonValue) {
  const a = json && typeof json === 'object' && !Array.isArray(json) ? json : {}
  const level = (n: string) => (typeof a[n] === 'string' ? a[n] : '')
  return { 1: level('1'), 2: level('2'), 3: level('3'), 4: level('4') }
}

export const attributeJson = (a: AttributeRow) => ({ ...a, weight: Number(a.weight), anchors: anchorsOf(a.anchors) })

/** A template as read: attributes grouped into sections in the scorecard's display order. */
export async function readTemplateContent(db: DbClient, templateId: string) {
  const [attributes, next] = await Promise.all([
    db.scorecardAttribute.findMany({ where: { templateId }, orderBy: [{ position: 'asc' }, { key: 'asc' }], select: attributeColumns }),
    db.$queryRaw<Array<{ id: string }>>`
      SELECT n.id FROM scorecard_templates t JOIN scorecard_templates n ON n.lineage_id = t.lineage_id AND n.version = t.version + 1
       WHERE t.id = ${templateId}::uuid`,
  ])
  const sections = attributeSections
    .map(({ section, name }) => ({ section, name, attributes: attributes.filter((a) => a.section === section).map(attributeJson) }))
    .filter((s) => s.attributes.length > 0)
  return { sections, supersededBy: next[0]?.id ?? null, ratingScale: ratingScale.map((r) => ({ ...r })) }
}
