// Kill the worker process (SIGKILL) in the middle of a 2,000-message burst and
// start it again: every message arrives, and the duplicates are counted. The
// bound: a message is sent twice only if the process died after the SMTP
// server accepted it and before its SENT record committed, so at most the
// sends in flight at the kill, EMAIL_SEND_CONCURRENCY for one killed worker.
import t from 'tap'
import { once } from 'node:events'
import { createPool } from '../../src/db/client.ts'
import { deleteRedisKeys } from '../helpers/app.ts'
import { testConfig } from '../helpers/config.ts'
import { createTestDatabase } from '../helpers/database.ts'
import { startSmtpSink } from '../helpers/smtp-sink.ts'
import { startWorkerProcess } from '../helpers/worker-process.ts'
import { owedReceipts } from './fixtures.ts'

const BURST = 2000
const CONCURRENCY = 10
const sink = await startSmtpSink()
const database = await createTestDatabase()
const config = testConfig(database.url, { SMTP_URL: sink.url })
const pool = createPool(config)
t.teardown(async () => {
  await pool.end()
  await sink.close()
  await database.drop()
  await deleteRedisKeys(config)
})

const workerEnv = {
  ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn', DATABASE_URL: database.url, REDIS_URL: config.REDIS_URL, REDIS_PREFIX: config.REDIS_PREFIX,
  SMTP_URL: sink.url, JWT_SECRET: config.JWT_SECRET, EMAIL_SEND_CONCURRENCY: String(CONCURRENCY), OUTBOX_POLL_MS: '50',
  // A killed worker's jobs go back to the queue once their lock lapses: 2 s here, 30 s by default.
  JOB_LOCK_MS: '2000', EMAIL_RETRY_DELAY_MS: '200',
}

function startWorker() {
  const child = startWorkerProcess(workerEnv)
  t.teardown(() => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'))
  return child
}

const distinctMessageIds = () => new Set(sink.received.map((m) => /^Message-ID:\s*(\S+)/im.exec(m.raw)?.[1])).size

t.test(`SIGKILL mid-burst of ${BURST}: every message arrives, duplicates at most ${CONCURRENCY}`, async (t) => {
  await owedReceipts(pool, BURST, 'crash')
  const first = startWorker()
  await sink.waitFor(300, 60_000)
  first.kill('SIGKILL')
  await once(first, 'exit')
  const atKill = sink.received.length
  t.ok(atKill < BURST, `killed with ${atKill} of ${BURST} delivered`)

  const second = startWorker()
  const deadline = Date.now() + 90_000
  while (distinctMessageIds() < BURST && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100))
  t.equal(distinctMessageIds(), BURST, 'every message arrived')
  // Settle: nothing more should come.
  await new Promise((resolve) => setTimeout(resolve, 1000))
  const duplicates = sink.received.length - distinctMessageIds()
  t.ok(duplicates <= CONCURRENCY, `${duplicates} duplicate(s), within the bound of ${CONCURRENCY} sends in flight`)
  const { rows } = await pool.query<{ status: string; count: number }>(`SELECT status::text, count(*)::int FROM notifications GROUP BY status`)
  t.same(rows, [{ status: 'SENT', count: BURST }], 'the ledger records each one sent')
  const { rows: [attempts] } = await pool.query<{ sent: number }>(`SELECT count(*)::int AS sent FROM notification_attempts WHERE outcome = 'SENT'`)
  t.equal(attempts!.sent, BURST, 'one SENT attempt each: a duplicate is the one whose record the kill lost')
  const byAddress = new Map<string, number>()
  for (const m of sink.received) for (const to of m.envelopeTo) byAddress.set(to, (byAddress.get(to) ?? 0) + 1)
  t.equal(byAddress.size, BURST, 'each candidate got theirs')

  second.kill('SIGTERM')
  const [code] = (await once(second, 'exit')) as [number | null]
  t.equal(code, 0, 'the restarted worker stops cleanly')
})
