import { Worker } from 'node:worker_threads'

const WORKER_URL = new URL('./pdf-worker.ts', import.meta.url)
// Worker threads do not inherit the main thread's module hooks (tsx), so the
// worker registers them itself before loading the TypeScript entry.
const BOOTSTRAP = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
  .then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_URL.href)}) })`
const TIMEOUT_MS = 30_000

/**
 * The text of a PDF, read in a worker thread. pdf.js's legacy build (the one
 * that runs on Node 20) installs core-js polyfills over globals such as
 * JSON.stringify, about ten times slower than the native one: loading it in the
 * API's own thread would slow every response. A worker also keeps a large or
 * hostile PDF from blocking the event loop, and is killed after TIMEOUT_MS.
 */
export function extractPdfText(data: Uint8Array, maxChars: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(BOOTSTRAP, { eval: true, workerData: { data, maxChars }, resourceLimits: { maxOldGenerationSizeMb: 256 } })
    const timer = setTimeout(() => {
      void worker.terminate()
      reject(new Error('PDF text extraction timed out'))
    }, TIMEOUT_MS)
    worker.once('message', (text: string) => resolve(text))
    worker.once('error', reject)
    worker.once('exit', (code) => {
      clearTimeout(timer)
      if (code !== 0) reject(new Error(`PDF text extraction exited with ${code}`))
    })
  })
}
