import type { Role } from '../../src/generated/prisma/enums.ts'
import { defaultAttribute } from '../../src/domain/default-scorecard.ts'
import { defaultTemplates, type TemplateKey } from '../../src/domain/default-scorecard-templates.ts'
import { Json, type CopyValue } from './copy-rows.ts'
import { randomFor, Stream } from './random.ts'
import { firstNames, lastNames, places } from './vocabulary.ts'

const DAY = 86_400_000

/** Where the large seed's staff log in: admin@…, recruiter1@…, manager1@…, interviewer1@… */
export const STAFF_DOMAIN = 'large.shortlist.localhost'
export const staffEmail = (kind: 'admin' | 'recruiter' | 'manager' | 'interviewer', n = 1) => (kind === 'admin' ? `admin@${STAFF_DOMAIN}` : `${kind}${n}@${STAFF_DOMAIN}`)

export interface StaffMember { id: string; email: string; name: string; role: Role; timeZone: string }
export interface Staff { admin: StaffMember; recruiters: StaffMember[]; managers: StaffMember[]; interviewers: StaffMember[] }

/** Staff sized to the number of jobs: a recruiter per ten jobs, a hiring manager per five, an interviewer per job. */
export function generateStaff(seed: number, jobs: number, now: number): Staff {
  let index = 0
  const member = (role: Role, email: string): StaffMember => {
    const random = randomFor(seed, Stream.staff, index++)
    const place = random.pick(places)
    return { id: random.uuidV7(now - 500 * DAY + index * 1000), email, name: `${random.pick(firstNames)} ${random.pick(lastNames)}`, role, timeZone: place.timeZone }
  }
  const many = (count: number, role: Role, kind: 'recruiter' | 'manager' | 'interviewer') =>
    Array.from({ length: count }, (_, i) => member(role, staffEmail(kind, i + 1)))
  return {
    admin: member('ADMIN', staffEmail('admin')),
    recruiters: many(Math.max(2, Math.ceil(jobs / 10)), 'RECRUITER', 'recruiter'),
    managers: many(Math.max(2, Math.ceil(jobs / 5)), 'HIRING_MANAGER', 'manager'),
    interviewers: many(Math.max(4, jobs), 'INTERVIEWER', 'interviewer'),
  }
}

export const userColumns = ['id', 'email', 'name', 'password_hash', 'role', 'time_zone', 'active', 'created_at', 'updated_at'] as const

export function* userRows(staff: Staff, passwordHash: string, now: number): Generator<CopyValue[]> {
  const createdAt = new Date(now - 500 * DAY)
  for (const u of [staff.admin, ...staff.recruiters, ...staff.managers, ...staff.interviewers]) {
    yield [u.id, u.email, u.name, passwordHash, u.role, u.timeZone, true, createdAt, createdAt]
  }
}

// ─── scorecard templates ───

export const templateColumns = ['id', 'lineage_id', 'version', 'name', 'description', 'job_id', 'text_fields', 'created_by_id', 'created_at'] as const
export const attributeColumns = ['id', 'template_id', 'key', 'section', 'name', 'description', 'weight', 'position', 'guiding_questions', 'anchors'] as const

export interface Templates { ids: Record<TemplateKey, string>; templates: CopyValue[][]; attributes: CopyValue[][] }

/**
 * The organisation-wide default templates, as the demo seed makes them (each
 * the first version of its own lineage, owning copies of its attributes), with
 * ids from the seed's generator so stages and scorecards come out the same on
 * every run.
 */
export function generateTemplates(seed: number, createdById: string, now: number): Templates {
  const random = randomFor(seed, Stream.staff, 1_000_000)
  const at = now - 500 * DAY
  const result: Templates = { ids: {} as Record<TemplateKey, string>, templates: [], attributes: [] }
  for (const template of defaultTemplates) {
    const id = random.uuidV7(at)
    result.ids[template.key] = id
    result.templates.push([id, id, 1, template.name, template.description, null, new Json(template.textFields), createdById, new Date(at)])
    template.attributes.forEach((use, i) => {
      const a = defaultAttribute(use.key)
      const weight = 'weight' in use && use.weight !== undefined ? use.weight : a.weight
      result.attributes.push([random.uuidV7(at), id, a.key, a.section, a.name, a.description, weight, i + 1, [...a.guidingQuestions], new Json(a.anchors)])
    })
  }
  return result
}
