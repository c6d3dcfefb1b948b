import type { StageKind } from '../generated/prisma/enums.ts'
import type { TemplateKey } from './default-scorecard-templates.ts'

/** One stage of an assessment plan, before it belongs to a job. */
export interface PlanStage {
  name: string
  kind: StageKind
  /** What the stage judges, shown to the hiring team. */
  judges: string
  /** The default scorecard template; null for stages decided without one (Offer). */
  template: TemplateKey | null
  /** Submitted scorecards needed before the stage can be decided. */
  requiredScorecards: number
  /** Days an application should spend in the stage before it counts as overdue. */
  slaDays: number
}

// Required scorecards, by kind: one reviewer reads a resume or a portfolio
// against a written template; interviews need two independent scorecards,
// because one interviewer's impression is the noisiest signal in hiring and
// "nobody sees the others before submitting" only means something with two.
// An assessment is marked against its own rubric (one); a check is recorded by
// the recruiter (one); an offer is a decision, not an evaluation (none).
// SLAs leave time to schedule interviews (a week) and to hand in work samples.
const stage = {
  resumeReview: { name: 'Resume review', kind: 'REVIEW', judges: 'Experience, skills, education and past projects.', template: 'resume-review', requiredScorecards: 1, slaDays: 3 },
  technicalInterview: { name: 'Technical interview', kind: 'INTERVIEW', judges: 'Back-end concepts, databases and APIs; a coding problem.', template: 'technical-interview', requiredScorecards: 2, slaDays: 7 },
  portfolio: { name: 'Portfolio / work samples', kind: 'REVIEW', judges: 'Code quality, architecture and scalability.', template: 'portfolio-review', requiredScorecards: 1, slaDays: 5 },
  domainSkills: { name: 'Domain skills assessment', kind: 'ASSESSMENT', judges: 'The job\'s specific stack (e.g. Python, Java, SQL, REST, cloud, caching).', template: 'domain-skills-assessment', requiredScorecards: 1, slaDays: 7 },
  collaboration: { name: 'Collaboration & communication', kind: 'INTERVIEW', judges: 'Teamwork; explaining technical work to non-technical people.', template: 'collaboration-communication', requiredScorecards: 2, slaDays: 7 },
  problemSolving: { name: 'Problem solving & debugging', kind: 'INTERVIEW', judges: 'Approach to, and resolution of, technical problems.', template: 'problem-solving-debugging', requiredScorecards: 2, slaDays: 7 },
  cultureFit: { name: 'Culture fit', kind: 'INTERVIEW', judges: 'Values and ways of working.', template: 'culture-fit', requiredScorecards: 2, slaDays: 7 },
  references: { name: 'References & background check', kind: 'CHECK', judges: 'References contacted, checks done.', template: 'reference-check', requiredScorecards: 1, slaDays: 5 },
  offer: { name: 'Offer', kind: 'OFFER', judges: 'Offer extended, accepted or declined.', template: null, requiredScorecards: 0, slaDays: 5 },
} as const satisfies Record<string, PlanStage>

/** The eight stages of "How to assess a candidate", then the offer. */
export const defaultPlan: readonly PlanStage[] = [
  stage.resumeReview, stage.technicalInterview, stage.portfolio, stage.domainSkills,
  stage.collaboration, stage.problemSolving, stage.cultureFit, stage.references, stage.offer,
]

/**
 * The four-stage shape named when the project was commissioned, then the offer:
 * every plan ends in an Offer stage, so "hired" always happens from one place.
 */
export const leanPlan: readonly PlanStage[] = [stage.resumeReview, stage.technicalInterview, stage.portfolio, stage.references, stage.offer]

export const defaultPlans = { default: defaultPlan, lean: leanPlan } as const
export type DefaultPlanName = keyof typeof defaultPlans
