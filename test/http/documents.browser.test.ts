// The two HTML documents staff open in a browser, the queue dashboard and the
// API docs, in real headless Chromium: they render their data under the CSP
// they are served with, and the browser refuses nothing.
import t from 'tap'
import type { Page } from 'playwright-core'
import { buildTestApp } from '../helpers/app.ts'
import { freePort } from '../helpers/waiting.ts'
import { createUser, TEST_PASSWORD } from '../helpers/users.ts'
import { DESKTOP, launchChromium } from '../helpers/browser.ts'

const port = await freePort()
const { app } = await buildTestApp(t)
await app.listen({ port, host: '127.0.0.1' })
const admin = await createUser(app, 'ADMIN')

const browser = await launchChromium()
t.teardown(() => browser.close())
const context = await browser.newContext({ viewport: DESKTOP, httpCredentials: { username: admin.email, password: TEST_PASSWORD } })

/** Opens the page and collects what the browser refused under the page's CSP. */
async function open(url: string): Promise<{ page: Page; refused: string[] }> {
  const page = await context.newPage()
  const refused: string[] = []
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) refused.push(message.text())
  })
  const response = await page.goto(`http://127.0.0.1:${port}${url}`)
  if (response?.status() !== 200) throw new Error(`${url} answered ${response?.status()}`)
  return { page, refused }
}

t.test('the queue dashboard lists the queues, fetched by its own script', async (t) => {
  const { page, refused } = await open('/admin/queues')
  // The names come from /admin/queues/api/queues: the page's scripts ran and could fetch.
  for (const name of ['email', 'interview-reminders', 'maintenance']) {
    await page.getByText(name, { exact: true }).first().waitFor({ timeout: 15_000 })
  }
  t.same(refused, [], 'nothing refused by the CSP')
  await page.close()
})

t.test('the API docs render the operations from the OpenAPI document', async (t) => {
  const { page, refused } = await open('/docs')
  await page.getByText('/applications/{id}', { exact: true }).first().waitFor({ timeout: 15_000 })
  t.same(refused, [], 'nothing refused by the CSP')
  await page.close()
})
