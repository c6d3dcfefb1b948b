// `npm run bench` options: the API pool defaults to twice the cores and can be set.
import t from 'tap'
import os from 'node:os'
import { BenchUsageError, parseBenchOptions } from '../../scripts/bench/options.ts'

t.test('the API pool is twice the cores unless --api-pool sets it', async (t) => {
  t.equal(parseBenchOptions([]).apiPool, 2 * os.availableParallelism())
  t.equal(parseBenchOptions(['--api-pool', '12']).apiPool, 12)
  t.equal(parseBenchOptions([]).connections, 16, 'the load stays at 16 connections either way')
})

t.test('a pool that is not a whole number of at least one is refused', async (t) => {
  t.throws(() => parseBenchOptions(['--api-pool', '0']), BenchUsageError)
  t.throws(() => parseBenchOptions(['--api-pool', 'many']), { message: /--api-pool must be a whole number/ })
})
