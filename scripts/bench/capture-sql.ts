import pg from 'pg'

/** One statement as it reached the pg driver: the SQL text, its bound values and, when it was a prepared statement, its name. */
export interface CapturedStatement {
  text: string
  values: unknown[]
  name?: string
}

type QueryArgs = [config: string | { text?: string; values?: unknown[]; name?: string }, values?: unknown]

let capturing: CapturedStatement[] | null = null
const originalQuery = pg.Client.prototype.query

/**
 * Runs `work` and records every statement sent through the pg driver meanwhile
 * (Prisma's adapter and our own code both end in pg.Client#query). The bench's
 * baselines replay exactly these statements, so "the same SQL as the API" is
 * true by construction rather than by copying SQL text that could drift. Only
 * one capture at a time, with nothing else querying in the process.
 */
export async function captureStatements<T>(work: () => Promise<T>): Promise<{ result: T; statements: CapturedStatement[] }> {
  if (capturing) throw new Error('a capture is already running')
  const statements: CapturedStatement[] = []
  capturing = statements
  pg.Client.prototype.query = function (this: pg.Client, ...args: QueryArgs) {
    const [config, values] = args
    if (capturing) {
      if (typeof config === 'string') capturing.push({ text: config, values: Array.isArray(values) ? [...values] : [] })
      else if (config && typeof config.text === 'string') {
        capturing.push({ text: config.text, values: [...(config.values ?? [])], ...(config.name ? { name: config.name } : {}) })
      }
    }
    return (originalQuery as (...a: QueryArgs) => unknown).apply(this, args)
  } as typeof pg.Client.prototype.query
  try {
    return { result: await work(), statements }
  } finally {
    pg.Client.prototype.query = originalQuery
    capturing = null
  }
}

/** The statements with every occurrence of one bound value replaced (e.g. another application's id). */
export function withValue(statements: CapturedStatement[], from: unknown, to: unknown): CapturedStatement[] {
  return statements.map((s) => ({ ...s, values: s.values.map((v) => (v === from ? to : v)) }))
}
