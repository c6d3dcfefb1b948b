import { Lru } from 'toad-cache'

/**
 * `compute` remembered for the last `max` keys used (toad-cache's LRU, which
 * @fastify/cors uses for the same job). For results that cost far more to make
 * than to keep, keyed by values people typed (zone names, template sources):
 * the bound keeps memory fixed whatever they type. Null and undefined results
 * are remembered too.
 */
export function boundedMemo<V>(compute: (key: string) => V, max = 1000): (key: string) => V {
  const cache = new Lru<{ value: V }>(max)
  return (key) => {
    let hit = cache.get(key)
    if (!hit) {
      hit = { value: compute(key) }
      cache.set(key, hit)
    }
    return hit.value
  }
}
