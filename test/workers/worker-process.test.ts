// The worker process end to end: it starts from the environment, registers the
// daily schedule in Redis, runs jobs, and on SIGTERM closes everything and exits 0.
import t from 'tap'
import { once } from 'node:events'
import { Queue } from 'bullmq'
import { createPrismaClient } from '../../src/db/client.ts'
import { addJob, closeQueues, createQueues, JobName, QueueName } from '../../src/queues/index.ts'
import { deleteRedisKeys } from '../helpers/app.ts'
import { testConfig } from '../helpers/config.ts'
import { createTestDatabase } from '../helpers/database.ts'
import { eventually } from '../helpers/waiting.ts'
import { startWorkerProcess } from '../helpers/worker-process.ts'

const database = await createTestDatabase()
const config = testConfig(database.url)
const db = createPrismaClient(config)
t.teardown(async () => {
  await db.$disconnect()
  await database.drop()
  await deleteRedisKeys(config)
})

const workerEnv = {
  NODE_ENV: 'test', LOG_LEVEL: 'info', DATABASE_URL: database.url, REDIS_URL: config.REDIS_URL, REDIS_PREFIX: config.REDIS_PREFIX,
  SMTP_URL: config.SMTP_URL, JWT_SECRET: config.JWT_SECRET, SHUTDOWN_GRACE_MS: '5000',
}

t.test('starts, schedules the daily purge, runs jobs, and exits 0 on SIGTERM', async (t) => {
  const worker = startWorkerProcess({ ...process.env, ...workerEnv })
  t.teardown(() => worker.exitCode === null && worker.kill('SIGKILL'))
  const maintenance = new Queue(QueueName.Maintenance, { connection: { url: config.REDIS_URL }, prefix: config.REDIS_PREFIX })
  t.teardown(() => maintenance.close())

  // The worker upserts several schedules; wait for this one rather than for the first to land (their order is not fixed).
  const purge = await eventually('the purge scheduler', async () => (await maintenance.getJobSchedulers()).find((s) => s.key === 'purge-expired-sessions'))
  t.match(purge, { key: 'purge-expired-sessions', pattern: '17 3 * * *', tz: 'UTC' }, 'the daily purge is scheduled in Redis under REDIS_PREFIX')

  const user = await db.user.create({ data: { email: 'worker@example.test', name: 'W', role: 'ADMIN', passwordHash: 'x' } })
  const stale = await db.session.create({ data: { userId: user.id, expiresAt: new Date(Date.now() - 30 * 86_400_000) } })
  const producer = createQueues(config, 'producer', () => {})
  t.teardown(() => closeQueues(producer))
  const job = await addJob(producer, { name: JobName.PurgeExpiredSessions, data: {} }, { jobId: 'purge-now' })
  const state = await eventually('the job to finish', async () => {
    const s = await job.getState()
    return s === 'completed' || s === 'failed' ? s : undefined
  })
  t.equal(state, 'completed', 'a purge added to the queue is run by the worker process')
  t.same((await maintenance.getJob('purge-now'))?.returnvalue, { sessionsDeleted: 1 }, 'and its result is counts only')
  t.equal(await db.session.count({ where: { id: stale.id } }), 0)

  const started = Date.now()
  worker.kill('SIGTERM')
  const [code, signal] = (await Promise.race([
    once(worker, 'exit'),
    new Promise((_, reject) => setTimeout(() => reject(new Error('no exit within 5 s')), 5000)),
  ])) as [number | null, string | null]
  t.equal(code, 0, `exits 0 on SIGTERM (in ${Date.now() - started} ms)`)
  t.equal(signal, null)
  // In the order of their timestamps: a busy pipe can deliver buffered lines late.
  const lines = worker.output().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { time: number; msg: string })
  const sequence = lines.sort((a, b) => a.time - b.time).map((l) => l.msg).filter((m) => /^(worker ready|shutting down|worker stopped)/.test(m))
  t.same(sequence.map((m) => m.replace(/^shutting down.*/, 'shutting down')), ['worker ready', 'shutting down', 'worker stopped'], 'logs start, shutdown and stop as JSON lines')
})

t.test('a bad environment stops it with exit code 78 and says which variable', async (t) => {
  const env: Record<string, string | undefined> = { ...process.env, ...workerEnv, DATABASE_URL: undefined, REDIS_URL: 'http://not-redis' }
  const worker = startWorkerProcess(env)
  const [code] = (await once(worker, 'exit')) as [number | null]
  t.equal(code, 78)
  t.match(worker.output(), /DATABASE_URL: is required/)
  t.match(worker.output(), /REDIS_URL/)
})
