import mammoth from 'mammoth'

/** The raw text of a Word document (paragraphs separated by blank lines), with mammoth. */
export async function extractDocxText(buffer: Buffer): Promise<string> {
  const result = await mammoth.extractRawText({ buffer })
  return result.value
}
