import { Queue, type JobsOptions } from 'bullmq'
import { Redis, type RedisOptions } from 'ioredis'
import type { Config } from '../config.ts'
import { producerConnection, queuePrefix, workerConnection } from './connection.ts'
import { defaultJobOptions } from './job-options.ts'
import type { JobItem } from './jobs.ts'
import { allQueueNames, JOBS_TO_QUEUE, type QueueName } from './names.ts'

export type Queues = Record<QueueName, Queue>

/**
 * Who opens the queues decides how they behave while Redis is down: the API
 * fails fast (`producer`), the worker process waits for Redis (`worker`).
 */
export type QueueRole = 'producer' | 'worker'

type QueueSettings = Pick<Config, 'REDIS_URL' | 'REDIS_PREFIX'>

// The Redis client under each set of queues. We open it ourselves, rather than
// letting BullMQ open one from options, so that closing can always cut it: a
// BullMQ-owned connection that never got ready (Redis unreachable at the wrong
// moment) cannot be closed or disconnected, and keeps the process alive.
const clients = new WeakMap<Queues, Redis>()

/** One Queue per queue name over one Redis client, each with an `error` listener (an EventEmitter without one crashes the process). */
export function createQueues(config: QueueSettings, role: QueueRole, onError: (error: Error, queue: QueueName) => void): Queues {
  const { url, ...options } = (role === 'producer' ? producerConnection(config) : workerConnection(config)) as RedisOptions & { url: string }
  const client = new Redis(url, options)
  // Its errors reach the queues' listeners as well; this one only keeps ioredis from calling them unhandled.
  client.on('error', () => {})
  const entries = allQueueNames().map((name) => {
    const queue = new Queue(name, { connection: client, prefix: queuePrefix(config), defaultJobOptions: defaultJobOptions(name) })
    queue.on('error', (error) => onError(error, name))
    return [name, queue] as const
  })
  const queues = Object.fromEntries(entries) as Queues
  clients.set(queues, client)
  return queues
}

/**
 * Adds a job to the queue its name belongs to. Pass a `jobId` derived from the
 * work (e.g. `stage-moved:${transitionId}`) to make adding it twice a no-op.
 */
export function addJob(queues: Queues, item: JobItem, options: JobsOptions = {}) {
  return queues[JOBS_TO_QUEUE[item.name]].add(item.name, item.data, options)
}

/**
 * Closes every queue, then its Redis client: politely (QUIT) when Redis
 * answers within `graceMs`, otherwise by cutting the connection, so a Redis
 * that is unreachable never keeps the process alive.
 */
export async function closeQueues(queues: Queues, graceMs = 2000): Promise<void> {
  const withinGrace = (work: Promise<unknown>) => {
    let timer: NodeJS.Timeout | undefined
    return Promise.race([
      work.then(() => true, () => false),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), graceMs))),
    ]).finally(() => clearTimeout(timer))
  }
  await withinGrace(Promise.all(Object.values(queues).map((queue) => queue.close())))
  const client = clients.get(queues)
  if (client && !(await withinGrace(client.quit()))) client.disconnect()
}
