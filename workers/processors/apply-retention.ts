import type { Config } from '../../src/config.ts'
import type { Db } from '../../src/db/client.ts'
import { removeListedResumeFiles } from '../../src/services/resume-files.ts'
import { applyRetention } from '../../src/services/retention.ts'

/**
 * The daily retention rule: erase candidates whose last application closed
 * more than RETENTION_MONTHS ago, then delete the resume files their erasures
 * listed. Returns a count only (it is kept on the finished job in Redis).
 * Erasures that failed fail the job once the others are done, naming the
 * candidates by id (not personal data), so the queue dashboard shows it and
 * tomorrow's run tries them again.
 */
export async function applyRetentionRule(db: Db, config: Pick<Config, 'RETENTION_MONTHS' | 'RESUME_STORAGE_DIR'>): Promise<{ erased: number }> {
  const result = await applyRetention(db, config.RETENTION_MONTHS)
  // Files that fail here stay listed; the resume-file job retries them.
  await removeListedResumeFiles(db, config.RESUME_STORAGE_DIR)
  if (result.failed.length) {
    throw new Error(`${result.erased} candidates erased; the erasure of ${result.failed.length} failed: ${result.failed.slice(0, 20).join(', ')}`)
  }
  return { erased: result.erased }
}
