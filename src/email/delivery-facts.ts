import type pg from 'pg'
import { Prisma } from '../generated/prisma/client.ts'
import type { NotificationKind } from '../generated/prisma/enums.ts'
import { queryRows } from '../db/client.ts'
import type { EmailFacts } from './context.ts'
import type { TemplateSource } from './template-source.ts'
import { HANDED_BACK, isTakeover, jobClaimOf, RUN } from './send-job-claim.ts'

/** One notification as the sender needs it: the ledger state, the recipient, the facts to render, the job's template. */
export interface DeliveryFacts {
  id: string
  kind: NotificationKind
  messageId: string
  /** Null when there is no one to send to: the candidate was erased, or the user has no address. */
  toAddress: string | null
  candidateErased: boolean
  /** The address belongs to someone erased at their request (erased_addresses): whoever the row is, nothing goes to it. */
  addressErased: boolean
  candidateOptedOut: boolean
  recipientActive: boolean
  applicationStatus: string | null
  facts: EmailFacts
  override: TemplateSource | null
  /** Interview e-mails: what the calendar file says, and whether a later change overtook this e-mail. */
  calendar: CalendarFacts | null
}

export interface CalendarFacts {
  uid: string
  /** The SEQUENCE this e-mail describes, and the interview's own now. */
  sequence: number
  currentSequence: number
  status: string
  /** Who the calendar file names as attendees (the recipient among them). */
  attendees: Array<{ name: string; email: string }>
}

/** Builds a scheduling link's URL from its id (see link-token.ts). */
export type LinkUrlFor = (linkId: string) => string

interface Row {
  id: string
  kind: NotificationKind
  message_id: string
  user_id: string | null
  candidate_email: string | null
  first_name: string | null
  last_name: string | null
  candidate_time_zone: string | null
  erased_at: Date | null
  address_erased: boolean
  email_opt_out: boolean | null
  user_name: string | null
  user_email: string | null
  user_active: boolean | null
  user_time_zone: string | null
  application_id: string | null
  application_status: string | null
  job_title: string | null
  job_location: string | null
  stage_name: string | null
  starts_at: Date | null
  ends_at: Date | null
  interview_time_zone: string | null
  interview_location: string | null
  video_url: string | null
  panelist_name: string | null
  link_id: string | null
  link_expires_at: Date | null
  reschedule_link_id: string | null
  cancel_link_id: string | null
  ical_uid: string | null
  interview_sequence: number | null
  current_sequence: number | null
  interview_status: string | null
  panel: Array<{ name: string; email: string }> | null
  override_subject: string | null
  override_html: string | null
  override_text: string | null
}

/**
 * Claims a batch of notifications for one send job and reads everything their
 * sends need, in one statement (on the path `npm run bench` measures, hence
 * SQL on the pool and not Prisma). Only PENDING rows unclaimed or already
 * claimed by this job are returned: a re-run of the same job (after a crash)
 * takes its rows back, while another job holding the same notification gets
 * nothing for it, so it is never sent twice at once. Rows already sent,
 * failed or cancelled are not returned at all: nothing is owed. Taking the
 * rows stamps updated_at: a row touched this recently may be in a send right
 * now, so it is not queued again even if its job is gone (requeue-lost-jobs.ts;
 * deliverBatch renews the stamp for a batch that runs long). A row handed back
 * by the requeue is claimed HANDED_BACK, which no job is, until it is queued
 * again under a new job; only a takeover job (one queued for handed-back
 * rows) may take such a row itself: it can start before the transaction that
 * queued it commits, and a row whose claim it cannot match would be passed
 * over rather than waited for. `claimant` is the run's claim (sendRunClaimant):
 * a run takes its job's rows from the queue-time claim or from an earlier run
 * of the same job (`#` separates the run), which then stops sending them.
 */
