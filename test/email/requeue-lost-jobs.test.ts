// Redis loses its data (a restart without persistence, a failover, FLUSHALL)
// while e-mails are queued: the ledger says "queued" and no job will ever send
// them. The dispatcher finds them by their claim (the send job each names) and
// queues them again: each arrives exactly once. A job Redis still holds and
// that has not finished keeps its e-mails; one that finished without settling
// them (stalled out) does not. A send in progress when Redis forgot its job is
// left to finish, and one that outlives the grace sends nothing its successor
// sends. The look failing does not stop new e-mails. Redis here is a server of
// this test's own, flushed for real.
import t, { type Test } from 'tap'
import { UnrecoverableError, Worker } from 'bullmq'
import { Redis } from 'ioredis'
import { pino, type Logger } from 'pino'
import type { Config } from '../../src/config.ts'
import { createPool } from '../../src/db/client.ts'
import { dispatchDueOutbox, enqueuePendingNotifications } from '../../src/email/dispatch.ts'
import { requeueEmailsOfLostJobs } from '../../src/email/requeue-lost-jobs.ts'
import { loadDeliveryBatch } from '../../src/email/delivery-facts.ts'
import { HANDED_BACK, sendJobClaimant, takeoverJobId } from '../../src/email/send-job-claim.ts'
import { closeQueues, createQueues, queuePrefix, QueueName, workerConnection } from '../../src/queues/index.ts'
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
async function runWorkers(t: Test, settings: Config = config, log: Logger = pino({ level: process.env.WORKER_LOG ?? 'silent' })) {
  const runtime = await startWorkerRuntime(settings, log)
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
  t.ok(after.filter((n) => lostIds.has(n.id)).every((n) => n.enqueued_at === null && n.claimed_by === HANDED_BACK), 'marked not queued, claimed by no job (handed back)')
  t.same(after.filter((n) => !lostIds.has(n.id)), before.filter((n) => !lostIds.has(n.id)), 'the others untouched: still queued, still claimed by their jobs')
  t.equal(await requeueEmailsOfLostJobs(pool, emailQueue, config), 0, 'a second look finds nothing more')

  t.equal(await enqueuePendingNotifications(pool, emailQueue, config), BATCH, 'the next dispatch pass queues them again')
  t.equal((await emailQueue.getJobCounts('waiting')).waiting, 3, 'one job for them; none added for e-mails whose job was there')
  const again = (await ledger('partial')).filter((n) => lostIds.has(n.id))
  t.equal(new Set(again.map((n) => n.claimed_by)).size, 1, 'claimed by one new job')
  t.not(again[0]!.claimed_by, sendJobClaimant(lostJob.id!), 'under an id of its own, not the lost job\'s')
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
  t.ok((await ledger('retrying')).every((n) => n.status === 'PENDING' && n.claimed_by === `job:${job!.id}#1`), 'still owed, still claimed by the job (its first run) that will retry them')

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

/** Log lines a runtime writes, parsed. */
function capturedLog() {
  const lines: Array<Record<string, unknown> & { msg: string }> = []
  const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) })
  return { log, lines }
}

