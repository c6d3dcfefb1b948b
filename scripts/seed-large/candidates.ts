import type { CopyValue } from './copy-rows.ts'
import { randomFor, Stream, type Random } from './random.ts'
import { emailDomains, firstNames, lastNames, places, skills, sources } from './vocabulary.ts'

const DAY = 86_400_000
/** Candidates arrive over the last year, in index order, so their time-ordered ids are appended to the key's B-tree. */
export const CANDIDATE_SPAN_MS = 365 * DAY

export interface CandidateCore { random: Random; id: string; createdAt: number }

/** What the applications need of candidate `index` (the first draws of its generator), recomputed instead of kept in memory. */
export function candidateCore(seed: number, index: number, count: number, now: number): CandidateCore {
  const random = randomFor(seed, Stream.candidates, index)
  const createdAt = Math.floor(now - CANDIDATE_SPAN_MS + ((index + random.next()) / count) * (CANDIDATE_SPAN_MS - DAY))
  return { random, id: random.uuidV7(createdAt), createdAt }
}

export const candidateColumns = [
  'id', 'email', 'first_name', 'last_name', 'phone', 'location', 'time_zone', 'portfolio_url', 'github_url', 'linkedin_url',
  'skills', 'source', 'email_opt_out', 'created_at', 'updated_at',
] as const

const asciiHandle = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z]/g, '')
// Skills most back-end candidates list; everyone has one or two of these, then a few of the rest.
const commonSkills = ['PostgreSQL', 'Python', 'Java', 'Node.js', 'Docker', 'Git', 'REST', 'SQL', 'Redis', 'Kubernetes', 'AWS', 'TypeScript'] as const

function emailHandle(random: Random, first: string, last: string): string {
  const f = asciiHandle(first)
  const l = asciiHandle(last)
  switch (random.int(0, 5)) {
    case 0: return `${f}.${l}`
    case 1: return `${f}${l}`
    case 2: return `${f[0]}.${l}`
    case 3: return `${f}_${l}`
    case 4: return `${f}${l[0]}${random.int(1, 99)}`
    default: return `${l}.${f}`
  }
}

function candidateSkills(random: Random): string[] {
  const chosen = new Set<string>(random.sample(commonSkills, random.int(1, 2)))
  for (const skill of random.sample(skills, random.int(1, 6))) chosen.add(skill)
  return [...chosen]
}

/**
 * `count` candidates with realistic names, unique lowercase e-mails (".2", ".3"…
 * is added to a handle already taken), skills, a source and some links. The
 * e-mails taken are the only state kept across rows (one short string each).
 */
export function* candidateRows(seed: number, count: number, now: number): Generator<CopyValue[]> {
  const taken = new Map<string, number>()
  for (let index = 0; index < count; index++) {
    const { random, id, createdAt } = candidateCore(seed, index, count, now)
    const firstName = random.pick(firstNames)
    const lastName = random.pick(lastNames)
    const handle = emailHandle(random, firstName, lastName)
    const domain = random.pick(emailDomains)
    const base = `${handle}@${domain}`
    const seen = taken.get(base) ?? 0
    taken.set(base, seen + 1)
    // A dot and a number never ends a first handle, so the numbered one cannot collide with another.
    const email = seen === 0 ? base : `${handle}.${seen + 1}@${domain}`
    const place = random.pick(places)
    const at = new Date(createdAt)
    yield [
      id, email, firstName, lastName,
      random.chance(0.7) ? `+44 20 7946 0${String(random.int(0, 999)).padStart(3, '0')}` : null,
      place.location, place.timeZone,
      random.chance(0.25) ? `https://portfolio.example.com/${handle}` : null,
      random.chance(0.4) ? `https://github.example/${handle}` : null,
      random.chance(0.5) ? `https://linkedin.example/in/${handle}` : null,
      candidateSkills(random), random.pick(sources), random.chance(0.03), at, at,
    ]
  }
}
