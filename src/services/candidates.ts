import type { FastifyError } from 'fastify'
import type { Db, DbClient } from '../db/client.ts'
import { Prisma } from '../generated/prisma/client.ts'
import { Errors } from '../errors.ts'
import { MAX_SKILLS, type CreateCandidateBody, type UpdateCandidateBody } from '../schemas/candidates.ts'
import { recordAudit } from './audit.ts'
import { seesAllJobs, visibleApplications } from './job-access.ts'
import type { Principal } from './sessions.ts'

export const candidateFields = {
  id: true, email: true, firstName: true, lastName: true, phone: true, location: true, timeZone: true,
  portfolioUrl: true, githubUrl: true, linkedinUrl: true, skills: true, source: true, emailOptOut: true,
  erasedAt: true, createdAt: true, updatedAt: true,
} as const

export interface Actor {
  actorId: string
  requestId?: string
}

/** A 409 that names the candidate already holding the e-mail, so the route can point at it. */
export type CandidateExistsError = FastifyError & { existingCandidateId: string }

export function candidateExists(existingCandidateId: string): CandidateExistsError {
  const error = new Errors.Conflict('A candidate with this e-mail already exists') as CandidateExistsError
  error.existingCandidateId = existingCandidateId
  return error
}

export function isCandidateExists(error: unknown): error is CandidateExistsError {
  return typeof (error as Partial<CandidateExistsError> | null)?.existingCandidateId === 'string'
}

export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002'
}

/** Trimmed, inner whitespace collapsed, de-duplicated case-insensitively (the first spelling wins), at most MAX_SKILLS. */
export function normalizeSkills(skills: readonly string[]): string[] {
  const seen = new Map<string, string>()
  for (const raw of skills) {
    const skill = raw.trim().replace(/\s+/g, ' ')
    if (skill && !seen.has(skill.toLowerCase())) seen.set(skill.toLowerCase(), skill)
  }
  return [...seen.values()].slice(0, MAX_SKILLS)
}

/** Hiring managers and interviewers see a candidate only through an application on a job of their team. */
export function visibleCandidates(principal: Principal): Prisma.CandidateWhereInput {
  return seesAllJobs(principal) ? {} : { applications: { some: visibleApplications(principal) } }
}

/** Unknown and invisible candidates answer the same 404. */
export async function assertCandidateVisible(db: DbClient, principal: Principal, candidateId: string) {
  const found = await db.candidate.findFirst({ where: { id: candidateId, ...visibleCandidates(principal) }, select: { id: true, erasedAt: true } })
  if (!found) throw new Errors.NotFound('Candidate')
  return found
}

/**
 * Refuses a write that would add something about an erased candidate, and
 * locks their row for the rest of the transaction: an erasure under way (which
 * locks it FOR UPDATE) finishes first and is seen here, or waits for this
 * write and then erases what it wrote. A write whose triggers update the
 * candidate row itself (a note re-indexes their search documents) takes the
 * row for update: two such writers holding a share lock would deadlock.
 * Take it before any other row the erasure also changes (see eraseCandidate).
 */
export async function assertNotErased(tx: DbClient, candidateId: string, refused: string, lock: 'share' | 'update' = 'share'): Promise<void> {
  if (await lockCandidate(tx, candidateId, lock)) throw erasedConflict(refused)
}

/** The 409 for a write about an erased candidate; `refused` says what is refused. */
export const erasedConflict = (refused: string) => new Errors.Conflict(`the candidate's personal data has been erased: ${refused}`)

/** Locks the candidate's row (see assertNotErased for the mode); answers whether they are erased. */
export async function lockCandidate(tx: DbClient, candidateId: string, lock: 'share' | 'update' = 'share'): Promise<boolean> {
  const mode = Prisma.raw(lock === 'share' ? 'FOR SHARE' : 'FOR NO KEY UPDATE')
  const [row] = await tx.$queryRaw<Array<{ erased: boolean }>>`SELECT erased_at IS NOT NULL AS erased FROM candidates WHERE id = ${candidateId}::uuid ${mode}`
  return row?.erased ?? false
}

