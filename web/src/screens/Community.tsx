// A community's workbench (COMMUNITY_STAFF; a street admin opens any of its communities): grids,
// today's public board, elders, the living map, rooms, joint meetings, doorstep requests and visits,
// and what the community keeps.
import { useLazyQuery, useQuery } from '@apollo/client/react';
import { useMemo, useState } from 'react';
import { NavLink, Route, Routes, useParams } from 'react-router';
import {
  CommunityBirthdaysDocument,
  CommunityBoardDocument,
  CommunityElderServicesDocument,
  CommunityGridsDocument,
  CommunityMapDocument,
  CommunityMeetingsDocument,
  CommunityRequestsDocument,
  CommunityRoomsDocument,
  CommunityVisitsDocument,
  GridNamesDocument,
  NearestFacilitiesDocument,
  type ElderOccasionInput,
  type FacilityType,
} from '../__generated__/graphql';
import { Chart } from '../chart';
import { day, FACILITY_STATUS, FACILITY_TYPES, n, STAFF_ROLES, STATUS, thisYear, TIERS, today, when } from '../format';
import type { Claims } from '../session';
import { Figure, Pager, Section, Table, useCursor } from '../ui';
import CommunityAdmin from './CommunityAdmin';

const TABS: [string, string][] = [
  ['', '网格'],
  ['board', '公示栏'],
  ['elders', '长者服务'],
  ['map', '活地图'],
  ['rooms', '场地'],
  ['meetings', '联席会议'],
  ['requests', '服务与走访'],
  ['admin', '管理'],
];

export default function Community({ claims }: { claims: Claims }) {
  const { communityId = '' } = useParams();
  return (
    <div className="screen" data-screen="community">
      <nav className="tabs">
        {TABS.map(([path, label]) => (
          <NavLink key={path} to={`/community/${communityId}${path ? `/${path}` : ''}`} end>
            {label}
          </NavLink>
        ))}
      </nav>
      <Routes>
        <Route index element={<Grids c={communityId} />} />
        <Route path="board" element={<Board c={communityId} />} />
        <Route path="elders" element={<Elders c={communityId} />} />
        <Route path="map" element={<LivingMap c={communityId} />} />
        <Route path="rooms" element={<Rooms c={communityId} />} />
        <Route path="meetings" element={<Meetings c={communityId} />} />
        <Route path="requests" element={<RequestsAndVisits c={communityId} />} />
        <Route path="admin" element={<CommunityAdmin c={communityId} claims={claims} />} />
      </Routes>
    </div>
  );
}

function Grids({ c }: { c: string }) {
  const result = useQuery(CommunityGridsDocument, { variables: { c } });
  return (
    <Section title="网格与网格员" id="grids" result={result} isEmpty={(d) => !d.community}>
      {(d) => (
        <>
          <h1>{d.community!.name}</h1>
          <div className="figures">
            <Figure label="居民" value={n(d.community!.residentCount)} testId="residents" />
            <Figure label="户数" value={n(d.community!.householdCount)} testId="households" />
            <Figure label="未入格户" value={n(d.ungriddedHouseholds.totalCount)} testId="ungridded" />
            <Figure
              label="超出300–350户的网格"
              value={n(d.community!.grids.flatMap((g) => g.children).filter((g) => g.outOfRange).length)}
              testId="outOfRange"
            />
          </div>
          {d.community!.grids.map((big) => (
            <div key={big.id} className="big-grid">
              <h3>
                {big.name}(大网格,{n(big.householdCount)} 户)· {big.workers.map((w) => w.name).join('、') || '未配'}
              </h3>
              <Table
                testId={`grid-${big.id}`}
                rows={big.children}
                rowKey={(g) => g.id}
                columns={[
                  ['小网格', (g) => g.name],
                  ['户数', (g) => <span className={g.outOfRange ? 'bad' : undefined}>{n(g.householdCount)}</span>],
                  ['居民', (g) => n(g.residentCount)],
                  ['网格员(包户数)', (g) => g.workers.map((w) => `${w.name}(${n(w.householdCount)})`).join('、') || '—'],
                ]}
              />
            </div>
          ))}
        </>
      )}
    </Section>
  );
}

