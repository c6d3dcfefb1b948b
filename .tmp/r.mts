import { renderEmail } from '/work/main/src/email/render.ts'
import { defaultTemplates } from '/work/main/src/email/default-templates.ts'
const ctx: any = { company: { name: '<img src=x onerror=alert(1)>"&\'' }, recipient: { name: 'a', firstName: 'a' }, candidate: { firstName: 'x', fullName: 'x' }, job: { title: 'j', location: null }, stage: null, interview: null, link: null, application: { url: 'u' }, panelist: null }
console.log(renderEmail('APPLICATION_RECEIVED', defaultTemplates.APPLICATION_RECEIVED, ctx).html.match(/img src[^\n]{0,80}/g))
