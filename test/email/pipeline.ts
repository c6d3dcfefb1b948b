// What the e-mail tests share: the app and the worker runtime on one test
// database, sending to an SMTP server in the test process.
import { pino } from 'pino'
import type { FastifyInstance } from 'fastify'
import { startWorkerRuntime } from '../../workers/runtime.ts'
import { buildTestApp } from '../helpers/app.ts'
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.ts'
import type { Config } from '../../src/config.ts'

interface Teardown {
  teardown(fn: () => unknown): void
}

export interface MailPipeline {
  app: FastifyInstance
  config: Config
  sink: SmtpSink
}

/** Fast retries and polling, so failure paths finish in a test's time. */
export const quickDelivery = { EMAIL_RETRY_DELAY_MS: '100', OUTBOX_POLL_MS: '25', EMAIL_MAX_ATTEMPTS: '4', LOGIN_RATE_LIMIT_MAX: '100000' }

export async function startMailPipeline(t: Teardown, env: Record<string, string> = {}): Promise<MailPipeline> {
  const sink = await startSmtpSink()
  const { app, config } = await buildTestApp(t, { ...quickDelivery, SMTP_URL: sink.url, ...env })
  const runtime = await startWorkerRuntime(config, pino({ level: process.env.WORKER_LOG ?? 'silent' }))
  // Registered after the app's teardown, so it runs first (tap runs teardowns last-in first-out).
  t.teardown(async () => {
    await runtime.stop()
    await sink.close()
  })
  return { app, config, sink }
}

export { eventually } from '../helpers/waiting.ts'