function Board({ c }: { c: string }) {
  const result = useQuery(CommunityBoardDocument, { variables: { c } });
  return (
    <Section title="今日公示栏" id="board" result={result}>
      {(d) => (
        <>
          <p className="muted">{day(d.publicBoard.date)}</p>
          <h3>接待台值班</h3>
          <Table
            testId="duty"
            rows={d.publicBoard.duty}
            rowKey={(s) => s.id}
            columns={[
              ['时段', (s) => (s.part === 'AM' ? '上午' : '下午')],
              ['接待台', (s) => `${s.desk} 号台`],
              ['值班', (s) => s.staff.name],
              ['值班电话', (s) => s.staff.dutyPhone ?? '—'],
            ]}
          />
          <h3>今日日程(谁在哪里)</h3>
          <Table
            testId="schedule"
            rows={d.publicBoard.schedule}
            rowKey={(s) => s.id}
            columns={[
              ['时间', (s) => `${s.start}–${s.end}`],
              ['工作人员', (s) => `${s.staff.name}(${STAFF_ROLES[s.staff.role] ?? s.staff.role})`],
              ['地点', (s) => s.place],
              ['事项', (s) => s.task],
            ]}
          />
          <h3>固定岗位</h3>
          <Table
            rows={d.publicBoard.posts}
            rowKey={(p) => p.id}
            columns={[
              ['时间', (p) => `${p.start}–${p.end}`],
              ['地点', (p) => p.place],
              ['工作人员', (p) => p.staff.name],
            ]}
          />
        </>
      )}
    </Section>
  );
}

/** The 6789 occasions a community counts (seed 003): who is owed what, this month, today or this year. */
const OCCASIONS: [string, () => ElderOccasionInput][] = [
  ['本月理发(60岁以上)', () => ({ service: 'HAIRCUT', date: today() })],
  ['今日助餐(70岁以上)', () => ({ service: 'CANTEEN_MEAL', date: today() })],
  ['本年生日蛋糕(70岁以上)', () => ({ service: 'BIRTHDAY_CAKE', year: Number(thisYear()) })],
  ['本年重阳慰问(80岁以上)', () => ({ service: 'FESTIVAL_GIFT', year: Number(thisYear()), festival: 'DOUBLE_NINTH' })],
  ['本年生日宴(90岁以上)', () => ({ service: 'BIRTHDAY_BANQUET', year: Number(thisYear()) })],
];

function Elders({ c }: { c: string }) {
  const cursor = useCursor();
  const birthdays = useQuery(CommunityBirthdaysDocument, { variables: { c, first: 20, after: cursor.after } });
  const [occasion, setOccasion] = useState(0);
  const services = useQuery(CommunityElderServicesDocument, { variables: { c, o: OCCASIONS[occasion]![1]() } });
  return (
    <>
      <Section title="本周生日的长者" id="birthdays" result={birthdays} isEmpty={(d) => d.upcomingBirthdays.totalCount === 0}>
        {(d) => (
          <>
            <Table
              testId="birthdays"
              rows={d.upcomingBirthdays.nodes}
              rowKey={(b) => b.resident.id}
              columns={[
                ['生日', (b) => day(b.date)],
                ['姓名', (b) => b.resident.name],
                ['将满', (b) => `${b.turningAge} 岁`],
                ['档次', (b) => (b.tier ? TIERS[b.tier] : '—')],
                ['住址', (b) => b.resident.household.address],
                ['网格', (b) => b.resident.household.grid?.name ?? '未入格'],
              ]}
            />
            <Pager cursor={cursor} pageInfo={d.upcomingBirthdays.pageInfo} total={d.upcomingBirthdays.totalCount} pageSize={20} />
          </>
        )}
      </Section>
      <Section
        title={`6789 服务:${OCCASIONS[occasion]![0]}`}
        id="elder-services"
        result={services}
        actions={
          <select name="occasion" value={occasion} onChange={(e) => setOccasion(Number(e.target.value))}>
            {OCCASIONS.map(([label], i) => (
              <option key={label} value={i}>
                {label}
              </option>
            ))}
          </select>
        }
      >
        {(d) => (
          <>
            <div className="figures">
              <Figure label="应享" value={n(d.elderServices.eligible)} testId="eligible" />
              <Figure label="已服务" value={n(d.elderServices.delivered)} testId="delivered" />
              <Figure label="尚欠" value={n(d.elderServices.owed)} testId="owed" />
            </div>
            <Table
              rows={d.elderServices.counts}
              rowKey={(r) => `${r.grid?.id ?? '-'}:${r.tier}`}
              columns={[
                ['网格', (r) => r.grid?.name ?? '未入格'],
                ['档次', (r) => TIERS[r.tier] ?? r.tier],
                ['应享', (r) => n(r.eligible)],
                ['已服务', (r) => n(r.delivered)],
                ['尚欠', (r) => n(r.owed)],
              ]}
            />
          </>
        )}
      </Section>
    </>
  );
}

const MAP_TYPES = Object.keys(FACILITY_TYPES) as FacilityType[];

