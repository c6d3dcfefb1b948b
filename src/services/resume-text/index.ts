import { readFile } from 'node:fs/promises'
import { extractDocxText } from './docx.ts'
import { extractPdfText } from './pdf.ts'
import type { ResumeKind } from './sniff.ts'

export { contentTypes, sniffResumeKind, type ResumeKind } from './sniff.ts'

/** Enough for any real resume; the search document indexes at most this much anyway. */
export const MAX_RESUME_TEXT_CHARS = 200_000

/**
 * The searchable text of a stored resume, or null when the file passed the type
 * check but cannot be read (corrupt, encrypted, images only): the upload keeps
 * the file and says textExtracted: false rather than failing.
 */
export async function extractResumeText(path: string, kind: ResumeKind): Promise<string | null> {
  try {
    const buffer = await readFile(path)
    const raw = kind === 'pdf' ? await extractPdfText(new Uint8Array(buffer), MAX_RESUME_TEXT_CHARS) : await extractDocxText(buffer)
    // NUL bytes cannot be stored in a PostgreSQL text column.
    const text = raw.replace(/\u0000/g, '').replace(/[ \t]+\n/g, '\n').trim().slice(0, MAX_RESUME_TEXT_CHARS)
    return text.length > 0 ? text : null
  } catch {
    return null
  }
}
