import type pg from 'pg'
import type { Job, Queue } from 'bullmq'
import { v7 as uuidv7 } from 'uuid'
import type { Config } from '../config.ts'
import { withTransaction } from '../db/transaction.ts'
import { emailJobOptions, JobName, type SendEmailData } from '../queues/index.ts'
import { planNotifications, type OutboxRow, type PlanLookups, type PlannedNotification } from './outbox-plan.ts'
import { HANDED_BACK, sendJobClaimant, takeoverJobId } from './send-job-claim.ts'
import { senderDomain } from './transport.ts'

type EnqueueSettings = Pick<Config, 'EMAIL_MAX_ATTEMPTS' | 'EMAIL_RETRY_DELAY_MS' | 'EMAIL_BATCH_SIZE'>

/**
 * Step 1, PostgreSQL only: turns one batch of due outbox rows into the
 * notifications they owe, in one transaction. The rows are claimed with
 * FOR UPDATE SKIP LOCKED, so dispatchers in other processes take other rows;
 * notifications are unique by idempotency key, so a row dispatched twice
 * cannot owe an e-mail twice. Needs no Redis: while Redis is down the owed
 * e-mails pile up here, in the ledger, and are queued by step 2 when it is back.
 * One row that cannot be dispatched (a payload the planner or PostgreSQL
 * refuses) must not hold up the others, pass after pass: when the batch fails,
 * its rows are dispatched one by one, and a failing one is put back with its
 * error and a growing delay (attempts, last_error and available_at say so).
 */
