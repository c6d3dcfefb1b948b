// The worker logs like the API: JSON lines, its own name, and the same redaction
// of credentials and personal data.
import t from 'tap'
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
