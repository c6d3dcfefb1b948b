// scripts/up.sh is exercised by hand (it runs services and servers); here: it
// parses, prints the seed's real demo credentials, and reads .env like dotenv.
import t from 'tap'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD } from '../../scripts/lib/seed/demo-staff.ts'
import { repositoryRoot } from './run-script.ts'

const upScript = path.join(repositoryRoot, 'scripts/up.sh')

t.test('up.sh is valid bash and prints the demo credentials the seed creates', async (t) => {
  execFileSync('bash', ['-n', upScript])
  const text = readFileSync(upScript, 'utf8')
  t.match(text, `DEMO_ADMIN_EMAIL=${DEMO_ADMIN_EMAIL}\n`)
  t.match(text, `DEMO_PASSWORD=${DEMO_PASSWORD}\n`)
})

t.test('load_env_file reads .env.example without running it, and the environment wins', async (t) => {
  const script = 'source scripts/lib/env-file.sh; load_env_file .env.example; printf "%s\\n" "$MAIL_FROM" "$PORT" "$LOG_LEVEL"'
  const out = execFileSync('bash', ['-c', script], { cwd: repositoryRoot, env: { PATH: process.env.PATH, LOG_LEVEL: 'debug' }, encoding: 'utf8' })
  const [mailFrom, port, logLevel] = out.trimEnd().split('\n')
  t.equal(mailFrom, 'Shortlist <no-reply@shortlist.localhost>', 'a value with spaces and <> is read as text')
  t.equal(port, '3000')
  t.equal(logLevel, 'debug', 'a variable already set is left alone')
})
