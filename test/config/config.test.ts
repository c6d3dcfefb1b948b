// Configuration: loadConfig validates the environment it is given and names
// every bad variable; the real server refuses to start on a bad environment,
// and on SIGTERM it finishes the requests in flight, then exits 0.
import t from 'tap'
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { ConfigError, loadConfig } from '../../src/config.ts'
import { hashOpaqueToken } from '../../src/auth/opaque-tokens.ts'
import { hashPassword } from '../../src/auth/passwords.ts'
import { deleteRedisKeys } from '../helpers/app.ts'
import { createTestDatabase } from '../helpers/database.ts'
import { redisUrl, smtpUrl } from '../helpers/environment.ts'
import { freePort } from '../helpers/waiting.ts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')

const required = {
  DATABASE_URL: 'postgresql://user:pass@127.0.0.1:5432/db',
  REDIS_URL: 'redis://127.0.0.1:6379',
  SMTP_URL: 'smtp://127.0.0.1:1025',
  JWT_SECRET: 'a-secret-of-at-least-thirty-two-characters',
}

/** Runs loadConfig and returns the ConfigError it throws (failing the test if it does not). */
function configError(t: Pick<typeof import('tap').t, 'fail' | 'type'>, env: Record<string, string | undefined>): string {
  try {
    loadConfig(env)
  } catch (error) {
    t.type(error, ConfigError, 'throws a ConfigError')
    return (error as Error).message
  }
  t.fail('loadConfig accepted the environment')
  return ''
}

t.test('loadConfig', async (t) => {
  t.test('each missing required variable is named', async (t) => {
    for (const name of Object.keys(required)) {
      const env: Record<string, string> = { ...required }
      delete env[name]
      const message = configError(t, env)
      t.match(message, new RegExp(`\\b${name}: is required`), `${name} is named as required`)
      t.notMatch(message, /\bat \S+:\d+:\d+/, 'the message carries no stack trace')
    }
    const none = configError(t, {})
    for (const name of Object.keys(required)) t.match(none, name, `with nothing set, ${name} is among the ones named`)
  })

  t.test('malformed values are named with what is wrong', async (t) => {
    const cases: Array<[string, string, RegExp]> = [
      ['PORT', 'eighty', /PORT: must be integer/],
      ['PORT', '70000', /PORT: must be <= 65535/],
      ['PORT', '-1', /PORT: must be >= 0/],
      ['DATABASE_URL', 'mysql://user@host/db', /DATABASE_URL: must match pattern/],
      ['DATABASE_URL', '', /DATABASE_URL/],
      ['REDIS_URL', 'http://127.0.0.1:6379', /REDIS_URL: must match pattern/],
      ['JWT_SECRET', 'too-short', /JWT_SECRET: must NOT have fewer than 32 characters/],
      ['NODE_ENV', 'staging', /NODE_ENV/],
      ['LOG_LEVEL', 'loud', /LOG_LEVEL/],
      ['BODY_LIMIT_BYTES', '10', /BODY_LIMIT_BYTES: must be >= 1024/],
    ]
    for (const [name, value, expected] of cases) {
      const message = configError(t, { ...required, [name]: value })
      t.match(message, expected, `${name}=${JSON.stringify(value)} is reported`)
    }
  })

  t.test('each bad variable is reported once, and a list of allowed values names them', async (t) => {
    const message = configError(t, { ...required, LOG_LEVEL: 'loud' })
    const lines = message.split('\n').filter((l) => l.includes('LOG_LEVEL'))
    t.equal(lines.length, 1, `LOG_LEVEL appears on one line (got ${lines.length}: ${JSON.stringify(lines)})`)
    t.match(message, /debug/, 'the allowed levels are listed')
  })

  t.test('all problems are reported at once', async (t) => {
    const message = configError(t, { ...required, PORT: 'x', JWT_SECRET: 'short', REDIS_URL: undefined })
    t.match(message, 'PORT')
    t.match(message, 'JWT_SECRET')
    t.match(message, 'REDIS_URL')
  })

  t.test('defaults are filled in and numbers are numbers', async (t) => {
    const config = loadConfig({ ...required })
    t.match(config, {
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      PORT: 3000,
      LOG_LEVEL: 'info',
      REDIS_PREFIX: 'shortlist',
      DATABASE_POOL_MAX: 10,
      ACCESS_TOKEN_TTL_SECONDS: 900,
      REFRESH_TOKEN_TTL_DAYS: 30,
      LOGIN_RATE_LIMIT_MAX: 10,
      LOGIN_RATE_LIMIT_WINDOW_SECONDS: 60,
      CORS_ORIGINS: '',
      BODY_LIMIT_BYTES: 1048576,
      SHUTDOWN_GRACE_MS: 10000,
    })
    t.equal(loadConfig({ ...required, PORT: '8080' }).PORT, 8080, 'a numeric string becomes a number')
    t.equal(loadConfig({ ...required, PORT: '0' }).PORT, 0, 'PORT=0 (any free port) is allowed')
  })

  t.test('it reads only the environment it is given, not process.env', async (t) => {
    // The API, workers and tests all pass an explicit environment; a variable
    // that happens to be set in the calling process must not fill a gap in it.
    const saved = process.env.DATABASE_URL
    process.env.DATABASE_URL = 'postgresql://leaked:leaked@127.0.0.1:5432/from-process-env'
    t.teardown(() => {
      if (saved === undefined) delete process.env.DATABASE_URL
      else process.env.DATABASE_URL = saved
    })
    const env: Record<string, string> = { ...required }
    delete env.DATABASE_URL
    t.match(configError(t, env), /DATABASE_URL: is required/, 'DATABASE_URL missing from the given env is reported')
    t.equal(loadConfig({ ...required }).DATABASE_URL, required.DATABASE_URL, 'and a given value is what is used')
  })

  t.test('unknown variables are ignored and not copied into the config', async (t) => {
    const config = loadConfig({ ...required, HOME: '/root', SOMETHING_ELSE: 'x' }) as Record<string, unknown>
    t.notOk('SOMETHING_ELSE' in config)
  })
})

