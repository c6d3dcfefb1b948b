import { randomBytes } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/app.ts'
import { loadConfig, type Config } from '../../src/config.ts'

export interface RunningApi {
  app: FastifyInstance
  config: Config
  origin: string
  close: () => Promise<void>
}

/**
 * The real API (buildApp, every plugin and route) listening on 127.0.0.1 in
 * this process, silent, with a pool of `poolSize` connections to the bench
 * database and a throwaway JWT secret the bare baseline shares. Redis and SMTP
 * come from the environment or the local defaults; the bench needs neither to
 * answer (Redis only backs the login rate limit).
 */
export async function startApi(databaseUrl: string, poolSize: number): Promise<RunningApi> {
  const config = loadConfig({
    REDIS_URL: 'redis://127.0.0.1:6379',
    SMTP_URL: 'smtp://127.0.0.1:1025',
    ...process.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_MAX: String(poolSize),
    REDIS_PREFIX: `bench-${process.pid}`,
    JWT_SECRET: randomBytes(32).toString('hex'),
    // A token outlives the whole bench, so no request fails for an expired one.
    ACCESS_TOKEN_TTL_SECONDS: '86400',
  })
  const app = await buildApp(config)
  await app.listen({ host: '127.0.0.1', port: 0 })
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return { app, config, origin: `http://127.0.0.1:${port}`, close: () => app.close() }
}

/** Logs in through the API; returns the access token. */
export async function logIn(origin: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${origin}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) })
  if (!response.ok) throw new Error(`logging in as ${email} failed with ${response.status}: ${await response.text()}`)
  return ((await response.json()) as { accessToken: string }).accessToken
}