export async function loadDeliveryBatch(pool: pg.Pool, notificationIds: string[], claimant: string, linkUrlFor: LinkUrlFor): Promise<DeliveryFacts[]> {
  const rows = await queryRows<Row>(pool, Prisma.sql`
    WITH n AS (
      UPDATE notifications SET claimed_by = ${claimant}, updated_at = now()
       WHERE id = ANY(${notificationIds}::uuid[]) AND status = 'PENDING'
         AND (claimed_by IS NULL OR split_part(claimed_by, ${RUN}, 1) = ${jobClaimOf(claimant)} OR claimed_by = ${isTakeover(claimant) ? HANDED_BACK : null}::text)
      RETURNING *)
    SELECT n.id, n.kind::text AS kind, n.message_id, n.user_id,
           c.email::text AS candidate_email, c.first_name, c.last_name, c.time_zone AS candidate_time_zone, c.erased_at, c.email_opt_out,
           EXISTS (SELECT 1 FROM erased_addresses e WHERE e.hash = address_hash(c.email::text)) AS address_erased,
           u.name AS user_name, u.email::text AS user_email, u.active AS user_active, u.time_zone AS user_time_zone,
           a.id AS application_id, a.status::text AS application_status, j.title AS job_title, j.location AS job_location,
           s.name AS stage_name, i.starts_at, i.ends_at, i.time_zone AS interview_time_zone, i.location AS interview_location, i.video_url,
           p.name AS panelist_name, o.subject AS override_subject, o.html AS override_html, o.text AS override_text,
           sl.id AS link_id, sl.expires_at AS link_expires_at, i.ical_uid, n.interview_sequence, i.sequence AS current_sequence, i.status::text AS interview_status,
           own.reschedule_link_id, own.cancel_link_id, panel.members AS panel
      FROM n
      LEFT JOIN applications a ON a.id = n.application_id
      LEFT JOIN candidates c ON c.id = COALESCE(n.candidate_id, a.candidate_id)
      LEFT JOIN users u ON u.id = n.user_id
      LEFT JOIN jobs j ON j.id = a.job_id
      LEFT JOIN interviews i ON i.id = n.interview_id
      LEFT JOIN stages s ON s.id = COALESCE(n.stage_id, i.stage_id, a.stage_id)
      LEFT JOIN users p ON p.id = n.panelist_id
      LEFT JOIN email_template_overrides o ON o.job_id = a.job_id AND o.kind = n.kind
      LEFT JOIN scheduling_links sl ON sl.id = n.scheduling_link_id
      -- The candidate's own links to the interview as it now stands (candidate e-mails only).
      LEFT JOIN LATERAL (
        SELECT max(l.id::text) FILTER (WHERE l.purpose = 'RESCHEDULE') AS reschedule_link_id, max(l.id::text) FILTER (WHERE l.purpose = 'CANCEL') AS cancel_link_id
          FROM scheduling_links l
         WHERE n.user_id IS NULL AND l.interview_id = n.interview_id AND l.used_at IS NULL AND l.revoked_at IS NULL AND l.expires_at > now()
      ) own ON n.interview_id IS NOT NULL
      -- The panel, for the calendar file's attendees: the active panel, or the whole panel once cancelled.
      LEFT JOIN LATERAL (
        SELECT json_agg(json_build_object('name', pu.name, 'email', pu.email) ORDER BY pu.name, pu.id) AS members
          FROM interview_interviewers ii JOIN users pu ON pu.id = ii.user_id
         WHERE ii.interview_id = n.interview_id AND (ii.active OR i.status = 'CANCELLED')
      ) panel ON n.user_id IS NOT NULL AND n.interview_id IS NOT NULL
     ORDER BY n.id`, 'delivery-batch')
  return rows.map((row) => toFacts(row, linkUrlFor))
}

function toFacts(row: Row, linkUrlFor: LinkUrlFor): DeliveryFacts {
  const toTeam = row.user_id !== null
  const toAddress = toTeam ? row.user_email : row.candidate_email
  const recipientName = toTeam ? (row.user_name ?? '') : `${row.first_name ?? ''} ${row.last_name ?? ''}`.trim()
  const candidate = row.candidate_email ? [{ name: `${row.first_name ?? ''} ${row.last_name ?? ''}`.trim(), email: row.candidate_email }] : []
  // The candidate's calendar names the candidate; a panelist's names the panel, the candidate, and them (even when taken off it).
  const attendees = toTeam
    ? [...(row.panel ?? []), ...candidate, ...(toAddress && !(row.panel ?? []).some((m) => m.email === toAddress) ? [{ name: recipientName, email: toAddress }] : [])]
    : candidate
  return {
    id: row.id,
    kind: row.kind,
    messageId: row.message_id,
    toAddress,
    candidateErased: row.erased_at !== null,
    addressErased: row.address_erased,
    candidateOptedOut: row.email_opt_out ?? false,
    recipientActive: toTeam ? row.user_active === true : true,
    applicationStatus: row.application_status,
    facts: {
      recipientName,
      recipientTimeZone: toTeam ? row.user_time_zone : row.candidate_time_zone,
      candidateFirstName: row.first_name ?? '',
      candidateLastName: row.last_name ?? '',
      jobTitle: row.job_title ?? '',
      jobLocation: row.job_location,
      applicationId: row.application_id ?? '',
      stageName: row.stage_name,
      interview: row.starts_at && row.ends_at
        ? {
            startsAt: row.starts_at, endsAt: row.ends_at, timeZone: row.interview_time_zone ?? 'UTC', location: row.interview_location, videoUrl: row.video_url,
            rescheduleUrl: row.reschedule_link_id ? linkUrlFor(row.reschedule_link_id) : null,
            cancelUrl: row.cancel_link_id ? linkUrlFor(row.cancel_link_id) : null,
          }
        : null,
      link: row.link_id && row.link_expires_at ? { url: linkUrlFor(row.link_id), expiresAt: row.link_expires_at } : null,
      panelistName: row.panelist_name,
    },
    override: row.override_subject !== null ? { subject: row.override_subject, html: row.override_html ?? '', text: row.override_text ?? '' } : null,
    calendar: row.ical_uid && row.current_sequence !== null
      ? { uid: row.ical_uid, sequence: row.interview_sequence ?? row.current_sequence, currentSequence: row.current_sequence, status: row.interview_status ?? 'SCHEDULED', attendees }
      : null,
  }
}
