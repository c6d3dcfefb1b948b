// Runs in a worker thread: reads one PDF's text and posts it back.
import { parentPort, workerData } from 'node:worker_threads'
import { extractPdfText } from './pdf-reader.ts'

const { data, maxChars } = workerData as { data: Uint8Array; maxChars: number }
parentPort!.postMessage(await extractPdfText(data, maxChars))
