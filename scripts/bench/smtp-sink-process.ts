// The bench's SMTP sink, in a process of its own so both sides of the e-mail
// pair pay the same server cost and neither shares a CPU thread with it.
// Talks over IPC: sends { port } when listening; answers { count } with
// { received, distinct }; { reset } forgets what it received.
import { SMTPServer } from 'smtp-server'

const messageIds = new Map<string, number>()
let received = 0
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, _session, callback) {
    let head = ''
    stream.on('data', (chunk: Buffer) => {
      if (head.length < 4096) head += chunk.toString('latin1')
    })
    stream.on('end', () => {
      received++
      const id = /^Message-ID:\s*(\S+)/im.exec(head)?.[1] ?? `missing-${received}`
      messageIds.set(id, (messageIds.get(id) ?? 0) + 1)
      callback()
    })
  },
})
server.listen(0, '127.0.0.1', () => {
  process.send!({ port: (server.server.address() as { port: number }).port })
})
process.on('message', (message: { count?: true; reset?: true }) => {
  if (message.reset) {
    messageIds.clear()
    received = 0
  }
  process.send!({ received, distinct: messageIds.size })
})
process.on('disconnect', () => server.close(() => process.exit(0)))
