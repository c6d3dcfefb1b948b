/**
 * A timestamptz that PostgreSQL wrote inside JSON, as the API writes instants:
 * ISO 8601 in UTC with milliseconds ("2026-05-01T18:56:01.086Z").
 *
 * PostgreSQL writes it in the session's time zone and drops the fraction's
 * trailing zeros: "2026-05-01T18:56:01.086+00:00", "…:01.5+00:00", "…:01+00:00".
 * The board converts hundreds per call, and going through Date cost about a
 * tenth of its CPU in this process, so a UTC one is rewritten as text (the
 * fraction padded or cut to milliseconds, as Date would). Any other offset goes
 * through Date.
 */
export function isoFromJsonTimestamp(text: string): string {
  if (text.length < 25 || !text.endsWith('+00:00') || text[10] !== 'T') return new Date(text).toISOString()
  const fraction = text.slice(19, -6) // "" or ".d…"
  return `${text.slice(0, 19)}${(fraction || '.').padEnd(4, '0').slice(0, 4)}Z`
}
