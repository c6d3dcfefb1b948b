import type { Prisma } from '../../../src/generated/prisma/client.ts'
import { uuidV7 } from '../uuid-v7.ts'
import type { Random } from './random.ts'

// Made-up people. Addresses use example.com and phone numbers Ofcom's range
// reserved for drama (020 7946 0xxx), so no demo e-mail or call reaches anyone.
const firstNames = ['Amara', 'Bilal', 'Chen', 'Dagny', 'Elif', 'Farid', 'Grace', 'Hiroshi', 'Ines', 'Jonas', 'Kwame', 'Léa', 'Mateo', 'Nadia', 'Oskar', 'Priyanka', 'Quinn', 'Rosa', 'Sipho', 'Tomás', 'Uma', 'Viktor', 'Wen', 'Ximena', 'Yusuf', 'Zoë']
const lastNames = ['Adeyemi', 'Bergström', 'Castillo', 'Dubois', 'Eriksen', 'Fernandes', 'García', 'Haddad', 'Ivanova', 'Jensen', 'Kowalski', 'Lindqvist', 'Mensah', 'Nakamura', 'Okafor', 'Petrov', 'Quintero', 'Rossi', 'Schmidt', 'Tanaka', 'Usman', 'Varga', 'Walsh', 'Yilmaz', 'Zhou']
const places = [
  { location: 'London, UK', timeZone: 'Europe/London' },
  { location: 'Manchester, UK', timeZone: 'Europe/London' },
  { location: 'Berlin, Germany', timeZone: 'Europe/Berlin' },
  { location: 'Lisbon, Portugal', timeZone: 'Europe/Lisbon' },
  { location: 'Warsaw, Poland', timeZone: 'Europe/Warsaw' },
  { location: 'Lagos, Nigeria', timeZone: 'Africa/Lagos' },
  { location: 'Toronto, Canada', timeZone: 'America/Toronto' },
]
const skills = ['Python', 'Django', 'Flask', 'Java', 'Spring', 'Ruby on Rails', 'PHP', 'Laravel', 'Node.js', 'TypeScript', 'Go', 'PostgreSQL', 'MySQL', 'Redis', 'Elasticsearch', 'REST', 'GraphQL', 'AWS', 'Azure', 'Docker', 'Kubernetes', 'Linux', 'Git', 'TDD']
const sources = ['careers page', 'careers page', 'referral', 'LinkedIn', 'agency', 'meetup']

const asciiHandle = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z]/g, '')

/** `count` candidates; `daysAgo(index)` is when each applied. The index keeps every e-mail unique. */
export function generateCandidates(count: number, random: Random, now: Date, daysAgo: (index: number) => number): Prisma.CandidateCreateManyInput[] {
  return Array.from({ length: count }, (_, index) => {
    const firstName = random.pick(firstNames)
    const lastName = random.pick(lastNames)
    const handle = `${asciiHandle(firstName)}.${asciiHandle(lastName)}${index + 1}`
    const place = random.pick(places)
    const createdAt = new Date(now.getTime() - daysAgo(index) * 86_400_000 - random.int(0, 8 * 3600) * 1000)
    return {
      id: uuidV7(createdAt),
      email: `${handle}@example.com`,
      firstName, lastName,
      phone: `+44 20 7946 0${String(100 + index).padStart(3, '0').slice(-3)}`,
      ...place,
      portfolioUrl: random.next() < 0.5 ? `https://portfolio.example.com/${handle}` : null,
      skills: random.sample(skills, random.int(3, 7)),
      source: random.pick(sources),
      createdAt,
      updatedAt: createdAt,
    }
  })
}