function LivingMap({ c }: { c: string }) {
  const result = useQuery(CommunityMapDocument, { variables: { c } });
  const [type, setType] = useState<FacilityType>('FIRE_HYDRANT');
  const [point, setPoint] = useState<{ lat: number; lng: number } | null>(null);
  const [findNearest, nearest] = useLazyQuery(NearestFacilitiesDocument);
  const facilities = useMemo(() => result.data?.community?.grids.flatMap((g) => g.facilities) ?? [], [result.data]);
  // Buildings placed on the plan (a building not yet placed has no point: listed by count only).
  const buildings = useMemo(() => result.data?.community?.buildings ?? [], [result.data]);
  const placed = buildings.filter((b) => b.lat != null && b.lng != null);
  const option = useMemo(
    () => ({
      // Hundreds of points: drawn at once, no animation (and a screenshot shows them).
      animation: false,
      // Names are staff's and registers' text: drawn as text, never parsed as HTML.
      tooltip: { trigger: 'item', renderMode: 'richText', formatter: (p: { data: [number, number, string] }) => p.data[2] },
      legend: { type: 'scroll', top: 0 },
      grid: { left: 56, right: 16, top: 40, bottom: 40 },
      xAxis: { type: 'value', scale: true, name: '经度', axisLabel: { formatter: (v: number) => v.toFixed(4) } },
      yAxis: { type: 'value', scale: true, name: '纬度', axisLabel: { formatter: (v: number) => v.toFixed(4) } },
      series: [
        {
          name: '楼栋',
          type: 'scatter',
          symbol: 'rect',
          symbolSize: 12,
          itemStyle: { color: '#cbd2d9', borderColor: '#7b8794' },
          data: placed.map((b) => [b.lng, b.lat, `${b.name}(${b.householdCount} 户)`]),
        },
        ...MAP_TYPES.map((t) => ({
          name: FACILITY_TYPES[t],
          type: 'scatter',
          symbolSize: 7,
          data: facilities.filter((f) => f.type === t).map((f) => [f.lng, f.lat, f.name]),
        })),
        ...(point
          ? [{ name: '所选位置', type: 'scatter', symbol: 'pin', symbolSize: 24, data: [[point.lng, point.lat, '所选位置']] }]
          : []),
      ],
    }),
    [facilities, placed, point],
  );
  return (
    <Section title="活地图:设施分布(点击图上一点查找最近设施)" id="map" result={result} isEmpty={() => facilities.length === 0}>
      {() => (
        <>
          <p className="muted">
            共 {n(placed.length)} 栋楼、{n(facilities.length)} 处设施
            {buildings.length > placed.length ? `(${buildings.length - placed.length} 栋尚未标注位置)` : ''}
            。平面示意图,不加载外部地图瓦片。
          </p>
          <label>
            查找类型{' '}
            <select value={type} onChange={(e) => setType(e.target.value as FacilityType)} name="facility-type">
              {MAP_TYPES.map((t) => (
                <option key={t} value={t}>
                  {FACILITY_TYPES[t]}
                </option>
              ))}
            </select>
          </label>
          <Chart
            label="社区设施平面图"
            option={option}
            height={460}
            onPlotClick={(lng, lat) => {
              setPoint({ lat, lng });
              void findNearest({ variables: { type, lat, lng } });
            }}
          />
          {point && (
            <div data-section="nearest" data-state={nearest.loading ? 'loading' : 'ready'}>
              <h3>
                距所选位置最近的{FACILITY_TYPES[type]}({point.lat.toFixed(5)}, {point.lng.toFixed(5)})
              </h3>
              {nearest.data && (
                <Table
                  testId="nearest"
                  rows={nearest.data.nearestFacilities}
                  rowKey={(f) => f.facility.id}
                  columns={[
                    ['设施', (f) => f.facility.name],
                    ['距离', (f) => `${n(f.distanceMeters)} 米`],
                    ['状态', (f) => FACILITY_STATUS[f.facility.status] ?? f.facility.status],
                  ]}
                />
              )}
            </div>
          )}
        </>
      )}
    </Section>
  );
}

function Rooms({ c }: { c: string }) {
  const result = useQuery(CommunityRoomsDocument, { variables: { c, d: today() } });
  return (
    <Section title="活动场地与今日预约" id="rooms" result={result} isEmpty={(d) => d.rooms.length === 0}>
      {(d) => (
        <Table
          testId="rooms"
          rows={d.rooms}
          rowKey={(r) => r.id}
          columns={[
            ['场地', (r) => r.name],
            ['容纳', (r) => `${r.capacity} 人`],
            ['状态', (r) => r.status],
            ['今日预约', (r) => r.bookings.map((b) => `${b.start}–${b.end} ${b.title}`).join(';') || '空闲'],
          ]}
        />
      )}
    </Section>
  );
}

