import type { DefaultAttribute } from '../scorecard-attribute.ts'

// The platform and craft around the server-side code. Search and front-end
// basics weigh less: the job asks for "a basic understanding" of the front end.
export const technicalPlatformAttributes = [
  {
    key: 'cloud-platforms', section: 'TECHNICAL', weight: 1,
    name: 'Cloud platforms',
    description: 'Running services on AWS, Azure or GCP: compute, managed databases, storage, networking, access control (IAM) and cost.',
    guidingQuestions: ['How would you deploy this service on a cloud you know? Which managed services would you use?', 'How do you give a service access to storage without a static key?'],
    anchors: {
      1: 'Has never deployed anything beyond a laptop or a one-click host.',
      2: 'Has deployed with guidance; knows service names but not access control, networking or cost.',
      3: 'Deploys and runs services on at least one cloud with managed databases, storage and least-privilege access; knows regions, networking basics and cost drivers.',
      4: 'Designs for resilience and cost (several zones, backups, autoscaling, infrastructure as code) and has handled a real outage or migration.',
    },
  },
  {
    key: 'linux-command-line', section: 'TECHNICAL', weight: 1,
    name: 'Linux and the command line',
    description: 'Working on Linux/Unix servers: shell, processes and signals, logs, ports, permissions, disk and memory, small scripts.',
    guidingQuestions: ['A service on a Linux box stopped answering. Which commands do you run, in what order?', 'How do you find what is filling the disk?'],
    anchors: {
      1: 'Cannot get around a shell beyond cd and ls.',
      2: 'Gets by with basic commands and copied snippets; stuck when a process, port or permission is the problem.',
      3: 'At ease on a server: processes and signals, logs, ports, permissions, disk and memory; writes small, safe shell scripts.',
      4: 'Diagnoses with tracing and packet-capture tools, automates operations robustly, and understands the kernel and container primitives underneath.',
    },
  },
  {
    key: 'testing-tdd', section: 'TECHNICAL', weight: 1,
    name: 'Testing and TDD',
    description: 'Unit, integration and end-to-end tests; automated test platforms; writing the test first where it helps.',
    guidingQuestions: ['How would you test this endpoint, including its failure paths?', 'Tell me about a test suite you improved. What was wrong with it?'],
    anchors: {
      1: 'Does not write tests, or writes tests that cannot fail.',
      2: 'Adds unit tests after the fact for the happy path; mocks everything, so tests pass while production breaks.',
      3: 'Writes meaningful unit and integration tests (against a real database where it matters), covers failure paths, keeps the suite fast and reliable, and writes tests first when the design is unclear.',
      4: 'Shapes a team\'s testing strategy: the right mix of test levels, flaky tests eliminated, CI that gives fast feedback, tests that document behaviour.',
    },
  },
  {
    key: 'data-formats', section: 'TECHNICAL', weight: 0.75,
    name: 'Data formats (JSON, XML)',
    description: 'Producing, parsing and validating JSON and XML; schemas; dates, time zones, decimals and encodings; data migration and transformation.',
    guidingQuestions: ['How do you validate incoming JSON?', 'You must import a 2 GB XML export every night. How?', 'How do you represent money and dates in JSON?'],
    anchors: {
      1: 'Builds JSON or XML by string concatenation; unaware of escaping or encoding problems.',
      2: 'Uses libraries but ignores validation, time zones, number precision or very large inputs.',
      3: 'Validates against schemas, handles dates, time zones, decimals and encodings correctly, and streams large files instead of loading them whole.',
      4: 'Designs data contracts and their versioning; builds import and export pipelines with clear error reporting and safe re-runs.',
    },
  },
  {
    key: 'architecture-deployment', section: 'TECHNICAL', weight: 1.25,
    name: 'Architecture and deployment',
    description: 'Web application architecture and server deployment: components and their boundaries, queues, CI/CD, environments, backups, scalability.',
    guidingQuestions: ['Draw the architecture of the last system you worked on. What would you change?', 'How does code get from your laptop to production?', 'When would you split out a service, and when not?'],
    anchors: {
      1: 'Cannot describe how the parts of a web application fit together or how it is deployed.',
      2: 'Describes their own component but not the system around it; deployment is someone else\'s job.',
      3: 'Explains components, data flow and failure points; has set up CI/CD and environments; picks a monolith or services, synchronous calls or queues, for stated reasons.',
      4: 'Has designed or re-architected systems with measured trade-offs, zero-downtime deploys, rollbacks and tested disaster recovery.',
    },
  },
  {
    key: 'search-technology', section: 'TECHNICAL', weight: 0.5,
    name: 'Search technology',
    description: 'Scalable search over large data sets: Elasticsearch, Solr, OpenSearch or database full-text search; indexing and relevance.',
    guidingQuestions: ['Users want to search people by name and skills, with typos. What would you build?', 'How do you keep a search index in step with the database?'],
    anchors: {
      1: 'Would run LIKE \'%term%\' over everything without thinking about scale.',
      2: 'Has used a search engine through a library but cannot explain analysers, relevance or how the index stays current.',
      3: 'Chooses between database full-text and a search engine; designs mappings, analysers and indexing, and re-indexes without downtime.',
      4: 'Has scaled search for large data sets: sharding, measured relevance tuning, index and source kept consistent through failures.',
    },
  },
  {
    key: 'front-end-basics', section: 'TECHNICAL', weight: 0.5,
    name: 'Front-end basics (HTML, CSS, JavaScript, preprocessors)',
    description: 'Enough front end to integrate user-facing elements with server-side logic: HTML5, CSS3, SASS or LESS, JavaScript, CORS and cookies, accessibility.',
    guidingQuestions: ['How does a browser call your API, and what can go wrong (CORS, cookies, caching)?', 'What do SASS or LESS give you over plain CSS?'],
    anchors: {
      1: 'No idea how a browser renders a page or calls an API.',
      2: 'Edits HTML and CSS by trial and error; unsure about CORS, cookies or how the front end uses the API.',
      3: 'Reads and writes HTML, CSS (with a preprocessor) and JavaScript well enough to integrate with front-end colleagues; understands CORS, cookies and browser caching.',
      4: 'Works fluently across the stack: shapes APIs for the front end, adapts output for mobile and desktop, catches accessibility and performance problems early.',
    },
  },
  {
    key: 'git', section: 'TECHNICAL', weight: 0.75,
    name: 'Git',
    description: 'Version control with Git and a hosting service: branches, pull requests and reviews, conflicts, history.',
    guidingQuestions: ['How do you undo a commit that is already pushed?', 'How do you find the commit that introduced a bug?'],
    anchors: {
      1: 'Has not used version control, or only through a GUI\'s commit button.',
      2: 'Commits, pushes and pulls; lost at a conflict, a rebase or a detached HEAD.',
      3: 'Uses branches, pull requests and reviews routinely; resolves conflicts, writes clear commits, reverts and cherry-picks safely.',
      4: 'Keeps history useful, investigates and recovers with bisect and reflog, and sets up team workflows.',
    },
  },
] as const satisfies readonly DefaultAttribute[]
