import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'

const MAX_PAGES = 100

/**
 * The text of a PDF with Mozilla's pdf.js (pure JavaScript, works offline):
 * page by page, stopping at MAX_PAGES or maxChars. Scripting, font loading and
 * eval stay off: we only read text.
 */
export async function extractPdfText(data: Uint8Array, maxChars: number): Promise<string> {
  const document = await getDocument({ data, isEvalSupported: false, disableFontFace: true, useSystemFonts: false, enableXfa: false, verbosity: 0 }).promise
  try {
    const parts: string[] = []
    let length = 0
    for (let pageNumber = 1; pageNumber <= Math.min(document.numPages, MAX_PAGES) && length < maxChars; pageNumber++) {
      const page = await document.getPage(pageNumber)
      const content = await page.getTextContent()
      for (const item of content.items) {
        if (!('str' in item)) continue
        const piece = item.str + (item.hasEOL ? '\n' : ' ')
        parts.push(piece)
        length += piece.length
      }
      page.cleanup()
    }
    return parts.join('')
  } finally {
    await document.destroy()
  }
}
