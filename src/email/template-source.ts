import Handlebars from 'handlebars'

/** An e-mail template: Handlebars sources for the subject, the HTML body and the plain-text body. */
export interface TemplateSource {
  subject: string
  html: string
  text: string
}

export type TemplatePart = keyof TemplateSource

/**
 * The variables a template may use. Every one is filled for every kind (null
 * where it does not apply, e.g. `interview.*` in a rejection), so a template
 * that passes `checkTemplate` renders for any notification.
 */
export const templateVariables = [
  'company.name',
  'recipient.name',
  'recipient.firstName',
  'candidate.firstName',
  'candidate.fullName',
  'job.title',
  'job.location',
  'stage.name',
  'interview.when',
  'interview.duration',
  'interview.location',
  'interview.videoUrl',
  'interview.timeZone',
  'interview.rescheduleUrl',
  'interview.cancelUrl',
  'link.url',
  'link.expires',
  'application.url',
  'panelist.name',
] as const

const allowed = new Set<string>(templateVariables)
// Objects that may be null, usable as `{{#if interview}}`.
for (const name of templateVariables) allowed.add(name.split('.')[0]!)

/** Block helpers a template may use; anything else (partials, custom helpers, `{{{raw}}}`) is refused. */
const blockHelpers = new Set(['if', 'unless'])

export interface TemplateProblem {
  part: TemplatePart
  message: string
}

/**
 * Checks a template before it is stored: it parses, uses only known variables
 * and `if`/`unless`, and never outputs unescaped (`{{{…}}}`, `{{&…}}`). A job's
 * template is written by a recruiter, but its variables hold what candidates
 * typed; refusing raw output here is what keeps every variable escaped.
 */
export function checkTemplate(source: TemplateSource): TemplateProblem[] {
  const problems: TemplateProblem[] = []
  for (const part of ['subject', 'html', 'text'] as const) {
    let program: hbs.AST.Program
    try {
      program = Handlebars.parse(source[part])
    } catch (error) {
      problems.push({ part, message: firstLine((error as Error).message) })
      continue
    }
    walk(program, (message) => problems.push({ part, message }))
  }
  return problems
}

type Node = hbs.AST.Node & Record<string, unknown>

// Handlebars compiles and renders nested blocks by recursion: a template nested
// a thousand deep parses, but rendering it overflows the stack, so every e-mail
// of that kind would fail at send time. No real e-mail nests this deep.
const MAX_BLOCK_DEPTH = 16

function walk(program: hbs.AST.Program, report: (message: string) => void, depth = 0): void {
  for (const node of program.body as Node[]) {
    switch (node.type) {
      case 'ContentStatement':
      case 'CommentStatement':
        break
      case 'MustacheStatement': {
        const m = node as unknown as hbs.AST.MustacheStatement
        if (!m.escaped) report(`${describe(m.path)} is output unescaped: use {{${describe(m.path)}}}`)
        if (m.params.length || m.hash) report(`{{${describe(m.path)} …}} calls a helper: templates use variables and {{#if}}/{{#unless}} only`)
        else checkVariable(m.path, report)
        break
      }
      case 'BlockStatement': {
        const b = node as unknown as hbs.AST.BlockStatement
        const helper = describe(b.path)
        if (!blockHelpers.has(helper)) report(`{{#${helper}}} is not available: templates use {{#if}} and {{#unless}} only`)
        else if (b.params.length !== 1 || b.hash) report(`{{#${helper}}} takes one variable`)
        else checkVariable(b.params[0]!, report)
        if (depth + 1 > MAX_BLOCK_DEPTH) {
          report(`{{#if}}/{{#unless}} blocks are nested more than ${MAX_BLOCK_DEPTH} deep`)
          break
        }
        if (b.program) walk(b.program, report, depth + 1)
        if (b.inverse) walk(b.inverse, report, depth + 1)
        break
      }
      default:
        report(`${node.type.replace(/Statement$/, '').toLowerCase()}s are not available in e-mail templates`)
    }
  }
}

function checkVariable(expression: hbs.AST.Expression, report: (message: string) => void): void {
  const name = describe(expression)
  if (expression.type !== 'PathExpression' || !allowed.has(name)) report(`unknown variable ${name}: use one of ${templateVariables.join(', ')}`)
}

const describe = (expression: hbs.AST.Expression): string =>
  expression.type === 'PathExpression' ? (expression as hbs.AST.PathExpression).original : String((expression as hbs.AST.Literal & { original?: unknown }).original ?? expression.type)

const firstLine = (message: string) => message.split('\n')[0]!.trim()
