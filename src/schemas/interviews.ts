import { Type, type Static } from 'typebox'
import { invalidBody } from '../errors.ts'
import { DAY_MS } from '../lib/time.ts'
import { Uuid } from './common.ts'
import { TimeZone } from './users.ts'

// Interviews, availability and scheduling links on the wire.

const Instant = Type.String({ format: 'date-time', description: 'An instant with its offset, e.g. 2026-12-01T14:00:00Z' })
const DurationMinutes = Type.Integer({ minimum: 15, maximum: 480, description: 'Length in minutes (15 to 480)' })
const PanelUserIds = Type.Array(Uuid, { minItems: 1, maxItems: 10, uniqueItems: true, description: 'The interviewers: users on the job\'s hiring team' })
const Text = (maxLength: number) => Type.Union([Type.String({ maxLength }), Type.Null()])
const VideoUrl = Type.Union([Type.String({ maxLength: 2000, pattern: '^https?://[^\\s]+$' }), Type.Null()])

export const InterviewBody = Type.Object(
  {
    stageId: Uuid,
    panelUserIds: PanelUserIds,
    startsAt: Instant,
    durationMinutes: DurationMinutes,
    timeZone: TimeZone,
    location: Type.Optional(Text(500)),
    videoUrl: Type.Optional(VideoUrl),
    panelNotes: Type.Optional(Text(5000)),
  },
  { additionalProperties: false },
)
export type InterviewBody = Static<typeof InterviewBody>

export const InterviewPatch = Type.Object(
  {
    startsAt: Type.Optional(Instant),
    durationMinutes: Type.Optional(DurationMinutes),
    panelUserIds: Type.Optional(PanelUserIds),
    timeZone: Type.Optional(TimeZone),
    location: Type.Optional(Text(500)),
    videoUrl: Type.Optional(VideoUrl),
    panelNotes: Type.Optional(Text(5000)),
    reason: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type InterviewPatch = Static<typeof InterviewPatch>

export const CancelBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 1000 }) }, { additionalProperties: false })
export const OutcomeBody = Type.Object(
  { outcome: Type.Union([Type.Literal('COMPLETED'), Type.Literal('NO_SHOW')], { description: 'COMPLETED or NO_SHOW' }) },
  { additionalProperties: false },
)

const InterviewStatusName = Type.Union(['SCHEDULED', 'COMPLETED', 'NO_SHOW', 'CANCELLED'].map((s) => Type.Literal(s)))

export const Interview = Type.Object({
  id: Uuid,
  applicationId: Uuid,
  stageId: Uuid,
  status: InterviewStatusName,
  startsAt: Instant,
  endsAt: Instant,
  timeZone: Type.String(),
  location: Type.Union([Type.String(), Type.Null()]),
  videoUrl: Type.Union([Type.String(), Type.Null()]),
  panelNotes: Type.Union([Type.String(), Type.Null()]),
  icalUid: Type.String(),
  sequence: Type.Integer({ description: 'RFC 5545 SEQUENCE, raised on every change; also the ETag' }),
  cancelReason: Type.Union([Type.String(), Type.Null()]),
  createdById: Type.Union([Uuid, Type.Null()]),
  createdAt: Instant,
  updatedAt: Instant,
  panel: Type.Array(Type.Object({ userId: Uuid, name: Type.String() })),
})

export const InterviewChange = Type.Object({
  kind: Type.Union(['SCHEDULED', 'RESCHEDULED', 'CANCELLED', 'COMPLETED', 'NO_SHOW'].map((s) => Type.Literal(s))),
  sequence: Type.Integer(),
  startsAt: Instant,
  endsAt: Instant,
  panelUserIds: Type.Array(Uuid),
  reason: Type.Union([Type.String(), Type.Null()]),
  changedById: Type.Union([Uuid, Type.Null()]),
  byCandidate: Type.Boolean(),
  createdAt: Instant,
})

export const InterviewWithHistory = Type.Object({ ...Interview.properties, history: Type.Array(InterviewChange) })

