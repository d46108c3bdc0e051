// Ops (OPS): queue counts, failed jobs with retry, the reminders to come, and the queue board.
import { useMutation, useQuery } from '@apollo/client/react';
import { FailedJobsDocument, OpsQueuesDocument, RetryFailedJobDocument, UpcomingRemindersDocument } from '../__generated__/graphql';
import { n, when } from '../format';
import { Outcome, Section, Table } from '../ui';

export default function Ops() {
  const queues = useQuery(OpsQueuesDocument, { pollInterval: 10_000 });
  const reminders = useQuery(UpcomingRemindersDocument);
  return (
    <div className="screen" data-screen="ops">
      <h1>任务队列</h1>
      <p>
        <a href="/ops/queues" target="_blank" rel="noreferrer">
          打开队列看板 (queue board)
        </a>
      </p>
      <Section title="队列" id="queues" result={queues} isEmpty={(d) => d.queues.length === 0}>
        {(d) => (
          <Table
            testId="queues"
            rows={d.queues}
            rowKey={(q) => q.name}
            columns={[
              ['队列', (q) => q.name],
              ['等待', (q) => n(q.waiting)],
              ['延时', (q) => n(q.delayed)],
              ['执行中', (q) => n(q.active)],
              ['已完成', (q) => n(q.completed)],
              ['失败', (q) => <span className={q.failed ? 'bad' : undefined}>{n(q.failed)}</span>],
              ['状态', (q) => (q.paused ? '已暂停' : '运行')],
            ]}
          />
        )}
      </Section>
      {queues.data?.queues
        .filter((q) => q.failed > 0)
        .map((q) => (
          <FailedJobs key={q.name} queue={q.name} />
        ))}
      <Section title="即将发送的提醒" id="reminders" result={reminders} isEmpty={(d) => d.upcomingReminders.length === 0}>
        {(d) => (
          <Table
            rows={d.upcomingReminders}
            rowKey={(r) => r.jobId}
            columns={[
              ['类型', (r) => r.kind],
              ['对象', (r) => r.recipientType],
              ['发送时间', (r) => when(r.fireAt)],
              ['到期', (r) => when(r.dueAt)],
            ]}
          />
        )}
      </Section>
    </div>
  );
}

function FailedJobs({ queue }: { queue: string }) {
  const jobs = useQuery(FailedJobsDocument, { variables: { q: queue } });
  const [retry, retried] = useMutation(RetryFailedJobDocument, { refetchQueries: ['OpsQueues', 'FailedJobs'] });
  return (
    <Section title={`失败任务:${queue}`} id={`failed-${queue}`} result={jobs} isEmpty={(d) => d.failedJobs.length === 0}>
      {(d) => (
        <>
          <Table
            rows={d.failedJobs}
            rowKey={(j) => j.id}
            columns={[
              ['任务', (j) => j.name],
              ['原因', (j) => j.failedReason ?? '—'],
              ['尝试', (j) => n(j.attemptsMade)],
              ['失败时间', (j) => when(j.failedAt)],
              [
                '',
                (j) => (
                  <button
                    type="button"
                    disabled={retried.loading}
                    onClick={() => void retry({ variables: { q: queue, id: j.id } }).catch(() => undefined)}
                  >
                    重试
                  </button>
                ),
              ],
            ]}
          />
          <Outcome error={retried.error} done={retried.data && '已重新排队'} />
        </>
      )}
    </Section>
  );
}
