// Reading a whole timeline through the API, page by page, for the timeline tests.
import type { FastifyInstance } from 'fastify'
import { bearer, type TestUser } from '../helpers/users.ts'

export interface Entry { at: string; kind: string; id: string; applicationId: string | null; actorId: string | null; stageId: string | null; detail: Record<string, unknown> }

/** Every entry of a timeline (`url` without a query), following its cursors `limit` at a time. */
export async function walk(app: FastifyInstance, user: TestUser, url: string, limit: number): Promise<Entry[]> {
  const entries: Entry[] = []
  let cursor: string | null = null
  do {
    const res = await app.inject({ method: 'GET', url: `${url}?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, headers: bearer(user) })
    if (res.statusCode !== 200) throw new Error(`timeline failed: ${res.statusCode} ${res.body}`)
    const page = res.json() as { items: Entry[]; nextCursor: string | null }
    entries.push(...page.items)
    cursor = page.nextCursor
  } while (cursor)
  return entries
}
