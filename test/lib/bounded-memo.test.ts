// The memo behind the zone formatters, calendar zones and compiled templates:
// computes a key once, remembers null too, and forgets the least recently used.
import t from 'tap'
import { boundedMemo } from '../../src/lib/bounded-memo.ts'

t.test('a key is computed once, whatever it yields', async (t) => {
  const computed: string[] = []
  const lookUp = boundedMemo((key) => {
    computed.push(key)
    return key === 'unknown' ? null : key.toUpperCase()
  })
  t.equal(lookUp('a'), 'A')
  t.equal(lookUp('a'), 'A')
  t.equal(lookUp('unknown'), null)
  t.equal(lookUp('unknown'), null)
  t.same(computed, ['a', 'unknown'], 'null is remembered like any other result')
})

t.test('past its bound it forgets the key used longest ago, not the ones in use', async (t) => {
  const computed: string[] = []
  const lookUp = boundedMemo((key) => {
    computed.push(key)
    return key
  }, 2)
  lookUp('a')
  lookUp('b')
  lookUp('a') // a is now the most recently used
  lookUp('c') // evicts b
  lookUp('a')
  lookUp('b')
  t.same(computed, ['a', 'b', 'c', 'b'])
})
