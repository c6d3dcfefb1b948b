// Template rows as JSON: dates as ISO strings.

interface Dated {
  createdAt: Date
  archivedAt: Date | null
}

export function templateSummaryJson<T extends Dated>(template: T) {
  return { ...template, createdAt: template.createdAt.toISOString(), archivedAt: template.archivedAt?.toISOString() ?? null }
}

export const templateJson = templateSummaryJson
