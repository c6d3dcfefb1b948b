import type { Role } from '../../../src/generated/prisma/enums.ts'

// The demo accounts. They share one published password, which is fine for a
// local demo and never for a real installation: the seed refuses to run when
// NODE_ENV=production or next to other data. scripts/up.sh prints the admin's
// credentials too (a test keeps the two in step).
export const DEMO_PASSWORD = 'shortlist-demo-password'
export const DEMO_ADMIN_EMAIL = 'admin@shortlist.localhost'

export interface DemoStaffMember {
  email: string
  name: string
  role: Role
  timeZone: string
}

export const demoStaff = {
  admin: { email: DEMO_ADMIN_EMAIL, name: 'Alex Morgan', role: 'ADMIN', timeZone: 'Europe/London' },
  recruiter: { email: 'recruiter@shortlist.localhost', name: 'Priya Raman', role: 'RECRUITER', timeZone: 'Europe/London' },
  hiringManager: { email: 'manager@shortlist.localhost', name: 'Daniel Kim', role: 'HIRING_MANAGER', timeZone: 'Europe/Berlin' },
  interviewerOne: { email: 'sofia@shortlist.localhost', name: 'Sofia Costa', role: 'INTERVIEWER', timeZone: 'Europe/Lisbon' },
  interviewerTwo: { email: 'tom@shortlist.localhost', name: 'Tom Becker', role: 'INTERVIEWER', timeZone: 'Europe/Berlin' },
} as const satisfies Record<string, DemoStaffMember>

export type DemoStaffKey = keyof typeof demoStaff
