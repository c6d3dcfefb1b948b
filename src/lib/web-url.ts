/** Only http(s) links become links: a `javascript:` URL typed into an interview must not reach an inbox or a calendar as one. */
export function webUrl(value: string | null): string | null {
  if (!value) return null
  try {
    const url = new URL(value)
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : null
  } catch {
    return null
  }
}
