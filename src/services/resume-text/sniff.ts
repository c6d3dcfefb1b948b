import { open } from 'node:fs/promises'
import { inspectZip } from './zip.ts'

export type ResumeKind = 'pdf' | 'docx'

export const contentTypes: Record<ResumeKind, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
}

const PDF_MAGIC = Buffer.from('%PDF-', 'latin1')
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04])

/**
 * What the stored file really is, by its content: never by the client's file
 * name or declared type. A PDF starts with "%PDF-"; a DOCX is a ZIP holding a
 * Word document part and a content-types part (any ZIP is not enough).
 */
export async function sniffResumeKind(path: string): Promise<ResumeKind | null> {
  const head = Buffer.alloc(8)
  const handle = await open(path, 'r')
  try {
    await handle.read(head, 0, head.length, 0)
  } finally {
    await handle.close()
  }
  if (head.subarray(0, PDF_MAGIC.length).equals(PDF_MAGIC)) return 'pdf'
  if (head.subarray(0, ZIP_MAGIC.length).equals(ZIP_MAGIC)) {
    const names = await inspectZip(path)
    if (names?.has('word/document.xml') && names.has('[Content_Types].xml')) return 'docx'
  }
  return null
}
