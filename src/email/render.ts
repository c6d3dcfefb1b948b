import Handlebars from 'handlebars'
import type { NotificationKind } from '../generated/prisma/enums.ts'
import type { EmailContext } from './context.ts'
import { kindPolicies } from './kinds.ts'
import { boundedMemo } from '../lib/bounded-memo.ts'
import { footers, htmlDocument, textDocument } from './layout.ts'
import type { TemplatePart, TemplateSource } from './template-source.ts'

export interface RenderedEmail {
  subject: string
  html: string
  text: string
}

// A private Handlebars environment: nothing registered globally can reach it.
const handlebars = Handlebars.create()
type Compiled = (context: EmailContext) => string

// Compiling is the costly step and templates repeat (a handful of defaults and
// each job's overrides), so compiled ones are kept by source, escaped and raw apart.
const compiler = (noEscape: boolean) => boundedMemo((source): Compiled =>
  handlebars.compile<EmailContext>(source, { noEscape, knownHelpers: { if: true, unless: true }, knownHelpersOnly: true }))
const compiled = { escaped: compiler(false), raw: compiler(true) }

// Only the HTML part is HTML: escaping entities in a subject or the plain text would show "&amp;" to the reader.
const compile = (source: string, part: TemplatePart | 'footer'): Compiled =>
  (part === 'html' || part === 'footer' ? compiled.escaped : compiled.raw)(source)

/**
 * Renders an e-mail: the subject as one line of plain text, the HTML body in
 * the accessible layout, the text body with the same words. Templates are
 * checked before they are stored (`checkTemplate`), so every variable in the
 * HTML is escaped.
 */
export function renderEmail(kind: NotificationKind, source: TemplateSource, context: EmailContext): RenderedEmail {
  const footer = footers[kindPolicies[kind].audience]
  // A header is one line: collapsing whitespace also removes any CR/LF a value carried.
  const subject = compile(source.subject, 'subject')(context).replace(/\s+/g, ' ').trim()
  const escapedSubject = Handlebars.escapeExpression(subject)
  return {
    subject,
    html: htmlDocument({ subject: escapedSubject, body: compile(source.html, 'html')(context), footer: compile(footer.html, 'footer')(context) }),
    text: textDocument({ body: compile(source.text, 'text')(context), footer: compile(footer.text, 'text')(context) }),
  }
}
