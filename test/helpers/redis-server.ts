// A Redis server of the test's own, for tests that stop and start Redis: the
// shared one serves every other test file running at the same time.
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from './waiting.ts'

export interface OwnRedis {
  url: string
  /** Shuts it down (SIGTERM: it writes its append-only file and exits, like a restart in production). */
  stop(): Promise<void>
  start(): Promise<void>
  /** Stops it and deletes its files. */
  remove(): Promise<void>
}

export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort()
  const dir = await mkdtemp(join(tmpdir(), 'shortlist-redis-'))
  let child: ChildProcess | null = null
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', ''], { stdio: ['ignore', 'pipe', 'inherit'] })
    let output = ''
    child.stdout!.on('data', (chunk) => (output += chunk))
    const deadline = Date.now() + 10_000
    while (!/Ready to accept connections/.test(output)) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`redis-server did not start: ${output.slice(-500)}`)
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
  }
  const stop = async () => {
    if (!child || child.exitCode !== null) return
    const exited = once(child, 'exit')
    child.kill('SIGTERM')
    await exited
  }
  await start()
  return {
    url: `redis://127.0.0.1:${port}`,
    start,
    stop,
    async remove() {
      await stop()
      await rm(dir, { recursive: true, force: true })
    },
  }
}
