import type { NotificationKind } from '../generated/prisma/enums.ts'
import { kindPolicies } from './kinds.ts'
import type { TemplateSource } from './template-source.ts'

/**
 * The words of each default e-mail, written once: paragraphs, facts (label and
 * value, left out when the value renders empty) and at most one action link.
 * `compose` turns them into the same { subject, html, text } Handlebars sources
 * a job's override gives, so defaults and overrides render the same way.
 * Variables are the ones `templateVariables` lists; Handlebars escapes each one
 * in the HTML part.
 */
interface Words {
  subject: string
  paragraphs: string[]
  facts?: Array<[label: string, value: string]>
  action?: { label: string; url: string }
  /** Secondary links, each shown only when its URL renders (the candidate's reschedule and cancel links). */
  links?: Array<[label: string, url: string]>
}

const signOff = 'Best wishes,<br>The {{company.name}} hiring team'
const signOffText = 'Best wishes,\nThe {{company.name}} hiring team'

const interviewFacts: Array<[string, string]> = [
  ['When', '{{interview.when}}'],
  ['Length', '{{interview.duration}}'],
  ['Where', '{{interview.location}}'],
  ['Video link', '{{interview.videoUrl}}'],
]

const selfService: Array<[string, string]> = [
  ['Choose another time', '{{interview.rescheduleUrl}}'],
  ['Cancel the interview', '{{interview.cancelUrl}}'],
]

const words: Record<NotificationKind, Words> = {
  APPLICATION_RECEIVED: {
    subject: 'We received your application for {{job.title}}',
    paragraphs: [
      'Hi {{candidate.firstName}},',
      'Thank you for applying for the {{job.title}} role at {{company.name}}. Your application has reached us and we will review it carefully.',
      'There is nothing more you need to do for now: we will e-mail you as soon as there is news.',
    ],
  },
  STAGE_MOVED: {
    subject: 'Your application for {{job.title}}: next step',
    paragraphs: [
      'Hi {{candidate.firstName}},',
      'Good news: your application for {{job.title}} has moved on to the next step, {{stage.name}}.',
      'We will be in touch with what happens next.',
    ],
  },
  INTERVIEW_INVITATION: {
    subject: 'Interview for {{job.title}}: {{interview.when}}',
    paragraphs: [
      'Hi {{candidate.firstName}},',
      'We would like to invite you to an interview for the {{job.title}} role ({{stage.name}}). The calendar invitation is attached.',
      'If the time does not suit you, choose another below, or reply to this e-mail.',
    ],
    facts: interviewFacts,
    links: selfService,
  },
  INTERVIEW_UPDATE: {
    subject: 'Updated: your interview for {{job.title}}',
    paragraphs: ['Hi {{candidate.firstName}},', 'The details of your interview for the {{job.title}} role have changed. Here they are as they are now (the calendar update is attached):'],
    facts: interviewFacts,
    links: selfService,
  },
  INTERVIEW_CANCELLATION: {
    subject: 'Cancelled: your interview for {{job.title}}',
    paragraphs: [
      'Hi {{candidate.firstName}},',
      'Your interview for the {{job.title}} role on {{interview.when}} has been cancelled. We are sorry for the change of plan.',
      'We will contact you about what happens next.',
    ],
  },
  INTERVIEW_REMINDER: {
    subject: 'Reminder: your interview for {{job.title}}, {{interview.when}}',
    paragraphs: ['Hi {{candidate.firstName}},', 'A reminder of your interview for the {{job.title}} role. We look forward to speaking with you.'],
    facts: interviewFacts,
    links: selfService,
  },
  SCHEDULING_LINK: {
    subject: 'Choose a time for your {{job.title}} interview',
    paragraphs: [
      'Hi {{candidate.firstName}},',
      'The next step for the {{job.title}} role is an interview ({{stage.name}}). Please choose a time that suits you.',
      'The link works until {{link.expires}}.',
    ],
    action: { label: 'Choose a time', url: '{{link.url}}' },
  },
  REJECTION: {
    subject: 'Your application for {{job.title}}',
    paragraphs: [
      'Hi {{candidate.firstName}},',
      'Thank you for the time and care you put into applying for the {{job.title}} role at {{company.name}}.',
      'After careful consideration we have decided not to take your application further. We know this is disappointing, and we are grateful for your interest.',
      'We wish you every success in your search.',
    ],
  },
  OFFER: {
    subject: 'An offer from {{company.name}}: {{job.title}}',
    paragraphs: [
      'Hi {{candidate.firstName}},',
      'We are delighted to tell you that we would like to offer you the {{job.title}} role at {{company.name}}.',
      'Your recruiter will be in touch shortly with the details of the offer.',
    ],
  },
  TEAM_INTERVIEW_INVITATION: {
    subject: 'Interview: {{candidate.fullName}} for {{job.title}}, {{interview.when}}',
    paragraphs: ['Hi {{recipient.firstName}},', 'You are on the panel for an interview with {{candidate.fullName}} for {{job.title}} ({{stage.name}}).'],
    facts: interviewFacts,
    action: { label: 'Open the application', url: '{{application.url}}' },
  },
  TEAM_INTERVIEW_UPDATE: {
    subject: 'Updated: interview with {{candidate.fullName}}, {{interview.when}}',
    paragraphs: ['Hi {{recipient.firstName}},', 'The interview with {{candidate.fullName}} for {{job.title}} ({{stage.name}}) has changed. Here it is as it is now:'],
    facts: interviewFacts,
    action: { label: 'Open the application', url: '{{application.url}}' },
  },
  TEAM_INTERVIEW_CANCELLATION: {
    subject: 'Cancelled: interview with {{candidate.fullName}}, {{interview.when}}',
    paragraphs: ['Hi {{recipient.firstName}},', 'The interview with {{candidate.fullName}} for {{job.title}} ({{stage.name}}) on {{interview.when}} is cancelled, or you are no longer on its panel. It has been taken out of your calendar.'],
  },
  TEAM_INTERVIEW_REMINDER: {
    subject: 'Reminder: interview with {{candidate.fullName}}, {{interview.when}}',
    paragraphs: ['Hi {{recipient.firstName}},', 'A reminder of your interview with {{candidate.fullName}} for {{job.title}} ({{stage.name}}).'],
    facts: interviewFacts,
    action: { label: 'Open the application', url: '{{application.url}}' },
  },
  SCORECARD_DUE: {
    subject: 'Scorecard due: {{candidate.fullName}} ({{stage.name}})',
    paragraphs: [
      'Hi {{recipient.firstName}},',
      'Your scorecard for {{candidate.fullName}} ({{job.title}}, {{stage.name}}) is due. Please submit it while the interview is fresh in your mind.',
    ],
    action: { label: 'Fill in the scorecard', url: '{{application.url}}' },
  },
  SCORECARD_OVERDUE: {
    subject: 'Overdue scorecard: {{panelist.name}} on {{candidate.fullName}}',
    paragraphs: [
      'Hi {{recipient.firstName}},',
      'The scorecard of {{panelist.name}} for {{candidate.fullName}} ({{job.title}}, {{stage.name}}) is overdue, and the decision waits for it.',
    ],
    action: { label: 'Open the application', url: '{{application.url}}' },
  },
  DECISION_NEEDED: {
    subject: 'Decision needed: {{candidate.fullName}} for {{job.title}}',
    paragraphs: [
      'Hi {{recipient.firstName}},',
      'Every scorecard needed for {{candidate.fullName}} at {{stage.name}} ({{job.title}}) is in. The next move is your decision.',
    ],
    action: { label: 'Review and decide', url: '{{application.url}}' },
  },
}

