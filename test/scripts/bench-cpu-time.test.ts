// The bench's CPU accounting: how /proc lines are read, which part each
// process is, and that a process burning a core is measured as doing so.
import t from 'tap'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, readFileSync } from 'node:fs'
import { cpuPerOperation, cpuRates, parseStat, partOf, ratesWithin } from '../../scripts/bench/cpu-time.ts'

// The bench reads CPU from /proc, on Linux only (elsewhere it reports none); CI runs Linux.
const skip = existsSync('/proc/self/stat') ? false : 'Linux only: reads /proc'

t.test('a stat line is read from its last parenthesis, whatever the command name holds', { skip }, async (t) => {
  const line = '1234 (we(ird) name) S 42 1234 1234 0 -1 4194560 100 0 0 0 250 30 0 0 20 0 1 0 100 0 0\n'
  t.same(parseStat(line), { comm: 'we(ird) name', ppid: 42, ticks: 280, startTime: 100 })
  t.equal(parseStat('1234 no parentheses S 1'), null)
  t.equal(parseStat('1234 (cut) S 42 1234 1234 0 -1 4194560 100 0 0 0 250 30 0 0 20 0 1 0'), null, 'too few fields')
  t.equal(parseStat(readFileSync('/proc/self/stat', 'utf8'))?.ppid, process.ppid, 'this process, as Linux writes it')
})

t.test('processes are told apart by the pids the bench knows and by name', async (t) => {
  const p = (comm: string, ppid: number) => ({ comm, ppid, ticks: 0, startTime: 0 })
  const known = { api: 100, loadGenerator: 400 }
  t.equal(partOf(100, p('node', 1), known), 'api', 'the bench itself serves the API')
  t.equal(partOf(400, p('node', 100), known), 'loadGenerator', 'the child it names')
  t.equal(partOf(200, p('postgres', 1), known), 'postgresql')
  t.equal(partOf(300, p('pgbench', 100), known), 'pgbench', 'by name, though the bench started it')
  t.equal(partOf(500, p('node', 100), known), null, 'another child of the bench (an SMTP sink, say) is not counted')
  t.equal(partOf(400, p('node', 100), { api: 100 }), null, 'nor is any process when no load generator is named')
})

t.test('a child that burns half a CPU second inside the window is measured as having done so', { skip }, async (t) => {
  // Counting its own CPU, not the clock, so that the figure holds however busy
  // the cores are with other test files; it then idles until killed, alive at both snapshots.
  const burn = 'const from = process.cpuUsage(); for (;;) { const u = process.cpuUsage(from); if (u.user + u.system >= 500000) break } setInterval(() => {}, 1000)'
  // Without the test runner's environment (its loaders, coverage), which would add start-up CPU of their own.
  const child = spawn(process.execPath, ['-e', burn], { stdio: 'ignore', env: { PATH: process.env.PATH } })
  const windowSeconds = 4
  const rates = await cpuRates(0, windowSeconds * 1000, { api: process.pid, loadGenerator: child.pid! })
  child.kill()
  await once(child, 'exit')
  t.ok(rates, 'Linux has /proc')
  const seconds = rates!.loadGenerator! * windowSeconds
  // Half a second burnt, plus what node spends starting up.
  t.ok(seconds >= 0.48 && seconds <= 0.8, `the load generator spent ${seconds.toFixed(2)} CPU-s`)
  t.ok(rates!.api! * windowSeconds < 0.2, 'this process mostly slept')
})

t.test('CPU per operation divides each rate by the run\'s throughput and averages over the runs measured', async (t) => {
  t.same(cpuPerOperation([{ rates: { api: 0.5, postgresql: 1 }, perSecond: 1000 }, { rates: { api: 0.3, postgresql: 1.2 }, perSecond: 2000 }, { rates: null, perSecond: 900 }]),
    { api: 0.325, postgresql: 0.8 })
  t.equal(cpuPerOperation([{ rates: null, perSecond: 1000 }]), null, 'nothing measured')
  t.equal(cpuPerOperation([{ rates: { api: 1 }, perSecond: 0 }]), null, 'a run that did nothing')
})

t.test('a window that closed after its run ended is dropped, not reported', async (t) => {
  const sample = (closedAt: number) => Promise.resolve({ rates: { api: 0.5 }, closedAt })
  t.same(await ratesWithin(sample(100), 150), { api: 0.5 }, 'closed inside the run')
  t.equal(await ratesWithin(sample(200), 150), null, 'closed after it: idle time was measured too')
  t.equal(await ratesWithin(null, 150), null, 'the run never announced its timed part')
})
