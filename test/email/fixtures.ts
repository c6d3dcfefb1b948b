// Bulk rows for the e-mail failure tests: a job, and candidates who applied to
// it, each with the outbox row an application writes. Written in SQL, because
// thousands of applications through the API would test the API, not e-mail.
import type pg from 'pg'

/** `count` applications to one new job, each owing an "application received" e-mail; answers the job id. */
export async function owedReceipts(pool: pg.Pool, count: number, tag: string): Promise<string> {
  const { rows: [job] } = await pool.query<{ id: string; stage_id: string }>(
    `WITH j AS (INSERT INTO jobs (id, title, status, updated_at) VALUES (gen_random_uuid(), $1, 'OPEN', now()) RETURNING id),
          s AS (INSERT INTO stages (id, job_id, position, name, kind) SELECT gen_random_uuid(), j.id, 1, 'Resume review', 'REVIEW' FROM j RETURNING id, job_id)
     SELECT job_id AS id, id AS stage_id FROM s`,
    [`Burst ${tag}`],
  )
  await pool.query(
    `WITH c AS (
       INSERT INTO candidates (id, email, first_name, last_name, updated_at)
       SELECT gen_random_uuid(), format('burst-%s-%s@example.test', $3::text, n), 'Candidate', n::text, now() FROM generate_series(1, $4::int) n
       RETURNING id),
     a AS (
       INSERT INTO applications (id, candidate_id, job_id, stage_id, updated_at)
       SELECT gen_random_uuid(), c.id, $1::uuid, $2::uuid, now() FROM c
       RETURNING id, candidate_id)
     INSERT INTO outbox_events (id, topic, payload)
     SELECT gen_random_uuid(), 'application.received', jsonb_build_object('applicationId', a.id, 'candidateId', a.candidate_id, 'jobId', $1::text) FROM a`,
    [job!.id, job!.stage_id, tag, count],
  )
  return job!.id
}
