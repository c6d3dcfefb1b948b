// While Redis is down every connection reports each reconnection attempt; the
// worker logs a given error once per window per source, counting the repeats.
import t from 'tap'
import { pino } from 'pino'
import { createErrorReporter } from '../../workers/connection-errors.ts'

t.test('the same error from the same source is logged once per window, with the repeats counted', async (t) => {
  const lines: Array<Record<string, unknown>> = []
  const log = pino({ level: 'warn' }, { write: (line: string) => lines.push(JSON.parse(line)) })
  const report = createErrorReporter(log, 50)
  const refused = new Error('connect ECONNREFUSED 127.0.0.1:6379')
  for (let i = 0; i < 5; i++) report(refused, { queue: 'maintenance', role: 'worker' })
  report(refused, { queue: 'maintenance', role: 'queue' })
  t.equal(lines.length, 2, 'one line per source')
  t.match(lines[0], { level: 40, queue: 'maintenance', role: 'worker', error: refused.message, repeatsSkipped: 0, msg: 'worker connection error' })
  await new Promise((resolve) => setTimeout(resolve, 60))
  report(refused, { queue: 'maintenance', role: 'worker' })
  t.equal(lines.length, 3)
  t.match(lines[2], { repeatsSkipped: 4 }, 'the next line says how many were skipped')
})
