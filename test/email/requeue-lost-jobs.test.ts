// Redis loses its data (a restart without persistence, a failover, FLUSHALL)
// while e-mails are queued: the ledger says "queued" and no job will ever send
// them. The dispatcher finds them by their claim (the send job each names) and
// queues them again: each arrives exactly once. A job Redis still holds, in any
// state, keeps its e-mails, and a send in progress when Redis forgot its job is
// left to finish. Redis here is a server of this test's own, flushed for real.
import t, { type Test } from 'tap'
import { Redis } from 'ioredis'
import { pino } from 'pino'
import type { Config } from '../../src/config.ts'
import { createPool } from '../../src/db/client.ts'
import { dispatchDueOutbox, enqueuePendingNotifications } from '../../src/email/dispatch.ts'
import { requeueEmailsOfLostJobs } from '../../src/email/requeue-lost-jobs.ts'
import { closeQueues, createQueues, QueueName } from '../../src/queues/index.ts'
import { startWorkerRuntime } from '../../workers/runtime.ts'
import { testConfig } from '../helpers/config.ts'
import { createTestDatabase } from '../helpers/database.ts'
import { startOwnRedis } from '../helpers/redis-server.ts'
import { startSmtpSink } from '../helpers/smtp-sink.ts'
import { eventually } from '../helpers/waiting.ts'
import { owedReceipts } from './fixtures.ts'
import { quickDelivery } from './pipeline.ts'

const BATCH = 5
const redis = await startOwnRedis()
const sink = await startSmtpSink()
const database = await createTestDatabase()
const config = testConfig(database.url, { ...quickDelivery, SMTP_URL: sink.url, REDIS_URL: redis.url, EMAIL_BATCH_SIZE: String(BATCH) })
const pool = createPool(config)
const queues = createQueues(config, 'producer', () => {})
const emailQueue = queues[QueueName.Email]
const admin = new Redis(redis.url, { maxRetriesPerRequest: 1 })
t.teardown(async () => {
  admin.disconnect()
  await closeQueues(queues)
  await pool.end()
  await sink.close()
  await database.drop()
  await redis.remove()
})

/** What the dispatcher's first two steps do: `count` e-mails owed, in the ledger, marked queued, their send jobs in Redis. */
async function queueOwedEmails(t: Test, count: number, tag: string, settings: Config = config) {
  await owedReceipts(pool, count, tag)
  await dispatchDueOutbox(pool, settings)
  t.equal(await enqueuePendingNotifications(pool, emailQueue, settings), count, `${count} e-mails queued`)
}

/** As if the grace period had passed since they were queued (and since any job last took them). */
const queuedAnHourAgo = () => pool.query(`UPDATE notifications SET enqueued_at = enqueued_at - interval '1 hour', updated_at = updated_at - interval '1 hour' WHERE status = 'PENDING'`)

const flushRedis = () => admin.flushall()

const ledger = async (tag: string) => (await pool.query<{ id: string; status: string; enqueued_at: Date | null; claimed_by: string | null }>(
  `SELECT n.id, n.status::text, n.enqueued_at, n.claimed_by FROM notifications n JOIN candidates c ON c.id = n.candidate_id
    WHERE c.email::text LIKE $1 ORDER BY n.id`, [`burst-${tag}-%`])).rows

/** Messages the sink accepted, per recipient, for one tag's candidates. */
function receivedPerRecipient(tag: string): Map<string, number> {
  const counts = new Map<string, number>()
  for (const mail of sink.received) for (const to of mail.envelopeTo) if (to.startsWith(`burst-${tag}-`)) counts.set(to, (counts.get(to) ?? 0) + 1)
  return counts
}

/** Waits until every one of the tag's e-mails is recorded sent, then a little longer for any duplicate; asserts each arrived once. */
async function assertEachArrivedOnce(t: Test, tag: string, count: number) {
  await eventually(`${count} ${tag} e-mails sent`, async () => ((await ledger(tag)).every((n) => n.status === 'SENT') || undefined), 15_000)
  await new Promise((resolve) => setTimeout(resolve, 750))
  const counts = receivedPerRecipient(tag)
  t.equal(counts.size, count, `all ${count} recipients got their e-mail`)
  t.same([...new Set(counts.values())], [1], 'each exactly once')
}

/** A worker process's runtime (send workers and dispatcher loop); stopped at the test's end if the test has not. */
async function runWorkers(t: Test, settings: Config = config) {
  const runtime = await startWorkerRuntime(settings, pino({ level: process.env.WORKER_LOG ?? 'silent' }))
  let stopping: Promise<void> | undefined
  const stop = () => (stopping ??= runtime.stop())
  t.teardown(stop)
  return { stop }
}

