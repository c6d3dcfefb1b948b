import type { FastifyInstance } from 'fastify'

/** Distinct strings, planted in every place a candidate's personal data can be copied to. */
export function makePii(tag: string) {
  return {
    email: `grace.hopper.${tag}@example.test`,
    firstName: `Grace${tag}`,
    lastName: `Hopper${tag}`,
    phone: `+44 7700 ${tag}`,
    noteText: `Mentioned her daughter Note${tag} in the call`,
    reasonText: `Reason${tag}: moved to Lisbon`,
    answerText: `Answer${tag} explained COBOL`,
    githubHandle: `handle${tag}`,
    source: `Referred by Jane Roe${tag}`,
  }
}
export type Pii = ReturnType<typeof makePii>

/** A candidate with an application, history, a scorecard, an interview, an e-mail and audit rows, all carrying personal data. */
export async function plantCandidateEverywhere(app: FastifyInstance, actorId: string, pii: Pii) {
  const db = app.db
  const job = await db.job.create({ data: { title: 'Back-end developer', status: 'OPEN' } })
  const stage = await db.stage.create({ data: { jobId: job.id, position: 0, name: 'Technical interview', kind: 'INTERVIEW' } })
  const template = await db.scorecardTemplate.create({
    data: { lineageId: crypto.randomUUID(), name: 'Tech', attributes: { create: [{ key: 'sql', section: 'TECHNICAL', name: 'SQL', position: 0 }] } },
    include: { attributes: true },
  })
  const candidate = await db.candidate.create({
    data: { email: pii.email, firstName: pii.firstName, lastName: pii.lastName, phone: pii.phone, skills: ['COBOL'], githubUrl: `https://github.com/${pii.githubHandle}`, source: pii.source },
  })
  const application = await db.application.create({
    data: { candidateId: candidate.id, jobId: job.id, stageId: stage.id, status: 'REJECTED', rejectionReason: 'OTHER', rejectionNote: pii.reasonText, closedAt: new Date() },
  })
  await db.stageTransition.create({ data: { applicationId: application.id, kind: 'REJECTED', fromStageId: stage.id, toStageId: stage.id, toStatus: 'REJECTED', reason: pii.reasonText, actorId } })
  await db.candidateNote.create({ data: { candidateId: candidate.id, applicationId: application.id, authorId: actorId, body: pii.noteText } })
  await db.resume.create({ data: { candidateId: candidate.id, storageKey: `test-${candidate.id}`, fileName: `${pii.lastName}-cv.pdf`, contentType: 'application/pdf', sizeBytes: 10, sha256: 'x', text: `${pii.firstName} ${pii.phone}` } })
  const scorecard = await db.scorecard.create({
    data: {
      applicationId: application.id, stageId: stage.id, templateId: template.id, authorId: actorId, status: 'SUBMITTED', recommendation: 2,
      answers: { summary: pii.answerText }, submittedAt: new Date(), revision: 1,
      ratings: { create: [{ attributeId: template.attributes[0]!.id, rating: 2, comment: pii.answerText }] },
      revisions: { create: [{ revision: 1, snapshot: { recommendation: 2, ratings: { sql: 2 }, answers: { summary: pii.answerText } }, authorId: actorId }] },
    },
  })
  await db.decision.create({ data: { applicationId: application.id, stageId: stage.id, deciderId: actorId, outcome: 'REJECT', reason: pii.reasonText, scorecardIds: [scorecard.id] } })
  const start = new Date(Date.now() - 86_400_000)
  await db.interview.create({
    data: {
      applicationId: application.id, stageId: stage.id, startsAt: start, endsAt: new Date(start.getTime() + 3_600_000), timeZone: 'UTC', icalUid: `${crypto.randomUUID()}@test`, panelNotes: pii.noteText,
      // A candidate's reason for moving an interview is their own words.
      changes: { create: { kind: 'RESCHEDULED', sequence: 1, startsAt: start, endsAt: new Date(start.getTime() + 3_600_000), panelUserIds: [], reason: `Moved: ${pii.noteText}`, byCandidate: true } },
    },
  })
  // A link they were sent, with the times offered and the zone the page showed them in.
  await db.schedulingLink.create({
    data: {
      applicationId: application.id, stageId: stage.id, purpose: 'PICK', tokenHash: crypto.randomUUID(), durationMinutes: 60, panelUserIds: [],
      expiresAt: new Date(Date.now() + 86_400_000), timeZone: 'Pacific/Chatham', panelNotes: pii.noteText,
      slots: { create: [{ startsAt: new Date(Date.now() + 2 * 86_400_000), endsAt: new Date(Date.now() + 2 * 86_400_000 + 3_600_000) }] },
    },
  })
  const sent = await db.notification.create({
    data: { kind: 'REJECTION', idempotencyKey: crypto.randomUUID(), messageId: `<${crypto.randomUUID()}@test>`, candidateId: candidate.id, applicationId: application.id, toAddress: pii.email, subject: `Dear ${pii.firstName}`, status: 'SENT', sentAt: new Date() },
  })
  await db.notificationAttempt.create({ data: { notificationId: sent.id, outcome: 'SENT', detail: `250 accepted for ${pii.email}` } })
  await db.notification.create({
    data: { kind: 'OFFER', idempotencyKey: crypto.randomUUID(), messageId: `<${crypto.randomUUID()}@test>`, candidateId: candidate.id, toAddress: pii.email, subject: 'Offer', status: 'PENDING' },
  })
  // A bounce: SMTP replies quote the address.
  await db.notification.create({
    data: {
      kind: 'STAGE_MOVED', idempotencyKey: crypto.randomUUID(), messageId: `<${crypto.randomUUID()}@test>`, candidateId: candidate.id, toAddress: pii.email, subject: 'Next step',
      status: 'FAILED', lastError: `550 5.1.1 <${pii.email}>: Recipient address rejected`,
    },
  })
  await db.outboxEvent.create({ data: { topic: 'application.rejected', payload: { applicationId: application.id, note: pii.reasonText } } })
  await db.auditEvent.create({ data: { action: 'candidate.updated', actorId, entityType: 'candidate', entityId: candidate.id, candidateId: candidate.id, payload: { before: { email: pii.email } } } })
  return { candidate, application, job }
}

/** Every text-like column of every table that contains `needle`: a scan that covers tables added later. */
export async function findEverywhere(app: FastifyInstance, needle: string): Promise<string[]> {
  const columns = await app.db.$queryRaw<Array<{ table_name: string; column_name: string }>>`
    SELECT table_name, column_name FROM information_schema.columns
     WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
       AND data_type IN ('text', 'character varying', 'jsonb', 'json', 'ARRAY', 'USER-DEFINED', 'tsvector')
       AND (udt_name IN ('text', 'varchar', 'jsonb', 'json', 'citext', '_text', 'tsvector'))`
  const hits: string[] = []
  for (const { table_name, column_name } of columns) {
    const rows = await app.db.$queryRawUnsafe<Array<{ n: bigint }>>(
      `SELECT count(*) AS n FROM "${table_name}" WHERE "${column_name}"::text ILIKE '%' || $1 || '%'`,
      needle,
    )
    if (Number(rows[0]!.n) > 0) hits.push(`${table_name}.${column_name}`)
  }
  return hits
}