export const SlotQuery = Type.Object(
  {
    panelUserIds: Type.Array(Uuid, { minItems: 1, maxItems: 10, uniqueItems: true, description: 'Repeat the parameter for each interviewer' }),
    durationMinutes: DurationMinutes,
    from: Instant,
    to: Instant,
    stepMinutes: Type.Optional(Type.Integer({ minimum: 5, maximum: 240, default: 30 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
)

export const Slot = Type.Object({ startsAt: Instant, endsAt: Instant })
export const SlotList = Type.Object({ items: Type.Array(Slot) })

const WorkingHoursWindow = Type.Object(
  {
    weekday: Type.Integer({ minimum: 0, maximum: 6, description: '0 = Sunday … 6 = Saturday' }),
    startMinute: Type.Integer({ minimum: 0, maximum: 1439, description: 'Minutes from local midnight' }),
    endMinute: Type.Integer({ minimum: 1, maximum: 1440 }),
  },
  { additionalProperties: false },
)

export const AvailabilityBody = Type.Object(
  {
    timeZone: TimeZone,
    bufferMinutes: Type.Integer({ minimum: 0, maximum: 240 }),
    minNoticeHours: Type.Integer({ minimum: 0, maximum: 24 * 30 }),
    dailyInterviewCap: Type.Integer({ minimum: 1, maximum: 20 }),
    workingHours: Type.Array(WorkingHoursWindow, { maxItems: 50 }),
  },
  { additionalProperties: false },
)
export type AvailabilityBody = Static<typeof AvailabilityBody>

export const AvailabilityException = Type.Object({
  id: Uuid,
  kind: Type.Union([Type.Literal('UNAVAILABLE'), Type.Literal('EXTRA_HOURS')]),
  startsAt: Instant,
  endsAt: Instant,
  note: Type.Union([Type.String(), Type.Null()]),
})

export const Availability = Type.Object({
  userId: Uuid,
  /** False while the user has set nothing and the defaults apply. */
  configured: Type.Boolean(),
  timeZone: Type.String(),
  bufferMinutes: Type.Integer(),
  minNoticeHours: Type.Integer(),
  dailyInterviewCap: Type.Integer(),
  workingHours: Type.Array(WorkingHoursWindow),
  exceptions: Type.Array(AvailabilityException),
})

export const ExceptionBody = Type.Object(
  {
    kind: Type.Union([Type.Literal('UNAVAILABLE'), Type.Literal('EXTRA_HOURS')], { description: 'UNAVAILABLE (away) or EXTRA_HOURS' }),
    startsAt: Instant,
    endsAt: Instant,
    note: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
  },
  { additionalProperties: false },
)

export const LinkBody = Type.Object(
  {
    stageId: Uuid,
    panelUserIds: PanelUserIds,
    durationMinutes: DurationMinutes,
    slots: Type.Optional(Type.Array(Instant, { minItems: 1, maxItems: 50, description: 'The start times to offer; or give from/to' })),
    from: Type.Optional(Instant),
    to: Type.Optional(Instant),
    maxSlots: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20, description: 'With from/to: how many of the earliest common free slots to offer' })),
    expiresInHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 24 * 30, default: 7 * 24 })),
    timeZone: Type.Optional(TimeZone),
    location: Type.Optional(Text(500)),
    videoUrl: Type.Optional(VideoUrl),
    panelNotes: Type.Optional(Text(5000)),
  },
  { additionalProperties: false },
)
export type LinkBody = Static<typeof LinkBody>

export const LinkCreated = Type.Object({
  id: Uuid,
  url: Type.String({ description: 'The candidate\'s page (also e-mailed to them): a bearer link, share it with no one else' }),
  expiresAt: Instant,
  createdAt: Instant,
  slots: Type.Array(Slot),
})

export const ExceptionParams = Type.Object({ id: Uuid, exceptionId: Uuid }, { additionalProperties: false })

/** [from, to) as dates, or 400 when it is empty or longer than `maxDays` (a search over it must stay bounded). */
export function boundedRange(from: string, to: string, maxDays: number, context: 'body' | 'querystring' = 'body') {
  const range = { from: new Date(from), to: new Date(to) }
  if (range.to <= range.from) throw invalidBody('/to', 'must be after from', context)
  if (range.to.getTime() - range.from.getTime() > maxDays * DAY_MS) throw invalidBody('/to', `must be within ${maxDays} days of from`, context)
  return range
}
