import Handlebars from 'handlebars'
import type { NotificationKind } from '../generated/prisma/enums.ts'
import type { EmailContext } from './context.ts'
import { kindPolicies } from './kinds.ts'
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
// each job's overrides), so compiled ones are kept by source. Bounded: when
// full it starts over, which only costs recompiling what is in use.
// Two maps, escaped and raw, keyed by the source itself (no key string built per e-mail).
const compiled = { escaped: new Map<string, Compiled>(), raw: new Map<string, Compiled>() }
const CACHE_LIMIT = 1000

function compile(source: string, part: TemplatePart | 'footer'): Compiled {
  const cache = part === 'html' || part === 'footer' ? compiled.escaped : compiled.raw
  let template = cache.get(source)
  if (!template) {
    if (cache.size >= CACHE_LIMIT) cache.clear()
    template = handlebars.compile<EmailContext>(source, {
      // Only the HTML part is HTML: escaping entities in a subject or the plain
      // text would show "&amp;" to the reader.
      noEscape: part === 'subject' || part === 'text',
      knownHelpers: { if: true, unless: true },
      knownHelpersOnly: true,
    })
    cache.set(source, template)
  }
  return template
}

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
