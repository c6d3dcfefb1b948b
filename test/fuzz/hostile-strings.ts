// Strings that have broken real systems: encodings the database refuses, text
// that changes meaning when displayed, and payloads aimed at other interpreters.
// Many are *valid* for a plain string schema, so they reach the handlers and the database.

export const HOSTILE_STRINGS: ReadonlyArray<readonly [label: string, value: string]> = [
  ['NUL byte', 'a\u0000b'],
  ['only NUL', '\u0000'],
  ['lone high surrogate', 'a\uD800b'],
  ['lone low surrogate', '\uDC00'],
  ['reversed surrogate pair', '\uDC00\uD800'],
  ['RTL override', 'user\u202Egnp.exe'],
  ['zero-width and BOM', '\uFEFF\u200B\u200D'],
  ['emoji ZWJ sequence', '👩🏽‍💻🏳️‍🌈'],
  ['astral plane letters', '𝕏𝔸𝕄𝕃'],
  ['combining marks', 'Z\u0351\u0360\u0337a\u035B\u0489l\u0315g\u0334o'],
  ['C0 and C1 controls', '\u0007\u001b[31m\u0085\u009b'],
  ['CRLF injection', 'a\r\nX-Injected: 1'],
  ['line/paragraph separators', 'a\u2028b\u2029c'],
  ['whitespace only', ' \t '],
  ['homoglyph (Cyrillic a)', '\u0430dmin'],
  ['fullwidth solidus path', '\uFF0E\uFF0E\uFF0Fetc'],
  ['SQL meta characters', "' OR '1'='1' --; DROP TABLE users"],
  ['path traversal', '../../../../etc/passwd'],
  ['percent-encoded NUL', '%00'],
  ['HTML/script', '<script>alert(1)</script>'],
  ['template/JNDI syntax', '${jndi:ldap://x}{{7*7}}'],
  ['backslashes and quotes', '\\"\\u0000\'`'],
  ['noncharacters', '\uFFFE\uFFFF'],
  ['private use', '\uE000\uDB80\uDC00'],
]

/** Wrong-but-close UUIDs: the kinds a database uuid parser and a format validator may disagree on. */
export function uuidLookalikes(uuid: string): ReadonlyArray<readonly [string, string]> {
  const hex = uuid.replace(/-/g, '')
  return [
    ['not a UUID', 'not-a-uuid'],
    ['urn:uuid: prefix', `urn:uuid:${uuid}`],
    ['braced UUID', `{${uuid}}`],
    ['UUID without hyphens', hex],
    ['upper-case UUID', uuid.toUpperCase()],
    ['nil UUID', '00000000-0000-0000-0000-000000000000'],
    ['max UUID', 'ffffffff-ffff-ffff-ffff-ffffffffffff'],
    ['UUID with a non-hex digit', `g${uuid.slice(1)}`],
    ['UUID one char too long', `${uuid}a`],
    ['UUID one char short', uuid.slice(0, -1)],
    ['UUID with misplaced hyphens', `${hex.slice(0, 6)}-${hex.slice(6, 10)}-${hex.slice(10, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`],
    ['36 hyphens', '-'.repeat(36)],
    ['UUID with trailing newline', `${uuid}\n`],
    ['UUID with NUL', `${uuid}\u0000`],
    ['integer id', '12345'],
    ['negative integer id', '-1'],
  ]
}

export const EMAIL_LOOKALIKES: ReadonlyArray<readonly [string, string]> = [
  ['no @', 'plainaddress'],
  ['no domain', 'a@'],
  ['no local part', '@example.test'],
  ['no TLD', 'a@b'],
  ['IDN e-mail', 'ü@exämple.test'],
  ['quoted local part', '"a b"@example.test'],
  ['two @', 'a@b@example.test'],
  ['e-mail with NUL', 'a\u0000@example.test'],
  ['e-mail with CRLF', 'a@example.test\r\nBcc: x@example.test'],
  ['upper-case e-mail', 'ADMIN@EXAMPLE.TEST'],
  ['254+ characters', `${'a'.repeat(64)}@${'b'.repeat(190)}.test`],
]

export const DATE_TIME_LOOKALIKES: ReadonlyArray<readonly [string, string]> = [
  ['words', 'yesterday'],
  ['impossible date', '2026-13-45T99:99:99Z'],
  ['February 30', '2026-02-30T00:00:00Z'],
  ['date only', '2026-01-01'],
  ['year 0', '0000-01-01T00:00:00Z'],
  ['beyond JS Date range', '+275760-09-13T00:00:00.001Z'],
  ['far future', '9999-12-31T23:59:59Z'],
  ['no offset', '2026-01-01T10:00:00'],
  ['epoch number as string', '1767225600'],
]