// --- the real server, as a child process ---------------------------------

interface Child {
  process: ChildProcess
  stdout: () => string
  stderr: () => string
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>
}

function startServer(env: Record<string, string>): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: root,
    // Only what is given here: nothing from the developer's shell leaks in.
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (d: Buffer) => (stdout += d))
  child.stderr!.on('data', (d: Buffer) => (stderr += d))
  const exit = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null, at: Date.now() }))
  return { process: child, stdout: () => stdout, stderr: () => stderr, exit }
}


const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe().catch(() => undefined)
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(50)
  }
}

t.test('the server started with a missing DATABASE_URL exits non-zero, naming it, without a stack trace', async (t) => {
  const child = startServer({ REDIS_URL: redisUrl, SMTP_URL: smtpUrl, JWT_SECRET: required.JWT_SECRET, LOG_LEVEL: 'info' })
  const killer = setTimeout(() => child.process.kill('SIGKILL'), 30_000)
  const { code } = await child.exit
  clearTimeout(killer)
  t.not(code, 0, `exits non-zero (${code})`)
  t.equal(code, 78, 'with EX_CONFIG (78)')
  t.match(child.stderr(), /DATABASE_URL: is required/, 'stderr names DATABASE_URL')
  t.notMatch(child.stderr(), /\n\s+at /, 'stderr has no stack trace')
  t.notMatch(child.stderr(), /REDIS_URL|SMTP_URL|JWT_SECRET/, 'and names only what is wrong')
})

t.test('on SIGTERM the server stops taking requests, finishes the one in flight, and exits 0', async (t) => {
  const database = await createTestDatabase()
  const port = await freePort()
  const env = {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'info',
    DATABASE_URL: database.url,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: `test-config-${process.pid}-${port}`,
    SMTP_URL: smtpUrl,
    JWT_SECRET: required.JWT_SECRET,
    SHUTDOWN_GRACE_MS: '8000',
  }
  const admin = new pg.Client({ connectionString: database.url })
  await admin.connect()
  let child: Child | undefined
  t.teardown(async () => {
    if (child && child.process.exitCode === null && child.process.signalCode === null) {
      child.process.kill('SIGKILL')
      await child.exit
    }
    await admin.end().catch(() => {})
    await database.drop()
    await deleteRedisKeys({ REDIS_URL: redisUrl, REDIS_PREFIX: env.REDIS_PREFIX })
  })

  const password = 'graceful shutdown password'
  await admin.query(`INSERT INTO users (id, email, name, password_hash, role, updated_at) VALUES (gen_random_uuid(), 'slow@example.test', 'Slow', $1, 'RECRUITER', now())`, [
    await hashPassword(password),
  ])

  child = startServer(env)
  const base = `http://127.0.0.1:${port}`
  await waitFor('/health/live', async () => ((await fetch(`${base}/health/live`)).status === 200 ? true : undefined), 30_000)
  t.pass('the server answers /health/live')

  const login = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'slow@example.test', password }) })
  t.equal(login.status, 200, 'a user can log in')
  const { refreshToken } = (await login.json()) as { refreshToken: string }

  // Make a request slow for real: hold the lock its refresh-token row needs.
  await admin.query('BEGIN')
  await admin.query('SELECT id FROM refresh_tokens WHERE token_hash = $1 FOR UPDATE', [hashOpaqueToken(refreshToken)])
  const slow = fetch(`${base}/auth/refresh`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken }) }).then(
    async (res) => ({ status: res.status, body: (await res.json()) as { refreshToken?: string }, at: Date.now() }),
    (error: Error) => ({ status: 0, body: { error: error.message } as { refreshToken?: string }, at: Date.now() }),
  )
  await waitFor('the refresh to wait on the row lock', async () => {
    const { rows } = await admin.query(`SELECT 1 FROM pg_stat_activity WHERE application_name = 'shortlist-api' AND wait_event_type = 'Lock'`)
    return rows.length ? true : undefined
  }, 10_000)

  const sentAt = Date.now()
  child.process.kill('SIGTERM')
  await sleep(300)
  t.equal(child.process.exitCode, null, 'the server is still running while a request is in flight')
  const newcomer = await fetch(`${base}/health/live`).then((r) => r.status, () => 'refused')
  t.not(newcomer, 200, `a new request is turned away during shutdown (${newcomer})`)

  const releasedAt = Date.now()
  await admin.query('COMMIT')
  const finished = await slow
  t.equal(finished.status, 200, 'the in-flight request completes successfully')
  t.ok(finished.body.refreshToken, 'with its new refresh token')
  t.ok(finished.at >= releasedAt, 'it finished only once its lock was released, i.e. after SIGTERM')

  const exited = await Promise.race([child.exit, sleep(8_000).then(() => undefined)])
  t.ok(exited, 'the server exits')
  if (!exited) return
  t.equal(exited.code, 0, 'with code 0')
  t.ok(exited.at - sentAt < 5_000, `promptly (${exited.at - sentAt} ms after SIGTERM, ${exited.at - finished.at} ms after the last response)`)
  if (exited.code !== 0) t.comment(`server output:\n${child.stdout()}${child.stderr()}`)
  t.match(child.stdout(), /"msg":"shutting down"/, 'the log says why it stopped')
  t.notMatch(child.stdout() + child.stderr(), /"level":(50|60)/, 'and logs no error while doing so')
})