t.test('a look for lost jobs that fails on every pass does not stop new e-mails, and is tried again when next due', async (t) => {
  // The shortest grace, so the look is due every second.
  const settings = { ...config, EMAIL_REQUEUE_AFTER_MS: 1000 }
  await queueOwedEmails(t, 3, 'stranded', settings)
  await flushRedis()
  await queuedAnHourAgo()
  // Handing them back fails every time, as a deadlock would: a trigger in this test's own database refuses it.
  await pool.query(`CREATE FUNCTION refuse_hand_back() RETURNS trigger LANGUAGE plpgsql AS $$
                      BEGIN RAISE EXCEPTION 'deadlock detected (refused by the test)' USING ERRCODE = '40P01'; END $$`)
  await pool.query(`CREATE TRIGGER refuse_hand_back BEFORE UPDATE ON notifications FOR EACH ROW
                      WHEN (OLD.enqueued_at IS NOT NULL AND NEW.enqueued_at IS NULL) EXECUTE FUNCTION refuse_hand_back()`)
  const dropTrigger = () => pool.query('DROP TRIGGER IF EXISTS refuse_hand_back ON notifications; DROP FUNCTION IF EXISTS refuse_hand_back()')
  t.teardown(dropTrigger)
  await t.rejects(requeueEmailsOfLostJobs(pool, emailQueue, settings), { code: '40P01' }, 'the look fails')

  await owedReceipts(pool, 4, 'meanwhile')
  const { log, lines } = capturedLog()
  const startedAt = Date.now()
  const workers = await runWorkers(t, settings, log)
  await assertEachArrivedOnce(t, 'meanwhile', 4)
  const lookFailures = () => lines.filter((l) => l.msg.startsWith('looking for e-mails whose send job was lost failed'))
  await eventually('the look to fail, and fail again when next due', async () => (lookFailures().length >= 2 ? true : undefined))
  const failed = lookFailures()
  // Due once a second (the grace); the loop's passes come every few milliseconds, so a look on every pass would count dozens.
  const dueTimes = Math.ceil((Date.now() - startedAt) / 1000) + 1
  t.ok(failed.length <= dueTimes, `when next due, not on every pass of the loop (${failed.length} looks in ${dueTimes - 1} s)`)
  t.match(failed[0], { level: 40, err: { type: 'DatabaseError', message: /deadlock detected/, code: '40P01' } }, 'the error serialized, as the other lines do')
  t.notMatch(JSON.stringify(failed), /@example\.test/, 'no address in it')
  t.notOk(lines.some((l) => l.msg.startsWith('outbox dispatch failed')), 'the passes themselves do not fail')
  t.ok((await ledger('stranded')).every((n) => n.status === 'PENDING' && n.enqueued_at), 'the stranded ones still wait')

  await dropTrigger()
  await assertEachArrivedOnce(t, 'stranded', 3)
  await workers.stop()
})

t.test('e-mails left PENDING by a send job that finished without settling them are queued again, and each arrives once', async (t) => {
  await queueOwedEmails(t, 2 * BATCH, 'finished')
  // A worker of the test's own takes both jobs and finishes them the way BullMQ
  // fails a job that stalled out (for good, without running our processor's
  // last-attempt handler), and the way a job completes, leaving the rows as they were.
  const worker = new Worker(emailQueue.name, null, { connection: workerConnection(config), prefix: queuePrefix(config), autorun: false })
  t.teardown(() => worker.close())
  const stalled = (await worker.getNextJob('test-token'))!
  await stalled.moveToFailed(new UnrecoverableError('job stalled more than allowable limit'), 'test-token')
  const completed = (await worker.getNextJob('test-token'))!
  await completed.moveToCompleted({ claimed: 0 }, 'test-token', false)
  t.equal(await emailQueue.getJobState(stalled.id!), 'failed', 'one failed, still in Redis (for a week)')
  t.equal(await emailQueue.getJobState(completed.id!), 'completed', 'one completed, still in Redis')
  const before = await ledger('finished')
  t.ok(before.every((n) => n.status === 'PENDING' && n.enqueued_at && [stalled.id, completed.id].map((id) => sendJobClaimant(id!)).includes(n.claimed_by!)),
    'their e-mails still owed, queued and claimed by them')

  await queuedAnHourAgo()
  t.equal(await requeueEmailsOfLostJobs(pool, emailQueue, config), 2 * BATCH, 'handed back')
  t.ok((await ledger('finished')).every((n) => n.enqueued_at === null && n.claimed_by === HANDED_BACK), 'marked not queued, claimed by no job (handed back)')
  t.equal(await enqueuePendingNotifications(pool, emailQueue, config), 2 * BATCH, 'queued again')
  const claims = new Set((await ledger('finished')).map((n) => n.claimed_by))
  t.equal(claims.size, 2, 'by two new jobs')
  t.notOk([stalled.id, completed.id].some((id) => claims.has(sendJobClaimant(id!))), 'neither of them one of the finished jobs')
  const workers = await runWorkers(t)
  await assertEachArrivedOnce(t, 'finished', 2 * BATCH)
  await workers.stop()
})

