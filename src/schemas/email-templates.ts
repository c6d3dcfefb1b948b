import { Type } from 'typebox'
import { templateVariables } from '../email/template-source.ts'
import { Uuid } from './common.ts'
import { NotificationKindName } from './notifications.ts'

const variables = `Variables: ${templateVariables.map((v) => `{{${v}}}`).join(', ')}; blocks: {{#if …}} and {{#unless …}}. Every variable is escaped in the HTML part; {{{…}}} is refused.`

export const TemplateBody = Type.Object(
  {
    subject: Type.String({ minLength: 1, maxLength: 300, description: `One line of plain text. ${variables}` }),
    html: Type.String({ minLength: 1, maxLength: 50_000, description: 'The body as an HTML fragment; the layout (language, phone width, colours, footer) is added around it.' }),
    text: Type.String({ minLength: 1, maxLength: 50_000, description: 'The same words as plain text.' }),
  },
  { additionalProperties: false },
)

export const JobKindParams = Type.Object({ id: Uuid, kind: NotificationKindName }, { additionalProperties: false })

export const JobTemplate = Type.Object({
  kind: NotificationKindName,
  audience: Type.Enum(['candidate', 'team']),
  optional: Type.Boolean({ description: 'Optional e-mails are not sent to candidates who opted out of them' }),
  overridden: Type.Boolean({ description: 'Whether the job has its own template for this kind' }),
  subject: Type.String(),
  html: Type.String(),
  text: Type.String(),
  updatedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
})

export const EmailPreview = Type.Object({
  kind: NotificationKindName,
  to: Type.Union([Type.String(), Type.Null()]),
  overridden: Type.Boolean(),
  sample: Type.Boolean({ description: 'True when sample interview or link details stand in for ones the application does not have' }),
  subject: Type.String(),
  html: Type.String(),
  text: Type.String(),
})
