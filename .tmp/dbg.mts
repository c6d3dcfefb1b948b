import { startSmtpSink } from '/work/main/test/helpers/smtp-sink.ts'
import { createMailTransport } from '/work/main/src/email/transport.ts'
import { classifySendError } from '/work/main/src/email/smtp-failure.ts'
const sink = await startSmtpSink()
const tr = createMailTransport({ SMTP_URL: sink.url, SMTP_POOL_CONNECTIONS: 2 })
sink.failWith(421)
for (let i = 0; i < 2; i++) {
  try { console.log(await tr.sendMail({ from: 'a@b.c', to: 'x@y.z', subject: 's', text: 't' })) } catch (e) { console.log('err', classifySendError(e), (e as any).code) }
}
sink.failWith(null)
console.log((await tr.sendMail({ from: 'a@b.c', to: 'x@y.z', subject: 's', text: 't' })).response)
tr.close(); await sink.close()
