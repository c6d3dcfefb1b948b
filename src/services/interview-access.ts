import type { DbClient } from '../db/client.ts'
import { Errors } from '../errors.ts'
import { assertManagesApplication, managedByPrincipal, notManaging, visibleToPrincipal } from './job-access.ts'
import type { Principal } from './sessions.ts'

// Who may book, move and cancel an application's interviews: those who manage
// its job (admins, recruiters and the job's own hiring managers).
const SCHEDULING = 'schedule interviews for this job'

/** The application, if the principal may schedule for it; 404 when they cannot see it (as for every per-job resource), 403 when they see it but may not. */
export async function assertMaySchedule(db: DbClient, principal: Principal, applicationId: string): Promise<void> {
  await assertManagesApplication(db, principal, applicationId, SCHEDULING)
}

/** The same for an interview's application, found through the interview in one read. */
export async function assertMayScheduleInterview(db: DbClient, principal: Principal, interviewId: string): Promise<void> {
  const [row] = await db.$queryRaw<Array<{ manages: boolean }>>`
    SELECT ${managedByPrincipal(principal)} AS manages FROM interviews i JOIN applications a ON a.id = i.application_id
     WHERE i.id = ${interviewId}::uuid AND ${visibleToPrincipal(principal)}`
  if (!row) throw new Errors.NotFound('Interview')
  if (!row.manages) throw notManaging(SCHEDULING)
}
