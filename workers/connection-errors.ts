import type { Logger } from 'pino'

/**
 * Logs Queue and Worker `error` events. While Redis is down each connection
 * reports every reconnection attempt; logging each with its stack would bury
 * everything else, so the same message from the same source is logged once per
 * window, with how many repeats were skipped.
 */
export function createErrorReporter(log: Logger, windowMs = 30_000) {
  const seen = new Map<string, { at: number; skipped: number }>()
  return (err: Error, source: { queue: string; role: 'queue' | 'worker' }) => {
    const key = `${source.role}:${source.queue}:${err.message}`
    const now = Date.now()
    const last = seen.get(key)
    if (last && now - last.at < windowMs) {
      last.skipped++
      return
    }
    seen.set(key, { at: now, skipped: 0 })
    log.warn({ ...source, error: err.message, repeatsSkipped: last?.skipped ?? 0 }, `${source.role} connection error`)
  }
}

export type ErrorReporter = ReturnType<typeof createErrorReporter>
