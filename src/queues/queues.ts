import { Queue, type JobsOptions } from 'bullmq'
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

/** One Queue per queue name, each with an `error` listener (an EventEmitter without one crashes the process). */
export function createQueues(config: QueueSettings, role: QueueRole, onError: (error: Error, queue: QueueName) => void): Queues {
  const connection = role === 'producer' ? producerConnection(config) : workerConnection(config)
  const entries = allQueueNames().map((name) => {
    const queue = new Queue(name, { connection, prefix: queuePrefix(config), defaultJobOptions: defaultJobOptions(name) })
    queue.on('error', (error) => onError(error, name))
    return [name, queue] as const
  })
  return Object.fromEntries(entries) as Queues
}

/**
 * Adds a job to the queue its name belongs to. Pass a `jobId` derived from the
 * work (e.g. `stage-moved:${transitionId}`) to make adding it twice a no-op.
 */
export function addJob(queues: Queues, item: JobItem, options: JobsOptions = {}) {
  return queues[JOBS_TO_QUEUE[item.name]].add(item.name, item.data, options)
}

/**
 * Closes every queue. While Redis is unreachable a graceful close cannot
 * finish and its ioredis client would go on reconnecting, keeping the process
 * alive: after a short wait the connection is cut instead.
 */
export async function closeQueues(queues: Queues, graceMs = 2000): Promise<void> {
  await Promise.allSettled(
    Object.values(queues).map(async (queue) => {
      let timer: NodeJS.Timeout | undefined
      const closed = await Promise.race([
        queue.close().then(() => true, () => false),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), graceMs))),
      ])
      clearTimeout(timer)
      if (!closed) await queue.disconnect().catch(() => {})
    }),
  )
}
