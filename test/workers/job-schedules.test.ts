// Job schedulers are upserted by id: every worker process syncs them at start,
// and Redis still holds each schedule once. Schedules dropped from the code go.
import t from 'tap'
import { closeQueues, createQueues, jobSchedules, JobName, QueueName, syncJobSchedules, addJob } from '../../src/queues/index.ts'
import { deleteRedisKeys } from '../helpers/app.ts'
import { testConfig } from '../helpers/config.ts'

const config = testConfig('postgresql://unused@127.0.0.1/unused')
const errors: Error[] = []
const queues = createQueues(config, 'worker', (error) => errors.push(error))
t.teardown(async () => {
  await closeQueues(queues)
  await deleteRedisKeys(config)
})

t.test('syncing twice (two workers starting) leaves one scheduler per schedule', async (t) => {
  await syncJobSchedules(queues)
  await syncJobSchedules(queues)
  const maintenance = queues[QueueName.Maintenance]
  t.equal(await maintenance.getJobSchedulersCount(), 4, 'session purge, retention, scorecard deadlines and resume files')
  const byKey = new Map((await maintenance.getJobSchedulers()).map((s) => [s.key, s]))
  t.match(byKey.get('purge-expired-sessions'), { name: JobName.PurgeExpiredSessions, pattern: '17 3 * * *', tz: 'UTC' })
  t.match(byKey.get('apply-retention'), { name: JobName.ApplyRetention, pattern: '43 2 * * *', tz: 'UTC' })
  t.match(byKey.get('scorecard-deadlines'), { name: JobName.ScorecardDeadlines, pattern: '*/15 * * * *', tz: 'UTC' })
  t.match(byKey.get('remove-resume-files'), { name: JobName.RemoveResumeFiles, pattern: '29 * * * *', tz: 'UTC' })
  t.match(byKey.get('purge-expired-sessions')?.template?.opts, { attempts: 3, removeOnComplete: { count: 50 } }, 'scheduled jobs get the queue\'s default options')
  const delayed = await maintenance.getDelayed()
  t.equal(delayed.length, 4, 'and each next run is waiting, once')
  const daily = delayed.filter((job) => job.name !== JobName.ScorecardDeadlines && job.name !== JobName.RemoveResumeFiles)
  const hours = daily.map((job) => new Date(job.timestamp + (job.delay ?? 0)).getUTCHours()).sort((a, b) => a - b)
  t.same(hours, [2, 3], 'at 02:xx and 03:xx UTC')
})

t.test('a scheduler no longer declared in the code is removed', async (t) => {
  const maintenance = queues[QueueName.Maintenance]
  await maintenance.upsertJobScheduler('retired-schedule', { every: 60_000 }, { name: JobName.PurgeExpiredSessions })
  t.equal(await maintenance.getJobSchedulersCount(), 5)
  await syncJobSchedules(queues, jobSchedules)
  t.same((await maintenance.getJobSchedulers()).map((s) => s.key).sort(), ['apply-retention', 'purge-expired-sessions', 'remove-resume-files', 'scorecard-deadlines'])
})

t.test('addJob routes a job to its queue with the queue\'s retention and backoff', async (t) => {
  const job = await addJob(queues, { name: JobName.PurgeExpiredSessions, data: {} }, { jobId: 'manual-purge-1' })
  t.equal(job.queueName, QueueName.Maintenance)
  t.match(job.opts, { attempts: 3, backoff: { type: 'exponential' }, removeOnFail: { age: 30 * 86_400 } })
  const again = await addJob(queues, { name: JobName.PurgeExpiredSessions, data: {} }, { jobId: 'manual-purge-1' })
  t.equal(again.id, job.id, 'the same jobId adds nothing new')
  t.equal((await queues[QueueName.Maintenance].getWaiting()).filter((j) => j.id === 'manual-purge-1').length, 1, 'one job with that id')
  t.same(errors, [], 'no queue errors')
})
