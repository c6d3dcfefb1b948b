import { Type, type TSchema } from 'typebox'
import { notificationKinds } from '../email/kinds.ts'
import { Uuid } from './common.ts'
import { PageQuery } from './pagination.ts'

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])
const DateTime = Type.String({ format: 'date-time' })

export const NotificationKindName = Type.Enum(notificationKinds, { description: notificationKinds.join(', ') })
export const NotificationStatusName = Type.Enum(['PENDING', 'SENT', 'FAILED', 'CANCELLED'], {
  description: 'PENDING (owed, being tried), SENT, FAILED (gave up; an admin may retry), CANCELLED (withheld on purpose)',
})

export const ListNotificationsQuery = Type.Object(
  {
    ...PageQuery,
    status: Type.Optional(NotificationStatusName),
    kind: Type.Optional(NotificationKindName),
    candidateId: Type.Optional(Uuid),
    applicationId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
)

export const Notification = Type.Object({
  id: Uuid,
  kind: NotificationKindName,
  status: NotificationStatusName,
  candidateId: Nullable(Uuid),
  userId: Nullable(Uuid),
  applicationId: Nullable(Uuid),
  interviewId: Nullable(Uuid),
  to: Nullable(Type.String({ description: 'The address used, once an attempt was made' })),
  subject: Nullable(Type.String()),
  attempts: Type.Integer(),
  lastError: Nullable(Type.String()),
  dueAt: DateTime,
  sentAt: Nullable(DateTime),
  createdAt: DateTime,
  updatedAt: DateTime,
})

export const NotificationWithAttempts = Type.Object({
  ...Notification.properties,
  deliveries: Type.Array(
    Type.Object({
      outcome: Type.String({ description: 'SENT, TRANSIENT_FAILURE, PERMANENT_FAILURE or SKIPPED' }),
      smtpCode: Nullable(Type.Integer()),
      detail: Nullable(Type.String()),
      attemptedAt: DateTime,
    }),
  ),
})
