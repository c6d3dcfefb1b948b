import { Type, type Static } from 'typebox'
import { Uuid } from './common.ts'
import { PageQuery } from './pagination.ts'

// Scorecard templates: what assessors rate (attributes in sections, each with
// behavioural anchors for the four rating levels) and the free-text questions.

const DateTime = Type.String({ format: 'date-time', pattern: '^(?!0000)[0-9]{4}-' })
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()])
/** Text with at least one non-blank character. */
const text = (maxLength: number, description?: string) => Type.String({ minLength: 1, maxLength, pattern: '\\S', ...(description ? { description } : {}) })

export const SectionName = Type.Enum(['TECHNICAL', 'PROBLEM_SOLVING', 'COMMUNICATION', 'CULTURE'], {
  description: 'TECHNICAL, PROBLEM_SOLVING, COMMUNICATION or CULTURE',
})
/** Keys are stable identifiers clients and revisions refer to: kebab-case. */
export const Key = Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', description: 'kebab-case, unique within the template' })

export const Anchors = Type.Object(
  { 1: text(2000), 2: text(2000), 3: text(2000), 4: text(2000) },
  { additionalProperties: false, description: 'What each rating looks like: 1 strong no, 2 no, 3 yes, 4 strong yes. All four are required.' },
)

export const TextField = Type.Object(
  { key: Key, label: text(500), required: Type.Boolean() },
  { additionalProperties: false },
)

export const AttributeInput = Type.Object(
  {
    key: Key,
    section: SectionName,
    name: text(200),
    description: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))),
    weight: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 100, description: 'Relative weight in the weighted score (> 0; 1 is ordinary; three decimals kept). Default 1.' })),
    guidingQuestions: Type.Optional(Type.Array(text(1000), { maxItems: 20 })),
    anchors: Anchors,
  },
  { additionalProperties: false, description: 'Attributes are shown (and positioned 1..n) in the order given.' },
)

const templateContent = {
  name: text(200),
  description: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))),
  attributes: Type.Array(AttributeInput, { minItems: 1, maxItems: 60 }),
  textFields: Type.Optional(Type.Array(TextField, { maxItems: 20, description: 'Free-text questions; required ones must be answered before submitting' })),
}

export const CreateTemplateBody = Type.Object(
  {
    ...templateContent,
    jobId: Type.Optional(Nullable(Uuid)),
  },
  { additionalProperties: false, description: 'Admins: organisation-wide (no jobId) or for a job. Hiring managers: for a job whose hiring manager they are (jobId required).' },
)

export const UpdateTemplateBody = Type.Object(templateContent, {
  additionalProperties: false,
  description: 'The whole template. When scorecards already use it, a new version is created instead (see the route description).',
})

export const Attribute = Type.Object({
  id: Uuid,
  key: Type.String(),
  section: SectionName,
  name: Type.String(),
  description: Nullable(Type.String()),
  weight: Type.Number(),
  position: Type.Integer(),
  guidingQuestions: Type.Array(Type.String()),
  anchors: Type.Object({ 1: Type.String(), 2: Type.String(), 3: Type.String(), 4: Type.String() }),
})

const summaryFields = {
  id: Uuid,
  lineageId: Type.String({ description: 'Shared by every version of the template' }),
  version: Type.Integer(),
  name: Type.String(),
  description: Nullable(Type.String()),
  jobId: Nullable(Uuid),
  createdById: Nullable(Uuid),
  archivedAt: Nullable(DateTime),
  createdAt: DateTime,
}

export const TemplateSummary = Type.Object({
  ...summaryFields,
  attributeCount: Type.Integer(),
})

export const Template = Type.Object({
  ...summaryFields,
  supersededBy: Nullable(Uuid),
  textFields: Type.Array(Type.Object({ key: Type.String(), label: Type.String(), required: Type.Boolean() })),
  sections: Type.Array(
    Type.Object({ section: SectionName, name: Type.String(), attributes: Type.Array(Attribute) }),
    { description: 'Sections in display order; only those with attributes' },
  ),
  ratingScale: Type.Array(Type.Object({ value: Type.Integer(), label: Type.String() }), {
    description: 'For every attribute and the overall recommendation; a null rating is "no opinion"',
  }),
})

export const ListTemplatesQuery = Type.Object(
  {
    ...PageQuery,
    jobId: Type.Optional(Uuid),
    scope: Type.Optional(Type.Enum(['organisation', 'job'], { description: 'organisation: templates for every job; job: job-specific ones' })),
    includeArchived: Type.Boolean({ default: false, description: 'Include superseded versions' }),
  },
  { additionalProperties: false },
)

export const AttributeLibrary = Type.Object({
  attributes: Type.Array(Type.Object({
    key: Type.String(),
    section: SectionName,
    name: Type.String(),
    description: Type.String(),
    weight: Type.Number(),
    guidingQuestions: Type.Array(Type.String()),
    anchors: Type.Object({ 1: Type.String(), 2: Type.String(), 3: Type.String(), 4: Type.String() }),
  })),
})

export type CreateTemplateBody = Static<typeof CreateTemplateBody>
export type UpdateTemplateBody = Static<typeof UpdateTemplateBody>
export type AttributeInput = Static<typeof AttributeInput>
export type TextField = Static<typeof TextField>
