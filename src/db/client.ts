import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient } from '../generated/prisma/client.ts'
import type { Config } from '../config.ts'

export type Db = PrismaClient
/** A client or an open interactive transaction: services accept either, so one request's writes can share one transaction. */
export type DbClient = Omit<PrismaClient, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>

type PoolSettings = Pick<Config, 'DATABASE_URL' | 'DATABASE_POOL_MAX' | 'DATABASE_CONNECT_TIMEOUT_MS' | 'DATABASE_STATEMENT_TIMEOUT_MS'>

/**
 * The pg pool behind Prisma, with explicit limits: adapter-pg's defaults wait
 * forever for a connection. connectionTimeoutMillis bounds both opening a
 * connection and waiting for a free one when the pool is full.
 */
export function createPrismaClient(config: PoolSettings, applicationName = 'shortlist'): PrismaClient {
  const adapter = new PrismaPg({
    connectionString: config.DATABASE_URL,
    max: config.DATABASE_POOL_MAX,
    connectionTimeoutMillis: config.DATABASE_CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
    statement_timeout: config.DATABASE_STATEMENT_TIMEOUT_MS,
    application_name: applicationName,
  })
  return new PrismaClient({ adapter })
}