export async function dispatchDueOutbox(pool: pg.Pool, settings: Pick<Config, 'MAIL_FROM'>, batchSize = 500): Promise<{ events: number; notifications: number; failed: number }> {
  return withTransaction(pool, async (client) => {
    const { rows: events } = await client.query<OutboxRow>(
      `SELECT id, topic, payload FROM outbox_events
        WHERE dispatched_at IS NULL AND available_at <= now()
        ORDER BY available_at, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [batchSize],
    )
    if (!events.length) return { events: 0, notifications: 0, failed: 0 }
    const domain = senderDomain(settings.MAIL_FROM)
    const whole = await inSavepoint(client, () => dispatchEvents(client, events, domain))
    if (whole.ok) return { events: events.length, notifications: whole.value, failed: 0 }
    // A passing trouble (a deadlock, a timeout, the server going away) is no bad row: the pass fails and is retried whole.
    if (isTransient(whole.error)) throw whole.error
    let notifications = 0
    let failed = 0
    for (const event of events) {
      const one = await inSavepoint(client, () => dispatchEvents(client, [event], domain))
      if (one.ok) notifications += one.value
      else {
        failed++
        await client.query(
          `UPDATE outbox_events SET attempts = attempts + 1, last_error = $2,
                  available_at = now() + least(interval '1 minute' * power(2, attempts), interval '1 day') WHERE id = $1`,
          [event.id, String((one.error as Error)?.message ?? one.error).slice(0, 500)],
        )
      }
    }
    return { events: events.length, notifications, failed }
  })
}

async function dispatchEvents(client: pg.PoolClient, events: OutboxRow[], domain: string): Promise<number> {
  const lookups = await loadLookups(client, events)
  const created = await insertNotifications(client, events.flatMap((event) => planNotifications(event, lookups)), domain)
  await client.query(`UPDATE outbox_events SET dispatched_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = ANY($1::uuid[])`, [events.map((e) => e.id)])
  return created
}

// SQLSTATE classes of failures that say nothing about the rows: 08 connection, 40 transaction rollback
// (deadlock, serialization), 53 insufficient resources, 57 operator intervention (timeouts, shutdown).
const TRANSIENT_CLASSES = new Set(['08', '40', '53', '57'])
// (A connection lost without a SQLSTATE fails the row-by-row pass too, at its first savepoint, so no row is blamed.)
const isTransient = (error: unknown) => {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' && code.length === 5 && TRANSIENT_CLASSES.has(code.slice(0, 2))
}

/** Runs `work` in a savepoint: on an error, what it wrote is undone and the transaction goes on. */
async function inSavepoint<T>(client: pg.PoolClient, work: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  await client.query('SAVEPOINT dispatch')
  try {
    const value = await work()
    await client.query('RELEASE SAVEPOINT dispatch')
    return { ok: true, value }
  } catch (error) {
    await client.query('ROLLBACK TO SAVEPOINT dispatch')
    return { ok: false, error }
  }
}

/**
 * Step 2: adds send jobs for the committed notifications not yet queued (new
 * ones, and failed ones an admin retried), EMAIL_BATCH_SIZE to a job, then
 * marks them queued. A job's id is derived from its first notification's id
 * and attempt count, so adding the same batch twice (a crash between the add
 * and the commit) is a no-op, while an admin's retry gets a job of its own:
 * every way to FAILED counts an attempt (failClaimed too, see ledger.ts), so a
 * notification is never queued twice at the same count. BullMQ answers an id
 * it already holds as if it had added the job, and keeps failed jobs for a
 * week, so each add is checked rather than trusted: a batch whose id names a
 * job that will not send it is added again under a fresh id, never marked
 * queued with nothing to send it (see notAdded). Should two jobs come to hold
 * the same notification, its claim lets only one send it (see
 * loadDeliveryBatch), and none once it is sent. Jobs are added only for
 * committed rows, so a worker never meets a notification that is not there
 * yet. If Redis is down the add throws, the transaction rolls back, and the
 * rows are queued on a later pass. Each row is claimed for the job that holds
 * it (send-job-claim.ts), so a row whose job Redis later loses can be told
 * from one whose job is still there (requeue-lost-jobs.ts); a claim another
 * job already holds is kept: that job may be sending the row right now. Rows
 * handed back from a lost or finished job (claimed HANDED_BACK) are batched
 * apart and queued under fresh ids (takeoverJobId): the deterministic id could
 * be the old job's own, and with it its claim, while that job still runs.
 */
export async function enqueuePendingNotifications(pool: pg.Pool, emailQueue: Queue, settings: EnqueueSettings, batchSize = 500): Promise<number> {
  return withTransaction(pool, async (client) => {
    const { rows } = await client.query<{ id: string; attempts: number; handed_back: boolean }>(
      `SELECT id, attempts, claimed_by IS NOT DISTINCT FROM $2 AS handed_back FROM notifications WHERE status = 'PENDING' AND enqueued_at IS NULL
        ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [batchSize, HANDED_BACK],
    )
    if (!rows.length) return 0
    const sendJob = (notificationIds: string[], jobId: string) =>
      ({ name: JobName.SendEmail, data: { notificationIds } satisfies SendEmailData, opts: emailJobOptions(settings, jobId) })
    // Handed-back rows go in batches of their own, under fresh ids: the job that
    // lost them may have had this very id (and so this claim), and may still be running.
    const batches = [...chunk(rows.filter((n) => !n.handed_back), settings.EMAIL_BATCH_SIZE), ...chunk(rows.filter((n) => n.handed_back), settings.EMAIL_BATCH_SIZE)]
    const jobIdOf = (batch: typeof rows) => {
      const base = `${batch[0]!.id}-${batch[0]!.attempts}-${batch.length}`
      return batch[0]!.handed_back ? takeoverJobId(base) : base
    }
    const added = await emailQueue.addBulk(batches.map((batch) => sendJob(batch.map((n) => n.id), jobIdOf(batch))))
    const dropped = await notAdded(emailQueue, added)
    // A fresh id gives up the crash re-pass no-op for these batches only; the claim still keeps a second job from sending.
    const readded = dropped.length ? await emailQueue.addBulk(dropped.map((job) => sendJob(job.data.notificationIds, `${job.id}-${uuidv7()}`))) : []
    const replacedBy = new Map(dropped.map((job, i) => [job.id!, readded[i]!.id!]))
    const holders = added.map((job) => replacedBy.get(job.id!) ?? job.id!)
    // A claim another job holds is kept (it may be sending the row right now); a handed-back row's is not a job's.
    await client.query(
      `UPDATE notifications n SET enqueued_at = now(), updated_at = now(),
              claimed_by = CASE WHEN n.claimed_by IS NULL OR n.claimed_by = $3 THEN v.claimant ELSE n.claimed_by END
         FROM unnest($1::uuid[], $2::text[]) AS v(id, claimant) WHERE n.id = v.id`,
      [batches.flat().map((n) => n.id), batches.flatMap((batch, i) => batch.map(() => sendJobClaimant(holders[i]!))), HANDED_BACK],
    )
    return rows.length
  })
}

