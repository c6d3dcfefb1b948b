import type { DemoData } from './demo-data.ts'
import { DEMO_PASSWORD, demoStaff } from './demo-staff.ts'

/** Where the data went, without the URL's password. */
export function describeDatabase(url: string): string {
  const parsed = new URL(url)
  return `${parsed.pathname.replace(/^\//, '')} on ${parsed.hostname}${parsed.port ? `:${parsed.port}` : ''}`
}

export function seededReport(written: Record<keyof DemoData, number>, database: string): string {
  const others = Object.values(demoStaff).filter((m) => m.role !== 'ADMIN').map((m) => `${m.email} (${m.role.toLowerCase().replace('_', ' ')})`)
  return [
    `Seeded demo data into ${database}:`,
    `  ${written.users} staff, ${written.templates} scorecard templates (${written.attributes} attributes), ${written.jobs} jobs (${written.stages} stages, ${written.team} hiring-team members),`,
    `  ${written.candidates} candidates, ${written.applications} applications, ${written.transitions} stage transitions.`,
    '',
    loginHint(),
    `Other demo accounts, same password: ${others.join(', ')}.`,
  ].join('\n')
}

export function loginHint(): string {
  return [
    'Log in as the demo admin (a local demo only: this password is published):',
    `  e-mail:   ${demoStaff.admin.email}`,
    `  password: ${DEMO_PASSWORD}`,
  ].join('\n')
}