function compose(kind: NotificationKind, w: Words): TemplateSource {
  // Candidates hear from the company, so their e-mails are signed; team e-mails are notices.
  const closesWithSignOff = kindPolicies[kind].audience === 'candidate'
  const facts = w.facts ?? []
  const html = [
    ...w.paragraphs.map((p) => `<p>${p}</p>`),
    ...(facts.length ? [`<table role="presentation" class="facts">${facts.map(([label, value]) => `{{#if ${bare(value)}}}<tr><th scope="row">${label}</th><td>${value}</td></tr>{{/if}}`).join('')}</table>`] : []),
    ...(w.action ? [`<p><a class="action" href="${w.action.url}">${w.action.label}</a></p>`] : []),
    ...(w.links ?? []).map(([label, url]) => `{{#if ${bare(url)}}}<p><a href="${url}">${label}</a></p>{{/if}}`),
    ...(closesWithSignOff ? [`<p>${signOff}</p>`] : []),
  ].join('\n')
  const text = [
    ...w.paragraphs,
    ...(facts.length ? [facts.map(([label, value]) => `{{#if ${bare(value)}}}${label}: ${value}\n{{/if}}`).join('').trimEnd()] : []),
    ...(w.action ? [`${w.action.label}: ${w.action.url}`] : []),
    ...(w.links?.length ? [w.links.map(([label, url]) => `{{#if ${bare(url)}}}${label}: ${url}\n{{/if}}`).join('').trimEnd()] : []),
    ...(closesWithSignOff ? [signOffText] : []),
  ].join('\n\n')
  return { subject: w.subject, html, text }
}

/** `{{interview.when}}` → `interview.when`, for the `{{#if}}` around a fact. */
const bare = (mustache: string) => mustache.slice(2, -2)

/** The default template of every kind. */
export const defaultTemplates = Object.fromEntries(
  (Object.entries(words) as Array<[NotificationKind, Words]>).map(([kind, w]) => [kind, compose(kind, w)]),
) as Record<NotificationKind, TemplateSource>
