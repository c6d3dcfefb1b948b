import { v7 as uuidv7 } from 'uuid'
import { Prisma } from '../../generated/prisma/client.ts'
import type { ApplicationStatus, TransitionKind } from '../../generated/prisma/enums.ts'
import { toApplicationState, type ApplicationRow } from '../applications.ts'
import { notificationFor, type NotificationSettings } from './notifications.ts'

export interface TransitionFacts {
  kind: TransitionKind
  fromStageId: string | null
  toStageId: string
  fromStatus: ApplicationStatus | null
  toStatus: ApplicationStatus
  reason: string | null
  overridden: boolean
  actorId: string | null
  requestId: string | null
  at: Date
  /** What decides the e-mail the change owes; null when it owes none whatever its kind (an erasure's withdrawals). */
  notification: NotificationSettings | null
  /** Extra audit fields: ids and enum values only, never free text (audit rows outlive erasure). */
  auditDetail?: Record<string, string | number | boolean | null>
}

/**
 * What every change of an application leaves behind, as CTEs to follow a CTE
 * named `changed` that returns the application row: the transition (who, when,
 * from, to, why), the audit event and the outbox row for the notification it
 * triggers. Being parts of the change's own statement, they commit with it or
 * not at all; when `changed` returns no row (a stale version) none is written.
 *
 * Why SQL and not recordAudit/enqueueOutbox through Prisma: a move is the write
 * benchmarked against pgbench, and one statement costs a quarter of the CPU of a
 * Prisma interactive transaction of four. The payload shapes are recordAudit's
 * and enqueueOutbox's (the CSV import writes the same ones).
 */
export function transitionEffects(f: TransitionFacts): Prisma.Sql {
  const at = f.at.toISOString()
  const audit = { fromStageId: f.fromStageId, toStageId: f.toStageId, fromStatus: f.fromStatus, toStatus: f.toStatus, overridden: f.overridden, ...f.auditDetail }
  const notification = f.notification && notificationFor(f.kind, f.notification, f.at)
  const outbox = notification
    ? Prisma.sql`, outbox AS (
        INSERT INTO outbox_events (id, topic, payload, available_at)
        SELECT ${uuidv7()}::uuid, ${notification.topic},
               jsonb_build_object('applicationId', c.id, 'candidateId', c.candidate_id, 'jobId', c.job_id, 'transitionId', t.id)
                 || ${JSON.stringify({ kind: f.kind, fromStageId: f.fromStageId, toStageId: f.toStageId })}::jsonb,
               ${(notification.availableAt ?? f.at).toISOString()}::timestamptz
          FROM changed c CROSS JOIN transition t)`
    : Prisma.empty
  return Prisma.sql`
    transition AS (
      INSERT INTO stage_transitions (id, application_id, kind, from_stage_id, to_stage_id, from_status, to_status, reason, overridden, actor_id, created_at)
      SELECT ${uuidv7()}::uuid, c.id, ${f.kind}::"TransitionKind", ${f.fromStageId}::uuid, ${f.toStageId}::uuid,
             ${f.fromStatus}::"ApplicationStatus", ${f.toStatus}::"ApplicationStatus", ${f.reason}, ${f.overridden}, ${f.actorId}::uuid, ${at}::timestamptz
        FROM changed c
      RETURNING id, kind, from_stage_id, to_stage_id, from_status, to_status, overridden, created_at
    ), audit AS (
      INSERT INTO audit_events (id, action, actor_id, entity_type, entity_id, candidate_id, job_id, payload, request_id, created_at)
      SELECT ${uuidv7()}::uuid, ${`application.${f.kind.toLowerCase()}`}, ${f.actorId}::uuid, 'application', c.id, c.candidate_id, c.job_id,
             jsonb_build_object('transitionId', t.id, 'version', c.version) || ${JSON.stringify(audit)}::jsonb, ${f.requestId}, ${at}::timestamptz
        FROM changed c CROSS JOIN transition t
    )${outbox}`
}

/** The columns a write answers with: the application as `changed` returned it, and its transition. */
export const changedApplicationColumns = Prisma.sql`
  c.id, c.candidate_id AS "candidateId", c.job_id AS "jobId", c.stage_id AS "stageId", c.status::text AS status, c.version,
  c.rejection_reason::text AS "rejectionReason", c.rejection_note AS "rejectionNote", c.stage_entered_at AS "stageEnteredAt",
  c.closed_at AS "closedAt", c.created_at AS "createdAt", c.updated_at AS "updatedAt",
  t.id AS "transitionId", t.kind::text AS "transitionKind", t.from_stage_id AS "fromStageId", t.to_stage_id AS "toStageId",
  t.from_status::text AS "fromStatus", t.to_status::text AS "toStatus", t.overridden, t.created_at AS "transitionAt"`

export interface ChangedRow extends ApplicationRow {
  transitionId: string
  transitionKind: TransitionKind
  fromStageId: string | null
  toStageId: string
  fromStatus: ApplicationStatus | null
  toStatus: ApplicationStatus
  overridden: boolean
  transitionAt: Date
}

/** The application's new state and the transition that made it, as the API answers a write. */
export function toWriteResult(row: ChangedRow) {
  const { transitionId, transitionKind, fromStageId, toStageId, fromStatus, toStatus, overridden, transitionAt, ...application } = row
  return {
    ...toApplicationState(application),
    transition: { id: transitionId, kind: transitionKind, fromStageId, toStageId, fromStatus, toStatus, overridden, createdAt: transitionAt.toISOString() },
  }
}
