import type { Config } from '../config.ts'
import type { Db, DbClient } from '../db/client.ts'
import type { NotificationKind } from '../generated/prisma/enums.ts'
import { Errors, invalidBody } from '../errors.ts'
import { emailContext, type EmailFacts } from '../email/context.ts'
import { defaultTemplates } from '../email/default-templates.ts'
import { kindPolicies, notificationKinds } from '../email/kinds.ts'
import { renderEmail } from '../email/render.ts'
import { checkTemplate, type TemplateSource } from '../email/template-source.ts'
import { assertJobVisible, managedByPrincipal, notManaging, visibleToPrincipal } from './job-access.ts'
import { recordAudit } from './audit.ts'
import type { Principal } from './sessions.ts'
import { HOUR_MS } from '../lib/time.ts'

type Actor = { principal: Principal; requestId: string | null }

/** Every kind's template for a job: its override where it has one, else the default. */
export async function jobTemplates(db: DbClient, principal: Principal, jobId: string) {
  await assertJobVisible(db, principal, jobId)
  const overrides = await db.emailTemplateOverride.findMany({ where: { jobId }, select: { kind: true, subject: true, html: true, text: true, updatedAt: true } })
  const byKind = new Map(overrides.map((o) => [o.kind, o]))
  return notificationKinds.map((kind) => {
    const override = byKind.get(kind)
    const source = override ?? defaultTemplates[kind]
    return { kind, ...kindPolicies[kind], overridden: Boolean(override), subject: source.subject, html: source.html, text: source.text, updatedAt: override?.updatedAt.toISOString() ?? null }
  })
}

/** Stores a job's template for a kind, after checking it (see checkTemplate): a problem answers 400 naming the part. */
export async function overrideTemplate(db: Db, actor: Actor, jobId: string, kind: NotificationKind, source: TemplateSource) {
  const [problem] = checkTemplate(source)
  if (problem) throw invalidBody(`/${problem.part}`, problem.message)
  await db.$transaction(async (tx) => {
    await assertJobVisible(tx, actor.principal, jobId)
    await tx.emailTemplateOverride.upsert({ where: { jobId_kind: { jobId, kind } }, create: { jobId, kind, ...source }, update: source })
    await recordAudit(tx, { action: 'email_template.overridden', actorId: actor.principal.userId, entityType: 'job', entityId: jobId, jobId, requestId: actor.requestId, payload: { kind } })
  })
}

export async function restoreDefaultTemplate(db: Db, actor: Actor, jobId: string, kind: NotificationKind) {
  await db.$transaction(async (tx) => {
    await assertJobVisible(tx, actor.principal, jobId)
    const { count } = await tx.emailTemplateOverride.deleteMany({ where: { jobId, kind } })
    if (!count) throw new Errors.NotFound('Template override')
    await recordAudit(tx, { action: 'email_template.restored', actorId: actor.principal.userId, entityType: 'job', entityId: jobId, jobId, requestId: actor.requestId, payload: { kind } })
  })
}

interface PreviewRow {
  candidateEmail: string | null
  firstName: string
  lastName: string
  candidateTimeZone: string | null
  manages: boolean
  jobId: string
  jobTitle: string
  jobLocation: string | null
  stageName: string
  startsAt: Date | null
  endsAt: Date | null
  interviewTimeZone: string | null
  location: string | null
  videoUrl: string | null
}

/**
 * Renders what a kind of e-mail would say for an application, without sending
 * anything: the job's template, the candidate's and the application's real
 * details. Interview e-mails use the application's latest interview; where
 * there is none (or for a scheduling link, whose token exists only when one is
 * sent) a sample stands in, flagged `sample`.
 */
export async function previewEmail(db: DbClient, principal: Principal, settings: Pick<Config, 'COMPANY_NAME' | 'PUBLIC_URL'>, applicationId: string, kind: NotificationKind) {
  const [row] = await db.$queryRaw<PreviewRow[]>`
    SELECT c.email::text AS "candidateEmail", c.first_name AS "firstName", c.last_name AS "lastName", c.time_zone AS "candidateTimeZone",
           j.id AS "jobId", j.title AS "jobTitle", j.location AS "jobLocation", s.name AS "stageName", ${managedByPrincipal(principal)} AS manages,
           i.starts_at AS "startsAt", i.ends_at AS "endsAt", i.time_zone AS "interviewTimeZone", i.location, i.video_url AS "videoUrl"
      FROM applications a
      JOIN candidates c ON c.id = a.candidate_id
      JOIN jobs j ON j.id = a.job_id
      JOIN stages s ON s.id = a.stage_id
      LEFT JOIN LATERAL (SELECT * FROM interviews i WHERE i.application_id = a.id ORDER BY i.starts_at DESC LIMIT 1) i ON TRUE
     WHERE a.id = ${applicationId}::uuid AND ${visibleToPrincipal(principal)}`
  if (!row) throw new Errors.NotFound('Application')
  if (!row.manages) throw notManaging('preview e-mails for this application')
  const me = await db.user.findUniqueOrThrow({ where: { id: principal.userId }, select: { name: true, email: true, timeZone: true } })
  const override = await db.emailTemplateOverride.findUnique({ where: { jobId_kind: { jobId: row.jobId, kind } }, select: { subject: true, html: true, text: true } })
  const toTeam = kindPolicies[kind].audience === 'team'
  const tomorrow = new Date(Math.ceil(Date.now() / HOUR_MS) * HOUR_MS + 24 * HOUR_MS)
  // A preview never shows a real link: the sample ones show where the candidate's would be.
  const sampleLinks = toTeam ? { rescheduleUrl: null, cancelUrl: null } : { rescheduleUrl: new URL('/schedule/sample-reschedule', settings.PUBLIC_URL).toString(), cancelUrl: new URL('/schedule/sample-cancel', settings.PUBLIC_URL).toString() }
  const interview = row.startsAt && row.endsAt
    ? { startsAt: row.startsAt, endsAt: row.endsAt, timeZone: row.interviewTimeZone ?? 'UTC', location: row.location, videoUrl: row.videoUrl, ...sampleLinks }
    : { startsAt: tomorrow, endsAt: new Date(tomorrow.getTime() + HOUR_MS), timeZone: row.candidateTimeZone ?? 'UTC', location: null, videoUrl: 'https://meet.example.com/sample', ...sampleLinks }
  const facts: EmailFacts = {
    recipientName: toTeam ? me.name : `${row.firstName} ${row.lastName}`,
    recipientTimeZone: toTeam ? me.timeZone : row.candidateTimeZone,
    candidateFirstName: row.firstName,
    candidateLastName: row.lastName,
    jobTitle: row.jobTitle,
    jobLocation: row.jobLocation,
    applicationId,
    stageName: row.stageName,
    interview,
    link: { url: new URL('/schedule/sample-link', settings.PUBLIC_URL).toString(), expiresAt: new Date(Date.now() + 7 * 24 * HOUR_MS) },
    panelistName: me.name,
  }
  const email = renderEmail(kind, override ?? defaultTemplates[kind], emailContext(facts, settings))
  return { kind, to: toTeam ? me.email : row.candidateEmail, overridden: Boolean(override), sample: !row.startsAt || kind === 'SCHEDULING_LINK', ...email }
}
