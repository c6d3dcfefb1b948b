// The worker logs like the API: JSON lines, its own name, and the same redaction
// of credentials and personal data.
import t from 'tap'
import { Prisma } from '../../src/generated/prisma/client.ts'
import { createWorkerLogger } from '../../workers/logger.ts'

t.test('personal data and credentials are redacted from worker logs', async (t) => {
  const lines: Array<Record<string, any>> = []
  const log = createWorkerLogger({ LOG_LEVEL: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) })
  log.info({ email: 'ada@example.test', candidate: { email: 'grace@example.test', firstName: 'Grace' }, password: 'hunter2hunter2', jobId: 'j1' }, 'sent')
  t.match(lines[0], { name: 'shortlist-worker', msg: 'sent', jobId: 'j1', email: '[redacted]', password: '[redacted]', candidate: { email: '[redacted]', firstName: '[redacted]' } })
  t.notMatch(JSON.stringify(lines), /ada@|grace@|Grace|hunter2/)
})

t.test('LOG_LEVEL applies', async (t) => {
  const lines: string[] = []
  const log = createWorkerLogger({ LOG_LEVEL: 'warn' }, { write: (line: string) => lines.push(line) })
  log.info('quiet')
  log.warn('loud')
  t.equal(lines.length, 1)
})

t.test("a Prisma error is logged by call and code, without the values its message quotes (a worker job's failure is logged with { err })", async (t) => {
  const lines: Array<Record<string, any>> = []
  const log = createWorkerLogger({ LOG_LEVEL: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) })
  const message = 'Invalid `prisma.candidate.update()` invocation:\n\n{ data: { email: "ada@example.test" } }\n\nUnique constraint failed on the fields: (`email`)'
  log.warn({ err: new Prisma.PrismaClientKnownRequestError(message, { code: 'P2002', clientVersion: Prisma.prismaVersion.client }) }, 'job failed')
  t.match(lines[0], { msg: 'job failed', err: { type: 'PrismaClientKnownRequestError', code: 'P2002', message: 'prisma.candidate.update() failed (P2002)' } })
  t.notMatch(JSON.stringify(lines), /ada@/, 'the quoted e-mail address is not logged')
})