t.test('a job queued for handed-back e-mails that starts before their queuing commits waits for it and takes them', async (t) => {
  await queueOwedEmails(t, 2, 'early-start')
  await flushRedis()
  await queuedAnHourAgo()
  t.equal(await requeueEmailsOfLostJobs(pool, emailQueue, config), 2, 'handed back')
  const ids = (await ledger('early-start')).map((n) => n.id)
  const claim = sendJobClaimant(takeoverJobId(`${ids[0]}-0-2`))
  // The dispatcher's transaction after it added the job: rows locked, their new claim written, not yet committed.
  const dispatcher = await pool.connect()
  await dispatcher.query('BEGIN')
  await dispatcher.query(`SELECT id FROM notifications WHERE id = ANY($1::uuid[]) FOR UPDATE`, [ids])
  await dispatcher.query(`UPDATE notifications SET enqueued_at = now(), claimed_by = $2 WHERE id = ANY($1::uuid[])`, [ids, claim])
  // A worker starts the job at once.
  let done = false
  const loading = loadDeliveryBatch(pool, ids, claim, (id) => `https://links.invalid/${id}`).finally(() => (done = true))
  await new Promise((resolve) => setTimeout(resolve, 300))
  t.notOk(done, 'it waits for the rows')
  await dispatcher.query('COMMIT')
  dispatcher.release()
  t.same((await loading).map((n) => n.id).sort(), [...ids].sort(), 'and takes them once the queuing commits')
  // Its job is not in Redis: not to be left for the other tests to find.
  await pool.query(`UPDATE notifications SET status = 'CANCELLED', claimed_by = NULL WHERE id = ANY($1::uuid[])`, [ids])
})

t.test('a send job that outlives the grace after Redis lost it: its e-mails go to a new job mid-send, and each arrives once', async (t) => {
  // The shortest grace; one send at a time, so while the first e-mail is held
  // at the SMTP server the others wait their turn in the old run.
  const settings = { ...config, EMAIL_SEND_CONCURRENCY: 1, EMAIL_REQUEUE_AFTER_MS: 1000 }
  const tag = 'outlived'
  await queueOwedEmails(t, BATCH, tag, settings)
  const [oldJob] = await emailQueue.getJobs(['waiting'])
  const oldClaim = sendJobClaimant(oldJob!.id!)
  const held = sink.hold()
  const workers = await runWorkers(t, settings)
  // Registered after the workers' stop, so it runs first: stopping waits for the held send.
  t.teardown(() => held.release())
  await held.receiving
  await flushRedis()

  // The grace passes with the first send still held: the look hands the e-mails back, and the dispatcher queues them again.
  const queuedAt = new Map((await ledger(tag)).map((n) => [n.id, n.enqueued_at!.getTime()]))
  const requeued = async () => {
    const { rows } = await pool.query<{ id: string; claimed_by: string | null; enqueued_at: Date | null; taken: boolean }>(
      `SELECT n.id, n.claimed_by, n.enqueued_at, n.updated_at > n.enqueued_at AS taken FROM notifications n JOIN candidates c ON c.id = n.candidate_id
        WHERE c.email::text LIKE $1`, [`burst-${tag}-%`])
    return rows.map((r) => ({ ...r, again: r.enqueued_at !== null && r.enqueued_at.getTime() > queuedAt.get(r.id)! }))
  }
  await eventually('the e-mails handed back', async () => {
    await requeueEmailsOfLostJobs(pool, emailQueue, settings)
    return (await requeued()).every((n) => n.enqueued_at === null || n.again) || undefined
  })
  // A new job takes them (stamping them) while the old run still holds the first at the SMTP server.
  const taken = await eventually('a new job to take them', async () => {
    const rows = await requeued()
    return rows.every((r) => r.again && r.taken) ? rows : undefined
  })
  t.equal(new Set(taken.map((r) => r.claimed_by)).size, 1, 'all by one new job')
  t.not(taken[0]!.claimed_by, oldClaim, 'whose claim is not the old one')
  t.equal(sink.received.filter((m) => m.envelopeTo.some((to) => to.startsWith(`burst-${tag}-`))).length, 0, 'nothing accepted yet')

  held.release()
  await assertEachArrivedOnce(t, tag, BATCH)
  await workers.stop()
})