function Meetings({ c }: { c: string }) {
  const result = useQuery(CommunityMeetingsDocument, { variables: { c } });
  return (
    <>
      <Section title="联席会议" id="meetings" result={result} isEmpty={(d) => d.jointMeetings.length === 0}>
        {(d) => (
          <Table
            testId="meetings"
            rows={d.jointMeetings}
            rowKey={(m) => m.id}
            columns={[
              ['日期', (m) => day(m.date)],
              ['参会单位', (m) => m.units.map((u) => u.name).join('、')],
              ['议题', (m) => `${m.items.length} 项,未结 ${m.items.filter((i) => i.status !== 'DONE').length}`],
            ]}
          />
        )}
      </Section>
      <Section title="待办跟进(按单位)" id="follow-ups" result={result} isEmpty={(d) => d.openFollowUps.length === 0}>
        {(d) => (
          <Table
            rows={d.openFollowUps.flatMap((u) => u.items.map((i) => ({ unit: u.name, item: i })))}
            rowKey={(r) => `${r.unit}:${r.item.id}`}
            columns={[
              ['单位', (r) => r.unit],
              ['议题', (r) => r.item.title],
              ['期限', (r) => day(r.item.followUpDate)],
              ['进展', (r) => r.item.parts.map((p) => `${p.unitName}:${p.status === 'DONE' ? '已完成' : '进行中'}`).join(';')],
            ]}
          />
        )}
      </Section>
    </>
  );
}

const RANGES: [string, number][] = [
  ['今天', 0],
  ['近7天', 6],
  ['近30天', 29],
];

function RequestsAndVisits({ c }: { c: string }) {
  const rc = useCursor();
  const vc = useCursor();
  const grids = useQuery(GridNamesDocument, { variables: { c } });
  const [gridId, setGridId] = useState('');
  const [range, setRange] = useState(0);
  const requests = useQuery(CommunityRequestsDocument, {
    variables: { c, g: gridId || undefined, first: 50, after: rc.after },
    fetchPolicy: 'cache-and-network',
  });
  const visits = useQuery(CommunityVisitsDocument, {
    variables: { c, from: today(-range), to: today(), first: 20, after: vc.after },
    fetchPolicy: 'cache-and-network',
  });
  return (
    <>
      <Section
        title="在办服务事项"
        id="requests"
        result={requests}
        isEmpty={(d) => d.serviceRequests.totalCount === 0}
        actions={
          <select
            name="grid"
            value={gridId}
            onChange={(e) => {
              setGridId(e.target.value);
              rc.reset();
            }}
          >
            <option value="">全部网格</option>
            {grids.data?.community?.grids.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
          </select>
        }
      >
        {(d) => (
          <>
            <Table
              testId="requests"
              rows={d.serviceRequests.nodes}
              rowKey={(r) => r.id}
              columns={[
                ['事项', (r) => r.type.name],
                ['居民', (r) => r.resident.name],
                ['受理', (r) => when(r.receivedAt)],
                [
                  '办结期限',
                  (r) => (
                    <span className={r.overdue ? 'bad' : undefined}>
                      {day(r.dueDate)}
                      {r.overdue ? '(超期)' : ''}
                    </span>
                  ),
                ],
                ['状态', (r) => STATUS[r.status] ?? r.status],
                ['经办', (r) => r.takenByStaff?.name ?? '—'],
              ]}
            />
            <Pager cursor={rc} pageInfo={d.serviceRequests.pageInfo} total={d.serviceRequests.totalCount} pageSize={50} />
          </>
        )}
      </Section>
      <Section
        title="走访记录"
        id="visits"
        result={visits}
        isEmpty={(d) => d.visits.totalCount === 0}
        actions={
          <select
            name="range"
            value={range}
            onChange={(e) => {
              setRange(Number(e.target.value));
              vc.reset();
            }}
          >
            {RANGES.map(([label, days]) => (
              <option key={days} value={days}>
                {label}
              </option>
            ))}
          </select>
        }
      >
        {(d) => (
          <>
            <Table
              testId="visits"
              rows={d.visits.nodes}
              rowKey={(v) => v.id}
              columns={[
                ['时间', (v) => when(v.at)],
                ['网格员', (v) => v.staff.name],
                ['住户', (v) => v.household?.address ?? '—'],
                ['事由', (v) => v.topics.join('、')],
                ['记录', (v) => v.notes],
              ]}
            />
            <Pager cursor={vc} pageInfo={d.visits.pageInfo} total={d.visits.totalCount} pageSize={20} />
          </>
        )}
      </Section>
    </>
  );
}