t.test('e-mails whose send jobs Redis lost are queued again by the dispatcher, and each arrives once', async (t) => {
  await queueOwedEmails(t, 12, 'flushed')
  t.equal((await emailQueue.getJobCounts('waiting')).waiting, 3, `three send jobs of up to ${BATCH} wait in Redis`)

  await flushRedis()
  t.equal(await admin.dbsize(), 0, 'Redis has lost them')
  await queuedAnHourAgo()
  t.ok((await ledger('flushed')).every((n) => n.status === 'PENDING' && n.enqueued_at), 'the ledger still says queued')

  // The worker's dispatcher loop looks for lost jobs on its first pass.
  const workers = await runWorkers(t)
  await assertEachArrivedOnce(t, 'flushed', 12)
  await workers.stop()
})

t.test('only the e-mails of a lost job are queued again; a job Redis still holds keeps its own', async (t) => {
  await queueOwedEmails(t, 12, 'partial')
  const jobs = await emailQueue.getJobs(['waiting'])
  t.equal(jobs.length, 3, 'three send jobs wait in Redis')
  // A failover that lost the last writes: one job gone, the others still there.
  const lostJob = jobs.find((job) => job.data.notificationIds.length === BATCH)!
  await lostJob.remove()
  await queuedAnHourAgo()
  const before = await ledger('partial')

  t.equal(await requeueEmailsOfLostJobs(pool, emailQueue, config), BATCH, "the lost job's e-mails are handed back")
  const after = await ledger('partial')
  const lostIds = new Set(lostJob.data.notificationIds)
  t.ok(after.filter((n) => lostIds.has(n.id)).every((n) => n.enqueued_at === null && n.claimed_by === null), 'marked not queued, claim released')
  t.same(after.filter((n) => !lostIds.has(n.id)), before.filter((n) => !lostIds.has(n.id)), 'the others untouched: still queued, still claimed by their jobs')
  t.equal(await requeueEmailsOfLostJobs(pool, emailQueue, config), 0, 'a second look finds nothing more')

  t.equal(await enqueuePendingNotifications(pool, emailQueue, config), BATCH, 'the next dispatch pass queues them again')
  t.equal((await emailQueue.getJobCounts('waiting')).waiting, 3, 'one job for them; none added for e-mails whose job was there')
  const workers = await runWorkers(t)
  await assertEachArrivedOnce(t, 'partial', 12)
  t.equal(await requeueEmailsOfLostJobs(pool, emailQueue, { EMAIL_REQUEUE_AFTER_MS: 1000 }), 0, 'nothing more to queue once they are sent')
  await workers.stop()
})

t.test('a job waiting to retry after a transient failure keeps its e-mails', async (t) => {
  // Long retry delay: the job sits in "delayed" while the test looks.
  const slowRetries = { ...config, EMAIL_RETRY_DELAY_MS: 600_000 }
  sink.failWith(421)
  t.teardown(() => sink.failWith(null))
  await queueOwedEmails(t, 3, 'retrying', slowRetries)
  const workers = await runWorkers(t, slowRetries)
  const [job] = await eventually('the send job delayed for its retry', async () => {
    const delayed = await emailQueue.getJobs(['delayed'])
    return delayed.length ? delayed : undefined
  })
  await workers.stop()
  t.ok((await ledger('retrying')).every((n) => n.status === 'PENDING' && n.claimed_by === `job:${job!.id}`), 'still owed, still claimed by the job that will retry them')

  await queuedAnHourAgo()
  t.equal(await requeueEmailsOfLostJobs(pool, emailQueue, config), 0, 'nothing queued again: the delayed job will send them')
  t.equal((await emailQueue.getJobCounts('waiting', 'delayed')).delayed, 1, 'still one job')

  sink.failWith(null)
  await job!.promote()
  const again = await runWorkers(t)
  await assertEachArrivedOnce(t, 'retrying', 3)
  await again.stop()
})

t.test('a send in progress when Redis forgets its job is left to finish: no second send', async (t) => {
  await queueOwedEmails(t, BATCH, 'in-flight')
  // Queued long ago (a backlog), taken by a worker just now.
  await queuedAnHourAgo()
  const held = sink.hold()
  const workers = await runWorkers(t)
  // Registered after the workers' stop, so it runs first: stopping waits for the held send.
  t.teardown(() => held.release())
  await held.receiving

  await flushRedis()
  t.equal(await requeueEmailsOfLostJobs(pool, emailQueue, config), 0, 'rows the running job took recently are not queued again')
  t.ok((await ledger('in-flight')).every((n) => n.status === 'PENDING' && n.enqueued_at !== null), 'still queued, still owed')

  held.release()
  await assertEachArrivedOnce(t, 'in-flight', BATCH)
  t.equal(await requeueEmailsOfLostJobs(pool, emailQueue, { EMAIL_REQUEUE_AFTER_MS: 1000 }), 0, 'sent, so owed no more')
  await workers.stop()
})
