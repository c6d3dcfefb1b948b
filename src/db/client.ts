import { createHash } from 'node:crypto'
import pg from 'pg'
import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient, type Prisma } from '../generated/prisma/client.ts'
import type { Config } from '../config.ts'

export type Db = PrismaClient
/** A client or an open interactive transaction: services accept either, so one request's writes can share one transaction. */
export type DbClient = Omit<PrismaClient, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>

type PoolSettings = Pick<Config, 'DATABASE_URL' | 'DATABASE_POOL_MAX' | 'DATABASE_CONNECT_TIMEOUT_MS' | 'DATABASE_STATEMENT_TIMEOUT_MS'>

/**
 * The pg pool, with explicit limits: adapter-pg's defaults wait forever for a
 * connection. connectionTimeoutMillis bounds both opening a connection and
 * waiting for a free one when the pool is full.
 */
export function createPool(config: PoolSettings, applicationName = 'shortlist'): pg.Pool {
  const pool = new pg.Pool({
    connectionString: config.DATABASE_URL,
    max: config.DATABASE_POOL_MAX,
    connectionTimeoutMillis: config.DATABASE_CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
    statement_timeout: config.DATABASE_STATEMENT_TIMEOUT_MS,
    application_name: applicationName,
  })
  // An idle connection that dies (a server restart, an administrator ending it)
  // is dropped from the pool and replaced on next use; unhandled, pg would
  // crash the process over it. Queries in flight still get their own error.
  pool.on('error', () => {})
  return pool
}

/** Prisma over a pg pool (its own, or one the caller shares and closes). */
export function createPrismaClient(config: PoolSettings, applicationName = 'shortlist', pool?: pg.Pool): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg(pool ?? createPool(config, applicationName)) })
}

/**
 * Runs one Prisma.sql statement directly on the pg pool Prisma uses (or on one
 * of its clients, inside a transaction). Only for the hot paths: the session
 * check on every request, one application, the board, search, the e-mail
 * batch, stage moves. Prisma's raw-query path costs about a fifth of the API's CPU there,
 * measured by `npm run bench`. Same SQL, same parameters, same pool; rows come
 * back as pg types (int4 as number, timestamptz as Date).
 */
export async function queryRows<T>(db: pg.Pool | pg.PoolClient, statement: Prisma.Sql, preparedAs?: string): Promise<T[]> {
  // A name makes it a prepared statement on each connection: parsed and planned
  // once, not per call (one name per distinct text). For these reads planning
  // cost as much as executing.
  const result = await db.query(preparedAs ? { name: preparedAs, text: statement.text, values: statement.values } : { text: statement.text, values: statement.values })
  return result.rows as T[]
}

/**
 * A prepared statement's name for one shape of a statement built from parts
 * (optional filters or clauses change its text; values are parameters): each
 * connection plans a shape once, and two shapes never share a name. Hashing
 * costs a few microseconds, so statements of one fixed text (the session
 * check, one application, the board) take a fixed name instead; pg refuses a
 * name reused for other text, so a clash could not pass unnoticed.
 */
export function preparedNameOf(prefix: string, statement: Prisma.Sql): string {
  return `${prefix}_${createHash('sha1').update(statement.text).digest('base64url').slice(0, 16)}`
}

/**
 * Where a service's hand-written SQL runs when it may be either a hot path or
 * part of a larger transaction: on the pool as prepared statements
 * (`poolRows`), or on a Prisma client or interactive transaction (`prismaRows`,
 * unprepared), so its rows commit with the rest of that transaction.
 */
export type SqlRows = <T>(statement: Prisma.Sql, preparedAs: string) => Promise<T[]>

export const poolRows = (pool: pg.Pool): SqlRows => <T>(statement: Prisma.Sql, preparedAs: string) => queryRows<T>(pool, statement, preparedAs)

export const prismaRows = (db: DbClient): SqlRows => <T>(statement: Prisma.Sql) => db.$queryRaw<T[]>(statement)