// States in which a job will still run (a failed attempt with retries left waits in 'delayed').
const toRun = new Set(['waiting', 'prioritized', 'delayed', 'active', 'waiting-children'])

/**
 * The jobs of an addBulk that BullMQ did not add. For an id it holds already
 * it stores nothing and answers as if it had, so the stored job is read back:
 * one with our timestamp and our notifications is the one we added. An older
 * one covers the batch only if it still has to run and holds all of it (the
 * same batch, added by a pass that crashed before its commit); one that has
 * finished, holds other notifications or is gone would send none of it.
 */
async function notAdded(queue: Queue, added: Job<SendEmailData>[]): Promise<Job<SendEmailData>[]> {
  const covered = await Promise.all(added.map(async (job) => {
    const stored: Job<SendEmailData> | undefined = await queue.getJob(job.id!)
    if (!stored) return false
    const held = new Set(stored.data.notificationIds)
    if (!job.data.notificationIds.every((id) => held.has(id))) return false
    return stored.timestamp === job.timestamp || toRun.has(await stored.getState())
  }))
  return added.filter((_, i) => !covered[i])
}

async function loadLookups(client: pg.PoolClient, events: OutboxRow[]): Promise<PlanLookups> {
  const rejected = events.filter((e) => e.topic === 'application.rejected').map((e) => e.payload.applicationId)
  const decisionJobs = events.filter((e) => e.topic === 'application.decision_needed').map((e) => e.payload.jobId)
  const latestTransition = new Map<string, string>()
  const hiringManagers = new Map<string, string[]>()
  if (rejected.length) {
    const { rows } = await client.query<{ application_id: string; id: string }>(
      `SELECT DISTINCT ON (application_id) application_id, id FROM stage_transitions
        WHERE application_id = ANY($1::uuid[]) ORDER BY application_id, created_at DESC, id DESC`,
      [rejected],
    )
    for (const r of rows) latestTransition.set(r.application_id, r.id)
  }
  if (decisionJobs.length) {
    const { rows } = await client.query<{ job_id: string; user_id: string }>(
      `SELECT m.job_id, m.user_id FROM hiring_team_members m JOIN users u ON u.id = m.user_id AND u.active
        WHERE m.role = 'HIRING_MANAGER' AND m.job_id = ANY($1::uuid[])`,
      [decisionJobs],
    )
    for (const r of rows) hiringManagers.set(r.job_id, [...(hiringManagers.get(r.job_id) ?? []), r.user_id])
  }
  return { latestTransition, hiringManagers }
}

/** Inserts the planned notifications in one statement; answers how many are new. */
async function insertNotifications(client: pg.PoolClient, planned: PlannedNotification[], domain: string): Promise<number> {
  if (!planned.length) return 0
  const ids = planned.map(() => uuidv7())
  const column = <K extends keyof PlannedNotification>(key: K) => planned.map((p) => p[key])
  const { rowCount } = await client.query(
    `INSERT INTO notifications (id, kind, idempotency_key, message_id, candidate_id, user_id, application_id, interview_id, stage_id, panelist_id,
                                interview_sequence, scheduling_link_id, updated_at)
     SELECT id, kind, key, '<' || id || '@' || $10 || '>', candidate, "user", application, interview, stage, panelist, sequence, link, now()
       FROM unnest($1::uuid[], $2::"NotificationKind"[], $3::text[], $4::uuid[], $5::uuid[], $6::uuid[], $7::uuid[], $8::uuid[], $9::uuid[], $11::int[], $12::uuid[])
            AS p(id, kind, key, candidate, "user", application, interview, stage, panelist, sequence, link)
     ORDER BY id
     ON CONFLICT (idempotency_key) DO NOTHING`,
    [ids, column('kind'), column('idempotencyKey'), column('candidateId'), column('userId'), column('applicationId'), column('interviewId'), column('stageId'), column('panelistId'), domain,
      column('interviewSequence'), column('schedulingLinkId')],
  )
  return rowCount ?? 0
}

function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = []
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size))
  return chunks
}
