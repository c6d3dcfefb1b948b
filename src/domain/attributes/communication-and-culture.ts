import type { DefaultAttribute } from '../scorecard-attribute.ts'

// Communication and collaboration, then culture. Culture is judged as
// "adds to the team's values", never "is like us": likeness is where bias hides.
export const communicationAttributes = [
  {
    key: 'collaboration', section: 'COMMUNICATION', weight: 1.25,
    name: 'Teamwork and collaboration',
    description: 'Working with front-end developers, product people and other teams; code review; team methods such as Scrum or Lean.',
    guidingQuestions: ['Tell me about a disagreement with a colleague over a technical decision. What happened?', 'How do you agree a new API with front-end developers?', 'What makes a code review useful to you?'],
    anchors: {
      1: 'Blames others, dismisses other roles, prefers to work alone on principle.',
      2: 'Cooperative when asked but passive: waits for instructions, shares context late, raises problems late.',
      3: 'Shares work early, gives and takes review constructively, agrees interfaces with colleagues, settles disagreements on the merits.',
      4: 'Makes the team better: unblocks and mentors others, builds agreement across teams, improves how the team works.',
    },
  },
  {
    key: 'technical-communication', section: 'COMMUNICATION', weight: 1,
    name: 'Explaining to a non-technical audience',
    description: 'Communicating technical concepts, risks and trade-offs clearly to stakeholders and clients.',
    guidingQuestions: ['Explain what an API is to a colleague in sales.', 'How would you tell a client their feature is late because of technical debt?'],
    anchors: {
      1: 'Cannot explain their own work without jargon; impatient with questions.',
      2: 'Accurate, but at the wrong level: too much detail or jargon for the listener.',
      3: 'Adapts to the listener, uses concrete examples, checks understanding, states risks and trade-offs plainly.',
      4: 'Makes complex trade-offs clear enough for executives and clients to decide on; turns technical work into visuals; others ask them to explain things.',
    },
  },
  {
    key: 'documentation', section: 'COMMUNICATION', weight: 0.75,
    name: 'Writing documentation',
    description: 'Developer-friendly documentation: API references, READMEs, deployment and operations guides, decision records.',
    guidingQuestions: ['Show us documentation you wrote. Who was it for?', 'What would you write down before handing a service to another team?'],
    anchors: {
      1: 'Writes no documentation, or documentation nobody can follow.',
      2: 'Documents when asked; what exists is incomplete or out of date.',
      3: 'Writes clear READMEs, API references and runbooks for a named reader, kept next to the code and in step with it.',
      4: 'Sets documentation standards others follow, generates references from code (e.g. OpenAPI), writes guides people cite.',
    },
  },
] as const satisfies readonly DefaultAttribute[]

export const cultureAttributes = [
  {
    key: 'values-and-ways-of-working', section: 'CULTURE', weight: 1,
    name: 'Values and ways of working',
    description: 'Alignment with the company\'s stated values and team norms: ownership, honesty about mistakes, feedback, respect, work ethic.',
    guidingQuestions: ['Tell me about a mistake of yours that affected others. What did you do?', 'What do you do when you disagree with a decision already made?', 'In what kind of team do you do your best work?'],
    anchors: {
      1: 'Examples at odds with the company\'s values: hides mistakes, disrespects colleagues, takes no ownership.',
      2: 'Agrees with the values in words, but the examples show little ownership or openness to feedback.',
      3: 'Concrete examples of ownership, owning up to mistakes, giving and taking feedback, and respecting colleagues.',
      4: 'Strong, specific evidence of living the values under pressure, and brings something the team lacks rather than more of the same.',
    },
  },
  {
    key: 'learning-and-adaptability', section: 'CULTURE', weight: 1,
    name: 'Learning and adaptability',
    description: 'Researching and learning new tools and techniques, keeping up with the field, adapting to a new organisation\'s environment.',
    guidingQuestions: ['What did you learn recently, and how?', 'Tell me about joining a team that worked differently from what you were used to.'],
    anchors: {
      1: 'No interest in anything outside the current stack; resists change.',
      2: 'Learns when required, slowly; little curiosity beyond the task at hand.',
      3: 'Learns new tools and techniques on their own initiative, applies them with judgement, adapts to new teams and processes.',
      4: 'Learns fast and shares it: introduces well-judged technology, contributes to open source or the community, helps the team adapt.',
    },
  },
] as const satisfies readonly DefaultAttribute[]
