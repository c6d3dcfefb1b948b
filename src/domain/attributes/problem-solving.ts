import type { DefaultAttribute } from '../scorecard-attribute.ts'

// "Problem-solving and debugging skills": judged on a live problem, not on
// what the candidate says about themselves.
export const problemSolvingAttributes = [
  {
    key: 'problem-solving', section: 'PROBLEM_SOLVING', weight: 1.5,
    name: 'Problem solving',
    description: 'How the candidate approaches a technical problem: clarifying it, breaking it down, weighing approaches and reaching a working solution.',
    guidingQuestions: ['Think aloud: how do you start on this problem?', 'What would change with ten times the data?', 'What is the hardest technical problem you solved, and how?'],
    anchors: {
      1: 'Jumps into code without understanding the problem, and cannot find a way forward even with hints.',
      2: 'Reaches a solution only with significant hints; misses edge cases and does not consider alternatives.',
      3: 'Clarifies requirements, states assumptions, breaks the problem down, reaches a working solution, tests edge cases and discusses complexity.',
      4: 'Does all that quickly and clearly, compares several approaches with their trade-offs, and spots the real problem behind the one asked.',
    },
  },
  {
    key: 'debugging', section: 'PROBLEM_SOLVING', weight: 1.25,
    name: 'Debugging and troubleshooting',
    description: 'Finding and fixing faults in back-end systems, in development and in production.',
    guidingQuestions: ['Here is a failing service and its logs: find the cause.', 'Tell me about a production incident you debugged. How did you find the cause?', 'How did you make sure it would not happen again?'],
    anchors: {
      1: 'Changes code at random, hoping the problem goes away.',
      2: 'Finds simple bugs with print statements; loses the thread with intermittent or production-only faults.',
      3: 'Reproduces, forms hypotheses and narrows them down with logs, a debugger, metrics and tests; fixes the cause, not the symptom, and adds a test.',
      4: 'Tracks down distributed and intermittent faults (races, timeouts, leaks) systematically, leads incidents calmly and leaves better observability behind.',
    },
  },
] as const satisfies readonly DefaultAttribute[]
