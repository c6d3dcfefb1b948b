import type { Db } from '../../src/db/client.ts'
import { removeListedResumeFiles, sweepUnknownResumeFiles } from '../../src/services/resume-files.ts'

/**
 * Deletes the resume files whose rows are gone: those still listed for
 * deletion (the API's own attempt failed, or its process died first), then
 * files no row knows. Returns counts only. Files that could not be deleted
 * fail the job, so the queue dashboard shows it; they stay listed for the next run.
 */
export async function removeOrphanedResumeFiles(db: Db, storageDir: string): Promise<{ removed: number; swept: number }> {
  const listed = await removeListedResumeFiles(db, storageDir)
  const swept = await sweepUnknownResumeFiles(db, storageDir)
  if (listed.failed) throw new Error(`${listed.removed + swept.removed} resume files deleted; ${listed.failed} could not be and stay listed`)
  return { removed: listed.removed, swept: swept.removed }
}
