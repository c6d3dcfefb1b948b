import { Compile } from 'typebox/compile'
import { Format } from 'typebox/format'
import { isKnownTimeZone } from '../lib/time-zones.ts'
import { findUnstorable } from '../plugins/app/input-guards.ts'
import { Errors } from '../errors.ts'
import { CreateCandidateBody } from '../schemas/candidates.ts'
import { normalizeSkills } from './candidates.ts'
import type { ImportRow } from './candidate-import-batch.ts'

// What a CSV file means: its header's columns, and each record turned into the
// API's own candidate input and validated by the same schema.


export function isCsvError(error: unknown): error is Error & { code: string } {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' && code.startsWith('CSV_')
}

// The columns a file may have, matched case-insensitively, ignoring spaces, "_" and "-".
const COLUMNS = ['firstName', 'lastName', 'email', 'phone', 'location', 'timeZone', 'skills', 'source', 'portfolioUrl', 'githubUrl', 'linkedinUrl'] as const
export type ImportColumn = (typeof COLUMNS)[number]
const byKey = new Map<string, ImportColumn>(COLUMNS.map((c) => [c.toLowerCase(), c]))
// Columns our own export writes that an import has no use for: accepted and skipped, so an export re-imports as is.
const IGNORED = new Set(['id', 'createdat', 'updatedat'])
const REQUIRED: ImportColumn[] = ['firstName', 'lastName', 'email']

// The API's Ajv knows this format (app.ts); TypeBox's own checker would pass any string as one.
Format.Set('time-zone', isKnownTimeZone)
const validCandidate = Compile(CreateCandidateBody)

/** The header as record keys for csv-parse (false skips a column); the usable columns are added to `used`. */
export function mapHeader(names: string[], used: ImportColumn[]): Array<ImportColumn | false> {
  const keys = names.map((name) => name.toLowerCase().replace(/[\s_-]/g, ''))
  const mapped = keys.map((key) => byKey.get(key) ?? (IGNORED.has(key) ? false : undefined))
  const unknown = names.filter((_, i) => mapped[i] === undefined)
  if (unknown.length) throw new Errors.ImportBadHeader(`unknown column(s) ${unknown.slice(0, 5).map((n) => JSON.stringify(n.slice(0, 40))).join(', ')}; known: ${COLUMNS.join(', ')}`)
  const columns = mapped.filter((c): c is ImportColumn => Boolean(c))
  const twice = columns.filter((c, i) => columns.indexOf(c) !== i)
  if (twice.length) throw new Errors.ImportBadHeader(`column(s) ${twice.join(', ')} appear more than once`)
  const missing = REQUIRED.filter((c) => !columns.includes(c))
  if (missing.length) throw new Errors.ImportBadHeader(`missing column(s) ${missing.join(', ')}`)
  used.push(...columns)
  return mapped as Array<ImportColumn | false>
}

/** A record as the API would take it (empty cells absent, skills split on ";"), validated by the same schema. */
export function toCandidateRow(record: Record<string, string>, line: number): ImportRow | { reason: string } {
  const input: Record<string, unknown> = {}
  for (const [column, value] of Object.entries(record)) {
    // A leading apostrophe before = + - @ is the formula guard our export adds: take it off.
    const cell = /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value
    if (cell === '') continue
    input[column] = column === 'skills' ? normalizeSkills(cell.split(';')) : cell
  }
  // What the route guards catch after validation (input-guards.ts) would fail this row's whole batch in PostgreSQL.
  const unstorable = findUnstorable(input)
  if (unstorable) return { reason: `${unstorable.path.slice(1)} ${unstorable.message}` }
  if (!validCandidate.Check(input)) {
    const reasons = [...validCandidate.Errors(input)].filter((e) => e.keyword !== 'boolean').slice(0, 3)
    return { reason: reasons.map((e) => `${describePath(e.instancePath, e.params)} ${e.message}`).join('; ') }
  }
  return { line, input, emailKey: input.email.toLowerCase() }
}

function describePath(instancePath: string, params: unknown): string {
  const required = (params as { requiredProperties?: string[] }).requiredProperties
  if (required?.length) return required.join(', ')
  return instancePath.replace(/^\//, '').replace(/\/\d+$/, '') || 'row'
}
