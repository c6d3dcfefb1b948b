// A real SMTP server in the test process (smtp-server, the library nodemailer's
// authors publish for this): it accepts mail like any server, keeps every
// message it accepted, and can be told to answer with an error for a while.
import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { simpleParser, type ParsedMail } from 'mailparser'
import { SMTPServer } from 'smtp-server'
import { createMailTransport, type MailTransport } from '../../src/email/transport.ts'

export interface ReceivedMail {
  raw: string
  envelopeTo: string[]
}

export interface SmtpSink {
  url: string
  port: number
  received: ReceivedMail[]
  /** Answer the next DATA commands with this reply (e.g. 421 or 550) until cleared. */
  failWith(code: number | null, message?: string): void
  /** Holds every message's acceptance until the returned function is called (a slow server); `receiving` resolves when one is being held. */
  hold(): { receiving: Promise<void>; release: () => void }
  /** Messages refused so far. */
  refused(): number
  parse(mail: ReceivedMail): Promise<ParsedMail>
  /** Resolves once `count` messages have been accepted (or rejects after `ms`). */
  waitFor(count: number, ms?: number): Promise<void>
  close(): Promise<void>
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const received: ReceivedMail[] = []
  let failure: { code: number; message: string } | null = null
  let refusals = 0
  let held: { arrived: () => void; gate: Promise<void> } | null = null
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 10 * 1024 * 1024,
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', async () => {
        if (held) {
          held.arrived()
          await held.gate
        }
        if (failure) {
          refusals++
          return callback(Object.assign(new Error(failure.message), { responseCode: failure.code }))
        }
        received.push({ raw: Buffer.concat(chunks).toString('utf8'), envelopeTo: session.envelope.rcptTo.map((r) => r.address) })
        callback()
      })
    },
  })
  server.on('error', () => {})
  server.listen(0, '127.0.0.1')
  await once(server.server, 'listening')
  const port = (server.server.address() as AddressInfo).port
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    received,
    failWith(code, message = code && code >= 500 ? '5.1.1 Recipient address rejected' : '4.3.2 Try again later') {
      failure = code === null ? null : { code, message }
    },
    hold() {
      let arrived!: () => void
      let release!: () => void
      const receiving = new Promise<void>((resolve) => (arrived = resolve))
      held = { arrived, gate: new Promise<void>((resolve) => (release = resolve)) }
      return { receiving, release: () => { held = null; release() } }
    },
    refused: () => refusals,
    parse: (mail) => simpleParser(mail.raw),
    async waitFor(count, ms = 30_000) {
      const deadline = Date.now() + ms
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} messages, received ${received.length}`)
        await new Promise((resolve) => setTimeout(resolve, 25))
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** A sink of its own and a transport to it, both closed when the test ends: for tests that call the sender directly. */
export async function startSinkWithTransport(t: { teardown(fn: () => unknown): void }, connections: number): Promise<{ sink: SmtpSink; transport: MailTransport }> {
  const sink = await startSmtpSink()
  const transport = createMailTransport({ SMTP_URL: sink.url, SMTP_POOL_CONNECTIONS: connections })
  t.teardown(async () => {
    transport.close()
    await sink.close()
  })
  return { sink, transport }
}
