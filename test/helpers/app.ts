import type { FastifyInstance } from 'fastify'
import { Redis } from 'ioredis'
import { buildApp } from '../../src/app.ts'
import type { Config } from '../../src/config.ts'
import { createTestDatabase } from './database.ts'
import { testConfig } from './config.ts'

interface Teardown {
  teardown(fn: () => unknown): void
}

export interface TestApp {
  app: FastifyInstance
  config: Config
}

/** Builds the real app on its own cloned database and Redis prefix; cleans both up when the test ends. */
export async function buildTestApp(t: Teardown, env: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase()
  const config = testConfig(database.url, env)
  const app = await buildApp(config, { fastify: { logger: false } })
  await app.ready()
  t.teardown(async () => {
    await app.close()
    await database.drop()
    await deleteRedisKeys(config)
  })
  return { app, config }
}

export async function deleteRedisKeys(config: Pick<Config, 'REDIS_URL' | 'REDIS_PREFIX'>): Promise<void> {
  const redis = new Redis(config.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 })
  try {
    await redis.connect()
    let cursor = '0'
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${config.REDIS_PREFIX}:*`, 'COUNT', 500)
      if (keys.length) await redis.unlink(...keys)
      cursor = next
    } while (cursor !== '0')
  } finally {
    redis.disconnect()
  }
}
