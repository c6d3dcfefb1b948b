import type { DefaultAttribute } from '../scorecard-attribute.ts'

// Server-side skills: the core of the role ("server-side logic, the central
// database, performance and responsiveness"), hence the weights above 1.
export const technicalServerAttributes = [
  {
    key: 'server-side-language', section: 'TECHNICAL', weight: 1.5,
    name: 'Server-side language',
    description: 'Fluency in at least one back-end language (e.g. Python, Java, Ruby, PHP, .NET, JavaScript/TypeScript): idiomatic code, error handling, the runtime and its concurrency model.',
    guidingQuestions: ['How does your main language handle concurrency (threads, event loop, async)? When has that bitten you?', 'What do you look for when reviewing a colleague\'s code in this language?'],
    anchors: {
      1: 'Cannot write working code in any back-end language without heavy help; unaware of basic idioms or how errors are handled.',
      2: 'Code works on the happy path but misuses the language (blocks the event loop, swallows exceptions); cannot explain the runtime behind it.',
      3: 'Writes idiomatic, readable code; handles errors and resources correctly; explains the concurrency model and its trade-offs.',
      4: 'Deep command of one language and working knowledge of another; anticipates runtime pitfalls (memory, concurrency, GC pauses) and teaches others.',
    },
  },
  {
    key: 'backend-frameworks', section: 'TECHNICAL', weight: 1,
    name: 'Back-end frameworks',
    description: 'Working knowledge of frameworks such as Django, Flask, Spring, Rails, Laravel or Express/Fastify: request lifecycle, middleware, ORM, conventions and their limits.',
    guidingQuestions: ['In a framework you know well, what happens between a request arriving and your handler running?', 'What did you have to work around in it, and how?'],
    anchors: {
      1: 'Has used a framework only by following tutorials; cannot explain routing, middleware or how the ORM reaches the database.',
      2: 'Builds features in one framework but treats it as magic; stuck when a need falls outside its conventions.',
      3: 'Explains the request lifecycle, middleware or plugins and ORM behaviour of a framework used in production; knows when to step outside it.',
      4: 'Has chosen, extended (plugins, custom middleware) or replaced frameworks for stated reasons and compares approaches across ecosystems.',
    },
  },
  {
    key: 'databases-sql', section: 'TECHNICAL', weight: 1.5,
    name: 'Databases and SQL',
    description: 'Relational schema design, SQL, indexes and transactions; non-relational stores where they fit; migrations, administration and backups.',
    guidingQuestions: ['Design the tables for a small part of our domain. What would you index, and why?', 'A query that was fast is now slow in production. What do you do?', 'How do you change a column on a large, busy table?'],
    anchors: {
      1: 'Cannot write a join or a GROUP BY; no notion of keys, indexes or transactions.',
      2: 'Writes basic queries or goes through an ORM; schemas miss constraints; vague on indexes, N+1 queries and isolation.',
      3: 'Designs normalised schemas with keys and constraints, writes joins and aggregates, reads an EXPLAIN plan to pick the right index, uses transactions and runs migrations safely.',
      4: 'Reasons about isolation levels, locks and concurrent writes; plans zero-downtime migrations on large tables; knows when another store fits better; has restored a backup and tuned a database under real load.',
    },
  },
  {
    key: 'restful-apis', section: 'TECHNICAL', weight: 1.5,
    name: 'RESTful APIs and web services',
    description: 'Designing and consuming web APIs: resources, HTTP methods and status codes, errors, pagination, versioning, idempotency, timeouts and retries.',
    guidingQuestions: ['Design the API for one resource: URLs, methods, status codes and errors.', 'How do you make a POST safe to retry?', 'How do you change an API without breaking its clients?'],
    anchors: {
      1: 'Unclear on HTTP methods and status codes; would put everything behind POST /doSomething.',
      2: 'Builds CRUD endpoints that work but ignores error formats, pagination, idempotency or versioning.',
      3: 'Designs consistent resources with correct methods and status codes, validation, clear errors, pagination and versioning; calls external APIs with timeouts and retries.',
      4: 'Designs for evolution and failure: idempotency keys, optimistic concurrency (ETag/If-Match), rate limits, webhooks and OpenAPI contracts; has debugged integrations across teams.',
    },
  },
  {
    key: 'caching-performance', section: 'TECHNICAL', weight: 1,
    name: 'Caching and performance',
    description: 'Measuring and improving speed and scalability: profiling, query plans, caching layers (HTTP, application, Redis) and invalidation.',
    guidingQuestions: ['How would you find out why an endpoint takes two seconds?', 'What would you cache here, where, and how would you invalidate it?', 'What happens when the cache goes down?'],
    anchors: {
      1: 'Optimises by guessing; no idea how to measure where the time goes.',
      2: 'Would "add Redis" but cannot say what to cache, for how long, or how stale data is handled.',
      3: 'Measures first (profiles, query plans, metrics), fixes the real bottleneck, and chooses cache keys, lifetimes and invalidation deliberately.',
      4: 'Has taken a system through a scaling step with numbers to show; designs for cache failure and stampedes; trades latency, cost and consistency explicitly.',
    },
  },
  {
    key: 'security-owasp', section: 'TECHNICAL', weight: 1.25,
    name: 'Security (OWASP)',
    description: 'The OWASP principles in daily work: authentication and authorisation across systems, input validation, injection, secrets, data protection and compliance.',
    guidingQuestions: ['How do you store passwords?', 'How could this endpoint be abused (another user\'s data, injection, CSRF)?', 'Where do secrets live in your deployments?'],
    anchors: {
      1: 'Stores or logs secrets in plain text; unaware of injection or access-control flaws.',
      2: 'Knows the names (SQL injection, XSS) but relies on the framework without knowing what it protects; misses authorisation checks.',
      3: 'Uses parameterised queries, output encoding, slow password hashing, per-object authorisation checks, secrets outside code and least privilege as a matter of course.',
      4: 'Threat-models features before building them, has found and fixed real vulnerabilities, and designs authentication across systems and personal-data protection (retention, erasure).',
    },
  },
  {
    key: 'session-management', section: 'TECHNICAL', weight: 1,
    name: 'Session management in distributed systems',
    description: 'Sessions and tokens across several servers: shared state, expiry, refresh, revocation, cookie security.',
    guidingQuestions: ['Users are logged out at random since we added a second server. Why, and how do you fix it?', 'Signed tokens or server-side sessions: what do you lose with each?', 'How do you log a user out everywhere?'],
    anchors: {
      1: 'Assumes in-memory sessions just work behind a load balancer.',
      2: 'Knows sessions must be shared ("put them in Redis") but cannot discuss expiry, revocation or stolen tokens.',
      3: 'Explains server-side sessions versus signed tokens, shared stores, expiry and refresh, secure cookie flags, and revoking a session on every server.',
      4: 'Has designed authentication for many instances or services: refresh-token rotation with reuse detection, single sign-on, key rotation and their failure modes.',
    },
  },
] as const satisfies readonly DefaultAttribute[]
