// Like test/helpers/app.ts buildTestApp, but lets the test register extra routes
// between buildApp and ready (buildTestApp returns an app that is already ready).
import type { FastifyInstance, FastifyPluginAsync } from 'fastify'
import { buildApp } from '../../src/app.ts'
import type { Config } from '../../src/config.ts'
import { createTestDatabase } from '../helpers/database.ts'
import { testConfig } from '../helpers/config.ts'
import { deleteRedisKeys } from '../helpers/app.ts'

export async function buildAppWithExtraRoutes(
  t: { teardown(fn: () => unknown): void },
  env: Record<string, string>,
  extraRoutes: FastifyPluginAsync,
): Promise<{ app: FastifyInstance; config: Config }> {
  const database = await createTestDatabase()
  const config = testConfig(database.url, env)
  let app: FastifyInstance | undefined
  t.teardown(async () => {
    await app?.close()
    await database.drop()
    await deleteRedisKeys(config)
  })
  app = await buildApp(config, { fastify: { logger: false } })
  await app.register(extraRoutes)
  await app.ready()
  return { app, config }
}
