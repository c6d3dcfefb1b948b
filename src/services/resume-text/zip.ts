import yauzl, { type Entry, type ZipFile } from 'yauzl'

/** More than a resume could need once inflated: a larger archive is refused as a likely zip bomb. */
export const MAX_INFLATED_BYTES = 64 * 1024 * 1024

/**
 * The entry names of a ZIP file, or null when it is not a readable archive or
 * inflates beyond MAX_INFLATED_BYTES. Every entry is inflated once (and
 * discarded) so the sizes the archive declares are proven: yauzl checks each
 * entry's real size against its declaration while streaming, so the
 * whole-document parse that follows (mammoth inflates entries into memory)
 * cannot be tricked into inflating gigabytes.
 */
export async function inspectZip(path: string): Promise<Set<string> | null> {
  let zip: ZipFile
  try {
    zip = await openZip(path)
  } catch {
    return null
  }
  try {
    const names = new Set<string>()
    let declared = 0
    for (let entry = await nextEntry(zip); entry; entry = await nextEntry(zip)) {
      declared += entry.uncompressedSize
      if (declared > MAX_INFLATED_BYTES) return null
      names.add(entry.fileName)
      if (!entry.fileName.endsWith('/')) await drainEntry(zip, entry)
    }
    return names
  } catch {
    return null
  } finally {
    zip.close()
  }
}

function openZip(path: string): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true }, (error, zip) => (error || !zip ? reject(error) : resolve(zip)))
  })
}

function nextEntry(zip: ZipFile): Promise<Entry | null> {
  return new Promise((resolve, reject) => {
    const cleanup = () => zip.removeListener('entry', onEntry).removeListener('end', onEnd).removeListener('error', onError)
    const onEntry = (entry: Entry) => (cleanup(), resolve(entry))
    const onEnd = () => (cleanup(), resolve(null))
    const onError = (error: Error) => (cleanup(), reject(error))
    zip.on('entry', onEntry).on('end', onEnd).on('error', onError)
    zip.readEntry()
  })
}

function drainEntry(zip: ZipFile, entry: Entry): Promise<void> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error || !stream) return reject(error ?? new Error('unreadable entry'))
      stream.on('error', reject).on('end', resolve).resume()
    })
  })
}
