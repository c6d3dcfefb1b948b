// Timestamps PostgreSQL wrote inside JSON become the API's ISO form, exactly as
// Date would make it, whatever fraction or offset they came with.
import t from 'tap'
import pg from 'pg'
import { isoFromJsonTimestamp } from '../../src/db/json-timestamps.ts'
import { baseDatabaseUrl } from '../helpers/environment.ts'

t.test('each shape PostgreSQL writes in UTC, and offsets other than UTC', async (t) => {
  const cases: Array<[string, string]> = [
    ['2026-05-01T18:56:01.086+00:00', '2026-05-01T18:56:01.086Z'],
    ['2026-05-01T18:56:01.08+00:00', '2026-05-01T18:56:01.080Z'],
    ['2026-05-01T18:56:01.5+00:00', '2026-05-01T18:56:01.500Z'],
    ['2026-05-01T18:56:01+00:00', '2026-05-01T18:56:01.000Z'],
    ['2026-05-01T18:56:01.123456+00:00', '2026-05-01T18:56:01.123Z'],
    ['2026-05-01T20:26:01.086+01:30', '2026-05-01T18:56:01.086Z'],
    ['2026-05-01T13:56:01-05:00', '2026-05-01T18:56:01.000Z'],
  ]
  for (const [text, iso] of cases) t.equal(isoFromJsonTimestamp(text), iso, text)
})

t.test("agrees with Date on what PostgreSQL itself writes, in UTC and in another session time zone", async (t) => {
  const client = new pg.Client({ connectionString: baseDatabaseUrl })
  await client.connect()
  t.teardown(() => client.end())
  for (const zone of ['UTC', 'Asia/Kolkata']) {
    await client.query(`SET TimeZone = '${zone}'`)
    const { rows } = await client.query<{ stamps: string[] }>(`
      SELECT json_agg(x) AS stamps FROM (
        SELECT timestamptz '2026-01-01 00:00:00+00' + n * interval '37 minutes 13.0417 seconds' AS x FROM generate_series(0, 500) n
        UNION ALL SELECT date_trunc('second', now()) UNION ALL SELECT date_trunc('milliseconds', now())::timestamptz(1)
      ) s`)
    const stamps = rows[0]!.stamps
    t.ok(stamps.some((s) => !s.includes('.')) && stamps.some((s) => /\.\d{4,}/.test(s)), `${zone}: the sample has whole seconds and long fractions`)
    t.same(stamps.map(isoFromJsonTimestamp), stamps.map((s) => new Date(s).toISOString()), `${zone}: every one as Date makes it`)
  }
})
