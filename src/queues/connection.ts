import type { ConnectionOptions } from 'bullmq'
import type { Config } from '../config.ts'

type RedisSettings = Pick<Config, 'REDIS_URL' | 'REDIS_PREFIX'>

// BullMQ opens and closes its own ioredis connections from these options, so
// each Queue and Worker owns its connections and closing it releases them.
// Keys are namespaced with BullMQ's `prefix`, never ioredis `keyPrefix`: BullMQ's
// Lua scripts build key names themselves and would miss a client-side prefix.

/** Every Redis key a queue writes starts with `${REDIS_PREFIX}:`, like the rest of Shortlist's keys. */
export const queuePrefix = (config: RedisSettings): string => config.REDIS_PREFIX

/**
 * For workers: commands wait for Redis to come back instead of failing after a
 * few retries (`maxRetriesPerRequest: null`), so a Redis restart pauses the
 * workers rather than crashing them. BullMQ requires it for blocking commands.
 */
export function workerConnection(config: RedisSettings): ConnectionOptions {
  return { url: config.REDIS_URL, maxRetriesPerRequest: null, connectionName: 'shortlist-worker', ...reconnect }
}

/**
 * For queues the API adds jobs to: while Redis is down, `add` fails at once
 * (`enableOfflineQueue: false`) so the request can answer 503 instead of hanging.
 */
export function producerConnection(config: RedisSettings): ConnectionOptions {
  return { url: config.REDIS_URL, enableOfflineQueue: false, maxRetriesPerRequest: 1, connectionName: 'shortlist-api', ...reconnect }
}

// Keep reconnecting, at most every 2 s, forever: Redis coming back must heal us.
const reconnect = { retryStrategy: (attempt: number) => Math.min(attempt * 200, 2000) }
