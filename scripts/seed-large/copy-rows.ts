import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'

/** A JSON value for a json/jsonb column (plain objects would be ambiguous with arrays of text). */
export class Json {
  constructor(readonly value: unknown) {}
}

/** What a generator may put in a COPY field: text[] for arrays, Json for json columns. */
export type CopyValue = string | number | boolean | Date | null | readonly string[] | Json

/** Rows are batched into chunks of about this size: one socket write per chunk, not per row. */
const CHUNK_CHARS = 256 * 1024

// COPY's text format: tab-separated, \N for NULL, and backslash escapes for the
// characters that would end a field or a line.
const SPECIAL = /[\\\n\r\t]/
const SPECIALS = /[\\\n\r\t]/g
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' }
const escapeText = (text: string) => (SPECIAL.test(text) ? text.replace(SPECIALS, (c) => ESCAPES[c]!) : text)

/** A PostgreSQL array literal: every element quoted, so commas, braces and spaces inside need no thought. */
const arrayLiteral = (items: readonly string[]) => `{${items.map((item) => `"${item.replace(/["\\]/g, '\\$&')}"`).join(',')}}`

export function encodeField(value: CopyValue): string {
  if (value === null) return '\\N'
  if (typeof value === 'string') return escapeText(value)
  if (typeof value === 'number') return String(value)
  if (typeof value === 'boolean') return value ? 't' : 'f'
  if (value instanceof Date) return value.toISOString()
  if (value instanceof Json) return escapeText(JSON.stringify(value.value))
  return escapeText(arrayLiteral(value))
}

export const encodeRow = (row: readonly CopyValue[]) => `${row.map(encodeField).join('\t')}\n`

function* chunks(rows: Iterable<readonly CopyValue[]>, counter: { rows: number }): Generator<string> {
  let chunk = ''
  for (const row of rows) {
    chunk += encodeRow(row)
    counter.rows++
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk
      chunk = ''
    }
  }
  if (chunk) yield chunk
}

/**
 * Streams rows into `table` with COPY FROM STDIN. The rows come from a
 * generator and are pulled only as fast as PostgreSQL takes them (stream
 * backpressure), so memory stays flat whatever the row count. Returns the count.
 */
export async function copyRows(client: pg.ClientBase, table: string, columns: readonly string[], rows: Iterable<readonly CopyValue[]>): Promise<number> {
  const counter = { rows: 0 }
  const quoted = columns.map((c) => `"${c}"`).join(', ')
  await pipeline(Readable.from(chunks(rows, counter)), client.query(copyFrom(`COPY "${table}" (${quoted}) FROM STDIN`)))
  return counter.rows
}
