// Volunteers and activities: seats left and waitlists, an activity's sign-ups, the volunteers.
import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { useParams } from 'react-router';
import {
  ActivitiesDocument,
  ActivitySignUpsDocument,
  PointsLeaderboardDocument,
  VolunteerListDocument,
  type LeaderboardPeriod,
} from '../__generated__/graphql';
import { ACTIVITY_STATUS, n, SIGN_UP_STATUS, when } from '../format';
import { Pager, Section, Table, useCursor } from '../ui';

export default function Volunteers() {
  const { communityId = '' } = useParams();
  const activities = useQuery(ActivitiesDocument, { variables: { c: communityId } });
  const [picked, setPicked] = useState<string | null>(null);
  return (
    <div className="screen" data-screen="volunteers">
      <h1>志愿服务</h1>
      <Section title="活动" id="activities" result={activities} isEmpty={(d) => d.activities.length === 0}>
        {(d) => (
          <Table
            testId="activities"
            rows={d.activities}
            rowKey={(a) => a.id}
            columns={[
              [
                '活动',
                (a) => (
                  <button type="button" className="link" onClick={() => setPicked(a.id)}>
                    {a.title}
                  </button>
                ),
              ],
              ['时间', (a) => when(a.startsAt)],
              ['地点', (a) => a.place],
              ['余位', (a) => <span data-seats-left={a.id}>{n(Math.max(0, a.capacity - a.confirmed))}</span>],
              ['候补', (a) => n(a.waitlisted)],
              ['状态', (a) => ACTIVITY_STATUS[a.status] ?? a.status],
            ]}
          />
        )}
      </Section>
      {picked && <SignUps activityId={picked} />}
      <Leaderboard communityId={communityId} />
      <VolunteerList />
    </div>
  );
}

function SignUps({ activityId }: { activityId: string }) {
  const cursor = useCursor();
  const result = useQuery(ActivitySignUpsDocument, { variables: { a: activityId, first: 20, after: cursor.after } });
  return (
    <Section title="报名" id="sign-ups" result={result} isEmpty={(d) => d.activitySignUps.totalCount === 0}>
      {(d) => (
        <>
          <Table
            rows={d.activitySignUps.nodes}
            rowKey={(s) => s.id}
            columns={[
              ['居民', (s) => s.resident.name],
              ['状态', (s) => SIGN_UP_STATUS[s.status] ?? s.status],
              [
                '座位 / 候补',
                (s) => (s.seatNo != null ? `${s.seatNo} 号` : s.waitlistPosition != null ? `候补第 ${s.waitlistPosition}` : '—'),
              ],
              ['优先', (s) => (s.priority ? '积分优先' : '')],
            ]}
          />
          <Pager cursor={cursor} pageInfo={d.activitySignUps.pageInfo} total={d.activitySignUps.totalCount} pageSize={20} />
        </>
      )}
    </Section>
  );
}

function VolunteerList() {
  const cursor = useCursor();
  const result = useQuery(VolunteerListDocument, { variables: { first: 20, after: cursor.after } });
  return (
    <Section title="志愿者" id="volunteers" result={result} isEmpty={(d) => d.volunteers.totalCount === 0}>
      {(d) => (
        <>
          <Table
            testId="volunteers"
            rows={d.volunteers.nodes}
            rowKey={(v) => v.id}
            columns={[
              ['姓名', (v) => v.resident?.name ?? '—'],
              ['技能', (v) => v.skills.join('、')],
              ['积分', (v) => n(v.pointsBalance)],
              ['服务时长', (v) => `${v.hoursServed} 小时`],
            ]}
          />
          <Pager cursor={cursor} pageInfo={d.volunteers.pageInfo} total={d.volunteers.totalCount} pageSize={20} />
        </>
      )}
    </Section>
  );
}

const PERIODS: [LeaderboardPeriod, string][] = [
  ['MONTH', '本月'],
  ['YEAR', '本年'],
  ['ALL', '累计'],
];

/** The points leaderboard (时间银行): points earned by confirmed service hours; spending moves no one. */
function Leaderboard({ communityId }: { communityId: string }) {
  const [period, setPeriod] = useState<LeaderboardPeriod>('MONTH');
  const result = useQuery(PointsLeaderboardDocument, { variables: { c: communityId, period } });
  return (
    <Section
      title="积分榜"
      id="leaderboard"
      result={result}
      isEmpty={(d) => d.pointsLeaderboard.length === 0}
      actions={
        <select name="period" value={period} onChange={(e) => setPeriod(e.target.value as LeaderboardPeriod)}>
          {PERIODS.map(([p, label]) => (
            <option key={p} value={p}>
              {label}
            </option>
          ))}
        </select>
      }
    >
      {(d) => (
        <Table
          testId="leaderboard"
          rows={d.pointsLeaderboard}
          rowKey={(e, i) => `${e.rank}:${i}`}
          columns={[
            ['名次', (e) => e.rank],
            ['志愿者', (e) => (e.resident?.name ?? '(不公开)') + (e.isViewer ? '(我)' : '')],
            ['积分', (e) => <span data-points>{n(e.points)}</span>],
            ['服务时长', (e) => `${e.hours} 小时`],
            ['参与招募', (e) => n(e.activitiesAttended)],
          ]}
        />
      )}
    </Section>
  );
}
