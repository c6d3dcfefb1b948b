import type pg from 'pg'
import type { Principal } from '../../../src/services/sessions.ts'
import type { RunningApi } from '../api-server.ts'

/** What every pair gets: the running API, a logged-in recruiter, the bench database and the run's settings. */
export interface PairContext {
  api: RunningApi
  /** "Bearer …" for the recruiter. */
  authorization: string
  principal: Principal
  databaseUrl: string
  /** For picking ids to request; not used while measuring. */
  db: pg.Pool
  connections: number
  /** The API's pool size; a bare server compared with it gets the same. */
  apiPool: number
  seconds: number
  warmupSeconds: number
  log: (line: string) => void
}

/** The API as load-runs see it: its origin and its pool. */
export const apiServer = (ctx: PairContext) => ({ origin: ctx.api.origin, pool: ctx.api.app.pg })