/**
 * 409 for an address whose owner was erased at their request: they are not
 * added again, by hand or by an integration (the import rejects the row).
 */
export async function assertAddressNotErased(db: DbClient, email: string): Promise<void> {
  const [row] = await db.$queryRaw<Array<{ erased: boolean }>>`SELECT EXISTS (SELECT 1 FROM erased_addresses WHERE hash = address_hash(${email})) AS erased`
  if (row?.erased) throw new Errors.Conflict(ERASED_ADDRESS)
}
export const ERASED_ADDRESS = 'the person with this address asked to be erased: they are not added again'

/** Candidates: contact details, links, skills and source. E-mail is unique case-insensitively (citext). */
export function createCandidatesService(db: Db) {
  // The pre-check answers the common case; the unique index settles a race between two creates.
  async function createCandidate(input: CreateCandidateBody, actor: Actor) {
    const existing = await db.candidate.findUnique({ where: { email: input.email }, select: { id: true } })
    if (existing) throw candidateExists(existing.id)
    try {
      return await db.$transaction(async (tx) => {
        const candidate = await tx.candidate.create({ data: { ...input, skills: normalizeSkills(input.skills ?? []) }, select: candidateFields })
        // After the insert, not before: an erasure of this address that committed meanwhile is seen now.
        await assertAddressNotErased(tx, input.email)
        await recordAudit(tx, {
          action: 'candidate.created', actorId: actor.actorId, entityType: 'candidate', entityId: candidate.id,
          candidateId: candidate.id, payload: { fields: Object.keys(input) }, requestId: actor.requestId ?? null,
        })
        return candidate
      })
    } catch (error) {
      throw await explainEmailConflict(error, input.email)
    }
  }

  async function getCandidate(principal: Principal, id: string) {
    const candidate = await db.candidate.findFirst({ where: { id, ...visibleCandidates(principal) }, select: candidateFields })
    if (!candidate) throw new Errors.NotFound('Candidate')
    return candidate
  }

  async function updateCandidate(id: string, changes: UpdateCandidateBody, actor: Actor) {
    try {
      return await db.$transaction(async (tx) => {
        // Lock the row: an erasure running at the same time must not be undone by this write.
        const rows = await tx.$queryRaw<Array<{ erased_at: Date | null }>>`SELECT erased_at FROM candidates WHERE id = ${id}::uuid FOR UPDATE`
        if (!rows[0]) throw new Errors.NotFound('Candidate')
        if (rows[0].erased_at) throw new Errors.Conflict('This candidate was erased; an erased record cannot be changed')
        if (changes.email) {
          const holder = await tx.candidate.findUnique({ where: { email: changes.email }, select: { id: true } })
          if (holder && holder.id !== id) throw candidateExists(holder.id)
          await assertAddressNotErased(tx, changes.email)
        }
        const data = { ...changes, ...(changes.skills ? { skills: normalizeSkills(changes.skills) } : {}) }
        const candidate = await tx.candidate.update({ where: { id }, data, select: candidateFields })
        await recordAudit(tx, {
          action: 'candidate.updated', actorId: actor.actorId, entityType: 'candidate', entityId: id,
          candidateId: id, payload: { fields: Object.keys(changes) }, requestId: actor.requestId ?? null,
        })
        return candidate
      })
    } catch (error) {
      throw changes.email ? await explainEmailConflict(error, changes.email) : error
    }
  }

  /** A unique violation on e-mail lost to a concurrent write becomes a 409 naming the winner. */
  async function explainEmailConflict(error: unknown, email: string): Promise<unknown> {
    if (!isUniqueViolation(error)) return error
    const holder = await db.candidate.findUnique({ where: { email }, select: { id: true } })
    return holder ? candidateExists(holder.id) : error
  }

  return { createCandidate, getCandidate, updateCandidate }
}

export type CandidatesService = ReturnType<typeof createCandidatesService>
