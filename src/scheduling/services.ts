import type { Config } from '../config.ts'
import type { Db } from '../db/client.ts'
import { createInterviewsService } from '../services/interviews.ts'
import { createSelfSchedulingService } from '../services/self-scheduling.ts'
import { linkSigningKey } from './link-token.ts'

/** The interviews service and the self-scheduling service over it, with the link key both sign with. */
export function createSchedulingServices(db: Db, config: Pick<Config, 'MAIL_FROM' | 'PUBLIC_URL' | 'SCHEDULING_LINK_SECRET' | 'JWT_SECRET'>) {
  const linkKey = linkSigningKey(config)
  const interviews = createInterviewsService(db, { mailFrom: config.MAIL_FROM, linkKey })
  return { interviews, selfScheduling: createSelfSchedulingService(db, interviews, { linkKey, publicUrl: config.PUBLIC_URL }) }
}
