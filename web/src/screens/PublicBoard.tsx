// The public board (宣传栏) without signing in (seed 001: 挂牌上岗, 日程公示): a community's day, who
// is where hour by hour, the fixed posts and who sits at the two reception desks. Names and post
// titles only: the graph's public board has no ids, phones or links to people.
import { useQuery } from '@apollo/client/react';
import { Link, useParams } from 'react-router';
import { NoticeBoardCommunitiesDocument, NoticeBoardDocument } from '../__generated__/graphql';
import { day, STAFF_ROLES } from '../format';
import { Section, Table } from '../ui';

export default function PublicBoard() {
  const { communityId } = useParams();
  const communities = useQuery(NoticeBoardCommunitiesDocument);
  return (
    <div className="screen" data-screen="public-board">
      {communityId ? (
        <Board communityId={communityId} />
      ) : (
        <Section title="选择社区" id="board-communities" result={communities} isEmpty={(d) => d.noticeBoardCommunities.length === 0}>
          {(d) => (
            <ul className="communities">
              {d.noticeBoardCommunities.map((c) => (
                <li key={c.id}>
                  <Link to={`/board/${c.id}`} data-community={c.id}>
                    {c.street} · {c.name}
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </Section>
      )}
    </div>
  );
}

const who = (s: { name: string; role: string }) => `${s.name}(${STAFF_ROLES[s.role] ?? s.role})`;

function Board({ communityId }: { communityId: string }) {
  const board = useQuery(NoticeBoardDocument, { variables: { c: communityId } });
  const hours = (board.data?.noticeBoard.schedule ?? []).reduce<Map<string, number>>(
    (m, s) => m.set(s.start.slice(0, 2), (m.get(s.start.slice(0, 2)) ?? 0) + 1),
    new Map(),
  );
  return (
    <Section title="社区公示栏" id="notice-board" result={board}>
      {(d) => (
        <>
          <h1>
            {d.noticeBoard.street} · {d.noticeBoard.communityName}
          </h1>
          <p className="muted">{day(d.noticeBoard.date)}</p>
          <h3>接待台值班</h3>
          <Table
            testId="desks"
            rows={d.noticeBoard.desks}
            rowKey={(s) => `${s.part}:${s.desk}`}
            columns={[
              ['时段', (s) => (s.part === 'AM' ? '上午' : '下午')],
              ['接待台', (s) => `${s.desk} 号台`],
              ['值班', (s) => who(s.staff)],
            ]}
          />
          <h3>今日谁在哪里(按时间)</h3>
          <p className="muted">{[...hours].map(([h, count]) => `${h}时 ${count} 人`).join(' · ') || '今日暂无公示日程'}</p>
          <Table
            testId="schedule"
            rows={d.noticeBoard.schedule}
            rowKey={(s, i) => `${s.start}:${i}`}
            columns={[
              ['时间', (s) => `${s.start}–${s.end}`],
              ['工作人员', (s) => who(s.staff)],
              ['地点', (s) => s.place],
              ['事项', (s) => s.task],
            ]}
          />
          <h3>固定岗位</h3>
          <Table
            testId="posts"
            rows={d.noticeBoard.posts}
            rowKey={(p, i) => `${p.start}:${i}`}
            columns={[
              ['时间', (p) => `${p.start}–${p.end}`],
              ['地点', (p) => p.place],
              ['工作人员', (p) => who(p.staff)],
            ]}
          />
        </>
      )}
    </Section>
  );
}
