import type { AttributeKey } from './default-scorecard.ts'

/** A free-text question on a scorecard, stored in ScorecardTemplate.textFields. */
export interface TemplateTextField {
  key: string
  label: string
  required: boolean
}

export interface DefaultTemplate {
  key: string
  name: string
  description: string
  /** Attributes in the order shown; weight overrides the attribute's default for this stage. */
  attributes: ReadonlyArray<{ key: AttributeKey; weight?: number }>
  textFields: readonly TemplateTextField[]
}

// One organisation-wide template per default stage: each stage judges a few
// things well rather than everything badly. Weights emphasise what the stage
// is best placed to judge.
export const defaultTemplates = [
  {
    key: 'resume-review', name: 'Resume review',
    description: 'Relevant experience, skills, education and past projects, as shown by the resume and application.',
    attributes: [{ key: 'server-side-language' }, { key: 'backend-frameworks' }, { key: 'databases-sql' }, { key: 'restful-apis' }, { key: 'architecture-deployment', weight: 0.75 }],
    textFields: [
      { key: 'experience', label: 'Relevant experience (years, roles, back-end work)', required: true },
      { key: 'education', label: 'Education, or experience that stands in for it', required: false },
      { key: 'projects', label: 'Past projects worth asking about', required: false },
    ],
  },
  {
    key: 'technical-interview', name: 'Technical interview',
    description: 'Back-end concepts, databases, server-side programming and APIs, and a coding problem solved live.',
    attributes: [
      { key: 'server-side-language' }, { key: 'databases-sql' }, { key: 'restful-apis' }, { key: 'backend-frameworks' },
      { key: 'security-owasp' }, { key: 'session-management' }, { key: 'problem-solving', weight: 1.5 }, { key: 'technical-communication', weight: 0.5 },
    ],
    textFields: [{ key: 'coding-problem', label: 'The coding problem: what was asked, how it went', required: true }],
  },
  {
    key: 'portfolio-review', name: 'Portfolio / work samples',
    description: 'Code quality, architecture and scalability of applications the candidate built.',
    attributes: [{ key: 'architecture-deployment', weight: 1.5 }, { key: 'testing-tdd', weight: 1.25 }, { key: 'server-side-language' }, { key: 'caching-performance' }, { key: 'git' }, { key: 'documentation' }],
    textFields: [{ key: 'samples', label: 'Samples reviewed (repositories, links)', required: true }],
  },
  {
    key: 'domain-skills-assessment', name: 'Domain skills assessment',
    description: 'The job\'s specific stack. A job removes the attributes it does not use, or lowers their weight.',
    attributes: [
      { key: 'databases-sql' }, { key: 'restful-apis' }, { key: 'caching-performance' }, { key: 'cloud-platforms' }, { key: 'security-owasp' },
      { key: 'linux-command-line' }, { key: 'data-formats' }, { key: 'search-technology' }, { key: 'front-end-basics' },
    ],
    textFields: [{ key: 'assessment', label: 'The assessment set and the candidate\'s result', required: true }],
  },
  {
    key: 'collaboration-communication', name: 'Collaboration & communication',
    description: 'Teamwork, and explaining technical work to developers, stakeholders and clients.',
    attributes: [{ key: 'collaboration', weight: 1.5 }, { key: 'technical-communication', weight: 1.5 }, { key: 'documentation' }],
    textFields: [],
  },
  {
    key: 'problem-solving-debugging', name: 'Problem solving & debugging',
    description: 'How the candidate approaches and resolves technical problems, including debugging a back-end system.',
    attributes: [{ key: 'problem-solving', weight: 1.5 }, { key: 'debugging', weight: 1.5 }, { key: 'linux-command-line', weight: 0.5 }],
    textFields: [{ key: 'exercise', label: 'The problem or fault set, and how it was resolved', required: true }],
  },
  {
    key: 'culture-fit', name: 'Culture fit',
    description: 'Values and ways of working, judged against the company\'s stated values.',
    attributes: [{ key: 'values-and-ways-of-working', weight: 1.5 }, { key: 'learning-and-adaptability' }, { key: 'collaboration', weight: 0.5 }],
    textFields: [],
  },
  {
    key: 'reference-check', name: 'References & background check',
    description: 'What references say about work ethic, technical proficiency and overall performance; the background checks done.',
    attributes: [{ key: 'values-and-ways-of-working' }, { key: 'collaboration' }, { key: 'problem-solving' }],
    textFields: [
      { key: 'references', label: 'References contacted (role and relationship, not contact details)', required: true },
      { key: 'background-check', label: 'Background checks done and their outcome', required: true },
    ],
  },
] as const satisfies readonly DefaultTemplate[]

export type TemplateKey = (typeof defaultTemplates)[number]['key']

export function defaultTemplate(key: TemplateKey): DefaultTemplate {
  return defaultTemplates.find((t) => t.key === key)!
}
