import { fork, spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { v7 as uuidv7 } from 'uuid'
import { Redis } from 'ioredis'
import type { PairContext } from './context.ts'
import type { PairResult } from '../report.ts'
import { emailContext } from '../../../src/email/context.ts'
import { defaultTemplates } from '../../../src/email/default-templates.ts'
import { renderEmail } from '../../../src/email/render.ts'
import { createMailTransport } from '../../../src/email/transport.ts'
import { loadConfig } from '../../../src/config.ts'

const TARGET_RATIO = 0.7
const MESSAGES = 10_000
const ROUNDS = 2
const WARMUP = 2000
// Both sides use Shortlist's defaults: sends in flight, and SMTP connections.
const { EMAIL_SEND_CONCURRENCY: CONCURRENCY, SMTP_POOL_CONNECTIONS: POOL, EMAIL_BATCH_SIZE: BATCH } = loadConfig({
  DATABASE_URL: 'postgresql://unused', REDIS_URL: 'redis://unused', SMTP_URL: 'smtp://unused', JWT_SECRET: 'unused-unused-unused-unused-unused-unused',
})
const root = fileURLToPath(new URL('../../..', import.meta.url))

interface Sink {
  port: number
  ask(reset?: boolean): Promise<{ received: number; distinct: number }>
  close(): void
}

async function startSink(): Promise<Sink> {
  const child = fork(fileURLToPath(new URL('../smtp-sink-process.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const [{ port }] = (await once(child, 'message')) as [{ port: number }]
  return {
    port,
    async ask(reset = false) {
      child.send(reset ? { reset: true } : { count: true })
      const [answer] = (await once(child, 'message')) as [{ received: number; distinct: number }]
      return answer
    },
    close: () => child.disconnect(),
  }
}

/**
 * Waits until no autovacuum runs on the database, so a side does not pay for
 * earlier work. (A CHECKPOINT would settle it further, but needs a privilege
 * the application's role should not have.)
 */
async function settle(db: PairContext['db']): Promise<void> {
  const deadline = Date.now() + 120_000
  while (Date.now() < deadline) {
    const { rows: [busy] } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'autovacuum worker' AND datname = current_database()`)
    if (!busy?.n) break
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
}

async function waitForAll(sink: Sink, count: number, timeoutMs: number): Promise<{ received: number; distinct: number; ms: number }> {
  const started = performance.now()
  for (;;) {
    const state = await sink.ask()
    if (state.distinct >= count) return { ...state, ms: performance.now() - started }
    if (performance.now() - started > timeoutMs) throw new Error(`only ${state.distinct} of ${count} messages arrived within ${timeoutMs / 1000} s`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/**
 * 10,000 e-mails end to end: outbox rows (one per application, as applying
 * writes them) → dispatcher → BullMQ → the worker process → SMTP, beside bare
 * nodemailer sending the same rendered messages over the same kind of pooled
 * transport, with the same concurrency, to the same sink. Both are timed from
 * the start of work to the last message accepted, in two alternating rounds;
 * lost and duplicated messages are counted from the Message-IDs the sink saw.
 */
export async function benchEmail(ctx: PairContext): Promise<PairResult> {
  const sink = await startSink()
  const prefix = `bench-email-${process.pid}`
  const { rows: targets } = await ctx.db.query<{ application_id: string; candidate_id: string; job_id: string; email: string; first_name: string; last_name: string; title: string }>(`
    SELECT a.id AS application_id, a.candidate_id, a.job_id, c.email, c.first_name, c.last_name, j.title
      FROM applications a JOIN candidates c ON c.id = a.candidate_id AND c.erased_at IS NULL AND c.email IS NOT NULL JOIN jobs j ON j.id = a.job_id
     LIMIT $1`, [MESSAGES])
  if (targets.length < MESSAGES) throw new Error(`the bench database has only ${targets.length} applications to e-mail about`)
  const env = {
    ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'warn', DATABASE_URL: ctx.databaseUrl, REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_PREFIX: prefix, SMTP_URL: `smtp://127.0.0.1:${sink.port}`, JWT_SECRET: 'bench-secret-that-is-at-least-32-characters',
    OUTBOX_POLL_MS: '50', DATABASE_POOL_MAX: '10',
  }
  let worker: ChildProcess | undefined
  const outboxIds: string[] = []
  // The idempotency key of each e-mail this pair owes, to remove them after.
  const notificationKeys: string[] = []
  try {
    // Outbox rows left by the pairs before (the moves pair writes stage-moved
    // rows) would be e-mailed too: the bench measures only its own e-mails.
    const { rowCount: leftover } = await ctx.db.query(`UPDATE outbox_events SET dispatched_at = now() WHERE dispatched_at IS NULL`)
    await ctx.db.query(`UPDATE notifications SET status = 'CANCELLED', last_error = 'left over by an earlier bench run' WHERE status = 'PENDING'`)
    if (leftover) ctx.log(`  ${leftover} outbox rows written by the other pairs marked dispatched: only this pair's e-mails are measured`)
    worker = spawn(process.execPath, ['--import', 'tsx', 'workers/index.ts'], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] })
    await new Promise((resolve) => setTimeout(resolve, 3000))

    // Ours: the worker process is up and idle; the clock starts when the rows commit.
    const ours = async (count = MESSAGES) => {
      const batch = targets.slice(0, count)
      const ids = batch.map(() => uuidv7())
      outboxIds.push(...ids)
      notificationKeys.push(...ids.map((id, i) => `APPLICATION_RECEIVED:${id}:${batch[i]!.candidate_id}`))
      await sink.ask(true)
      const started = performance.now()
      await ctx.db.query(
        `INSERT INTO outbox_events (id, topic, payload)
         SELECT o, 'application.received', jsonb_build_object('applicationId', a, 'candidateId', c, 'jobId', j)
           FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[]) AS t(o, a, c, j)`,
        [ids, batch.map((t) => t.application_id), batch.map((t) => t.candidate_id), batch.map((t) => t.job_id)],
      )
      await waitForAll(sink, count, 600_000)
      const ms = performance.now() - started
      await new Promise((resolve) => setTimeout(resolve, 1000)) // a late duplicate would arrive now
      return { ms, ...(await sink.ask()) }
    }

    // Baseline: the same messages, rendered beforehand (rendering is not sending), sent by bare nodemailer.
    const settings = { COMPANY_NAME: 'Shortlist', PUBLIC_URL: 'http://127.0.0.1:3000' }
    const rendered = targets.map((t) => {
      const facts = {
        recipientName: `${t.first_name} ${t.last_name}`, recipientTimeZone: null, candidateFirstName: t.first_name, candidateLastName: t.last_name, jobTitle: t.title,
        jobLocation: null, applicationId: t.application_id, stageName: null, interview: null, link: null, panelistName: null,
      }
      const email = renderEmail('APPLICATION_RECEIVED', defaultTemplates.APPLICATION_RECEIVED, emailContext(facts, settings))
      return { from: 'Shortlist <no-reply@shortlist.localhost>', to: t.email, ...email, headers: { 'Auto-Submitted': 'auto-generated' } }
    })
    const bare = async (count = MESSAGES) => {
      const messages = rendered.slice(0, count).map((m) => ({ ...m, messageId: `<${uuidv7()}@shortlist.localhost>` }))
      await sink.ask(true)
      const transport = createMailTransport({ SMTP_URL: `smtp://127.0.0.1:${sink.port}`, SMTP_POOL_CONNECTIONS: POOL })
      const started = performance.now()
      let next = 0
      await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
        while (next < messages.length) await transport.sendMail(messages[next++]!)
      }))
      const arrived = await waitForAll(sink, count, 600_000)
      const ms = performance.now() - started
      transport.close()
      return { ...arrived, ms }
    }

    // Two rounds, alternating, each after the database has settled (the pairs
    // before this one leave autovacuum work that would land on whichever side
    // ran first).
    const runs: { ours: Array<{ ms: number; received: number; distinct: number }>; bare: Array<{ ms: number; received: number; distinct: number }> } = { ours: [], bare: [] }
    // Warm-up, not counted: caches, prepared statements and JIT for both sides.
    ctx.log(`  warm-up: ${WARMUP} e-mails each way…`)
    await ours(WARMUP)
    await bare(WARMUP)
    for (let round = 1; round <= ROUNDS; round++) {
      await settle(ctx.db)
      ctx.log(`  round ${round}: ${MESSAGES} e-mails through the outbox and the worker…`)
      runs.ours.push(await ours())
      await settle(ctx.db)
      ctx.log(`  round ${round}: the same ${MESSAGES} messages through bare nodemailer…`)
      runs.bare.push(await bare())
    }
    worker.kill('SIGTERM')
    await once(worker, 'exit')

    const rate = (side: Array<{ ms: number }>) => (side.length * MESSAGES) / (side.reduce((sum, r) => sum + r.ms, 0) / 1000)
    const oursRate = rate(runs.ours)
    const bareRate = rate(runs.bare)
    const lost = runs.ours.reduce((sum, r) => sum + MESSAGES - r.distinct, 0)
    const duplicated = runs.ours.reduce((sum, r) => sum + r.received - r.distinct, 0)
    const ratio = oursRate / bareRate
    return {
      pair: 'e-mail 10k', ours: `${oursRate.toFixed(0)} e-mails/s (lost ${lost}, duplicated ${duplicated})`, baseline: `${bareRate.toFixed(0)} e-mails/s bare nodemailer`,
      ratio, ratioOf: 'throughput', target: `≥ ${TARGET_RATIO}× bare, 0 lost, 0 duplicated`, pass: ratio >= TARGET_RATIO && lost === 0 && duplicated === 0,
      details: { messages: MESSAGES, rounds: ROUNDS, concurrency: CONCURRENCY, smtpConnections: POOL, batchSize: BATCH, runs },
    }
  } finally {
    if (worker && worker.exitCode === null) worker.kill('SIGKILL')
    sink.close()
    // The bench database keeps its shape run after run: remove what this pair added.
    await ctx.db.query(`DELETE FROM notifications WHERE idempotency_key = ANY($1::text[])`, [notificationKeys]).catch(() => {})
    await ctx.db.query(`DELETE FROM outbox_events WHERE id = ANY($1::uuid[])`, [outboxIds]).catch(() => {})
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379')
    const redisKeys = await redis.keys(`${prefix}:*`)
    if (redisKeys.length) await redis.del(...redisKeys)
    redis.disconnect()
  }
}
