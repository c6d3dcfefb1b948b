import type { Audience } from './kinds.ts'

/**
 * The colours every e-mail uses. Each foreground/background pair has a WCAG
 * contrast ratio of at least 4.5:1 (a test computes them), so the text is
 * readable for people with low vision and in bright light on a phone.
 */
export const palette = {
  text: '#1f2328',
  background: '#ffffff',
  muted: '#57606a',
  action: '#0b57d0',
  actionText: '#ffffff',
  rule: '#d0d7de',
} as const

/** The pairs of `palette` that are text on a background. */
export const textPairs: Array<[foreground: keyof typeof palette, background: keyof typeof palette]> = [
  ['text', 'background'],
  ['muted', 'background'],
  ['action', 'background'],
  ['actionText', 'action'],
]

const p = palette
// Real text on one narrow column: no images (nothing to lose when a client
// blocks them), a 600 px cap that shrinks to the phone's width, 16 px type.
const styles = `
  body { margin: 0; padding: 0; background: ${p.background}; color: ${p.text}; }
  .mail { max-width: 600px; margin: 0 auto; padding: 24px 16px; font-family: -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif; font-size: 16px; line-height: 1.5; color: ${p.text}; background: ${p.background}; overflow-wrap: break-word; }
  .mail p { margin: 0 0 16px; }
  .mail a { color: ${p.action}; }
  .mail a.action { display: inline-block; padding: 12px 20px; border-radius: 6px; background: ${p.action}; color: ${p.actionText}; font-weight: 600; text-decoration: none; }
  .mail table.facts { border-collapse: collapse; margin: 0 0 16px; }
  .mail table.facts th { text-align: left; padding: 4px 16px 4px 0; vertical-align: top; font-weight: 600; }
  .mail table.facts td { padding: 4px 0; }
  .mail hr { border: 0; border-top: 1px solid ${p.rule}; margin: 24px 0 16px; }
  .mail .footer { color: ${p.muted}; font-size: 14px; }
`.trim()

/** Why the recipient gets the e-mail, as Handlebars sources (HTML and text) rendered with the same variables. */
export const footers: Record<Audience, { html: string; text: string }> = {
  candidate: {
    html: 'You are receiving this e-mail because you applied for {{job.title}} at {{company.name}}. To stop optional updates, reply and tell us.',
    text: 'You are receiving this e-mail because you applied for {{job.title}} at {{company.name}}. To stop optional updates, reply and tell us.',
  },
  team: {
    html: 'Sent by Shortlist to the hiring team of {{job.title}}.',
    text: 'Sent by Shortlist to the hiring team of {{job.title}}.',
  },
}

/** The HTML document around a rendered body; `subject` and `footer` arrive escaped. */
export function htmlDocument(parts: { subject: string; body: string; footer: string }): string {
  return `<!doctype html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${parts.subject}</title>
<style>${styles}</style>
</head>
<body>
<div class="mail" role="article" aria-label="${parts.subject}" lang="en">
${parts.body}
<hr>
<p class="footer">${parts.footer}</p>
</div>
</body>
</html>
`
}

export function textDocument(parts: { body: string; footer: string }): string {
  return `${parts.body.trim()}\n\n-- \n${parts.footer.trim()}\n`
}
