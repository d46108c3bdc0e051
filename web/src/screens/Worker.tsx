// The grid worker at the door, on a phone (360×740): my households with their tags, record a visit
// and a half-day, take a doorstep request with its materials and move it along, my backlog with
// overdue first, my figures.
import { useMutation, useQuery } from '@apollo/client/react';
import { useMemo, useState } from 'react';
import {
  AdvanceRequestDocument,
  DoorstepTypesDocument,
  MyBacklogDocument,
  MyFiguresDocument,
  HouseholdMembersDocument,
  MyGridHouseholdsDocument,
  MyRecordDocument,
  RecordHalfDayDocument,
  RecordVisitDocument,
  TakeRequestDocument,
  TickMaterialsDocument,
  type MyBacklogQuery,
  type HouseholdMembersQuery,
  type PlaceType,
  type RequestStatus,
} from '../__generated__/graphql';
import { day, n, percent, STATUS, TAGS, thisYear, today } from '../format';
import { newKey } from '../keys';
import type { Claims } from '../session';
import { Figure, Outcome, Pager, Section, Tags, useCursor } from '../ui';

type Member = NonNullable<HouseholdMembersQuery['household']>['members'][number];
interface Door {
  id: string;
  address: string;
}
const NEXT: Partial<Record<RequestStatus, RequestStatus>> = {
  RECEIVED: 'MATERIALS_COLLECTED',
  MATERIALS_COLLECTED: 'FORWARDED',
  FORWARDED: 'RESULT_RECEIVED',
  RESULT_RECEIVED: 'DELIVERED',
};

export default function Worker({ claims }: { claims: Claims }) {
  const me = claims.staff_id ?? '';
  const gridId = claims.grid_ids?.[0] ?? '';
  const communityId = claims.community_ids?.[0] ?? '';
  const [household, setHousehold] = useState<Door | null>(null);
  if (!me || !gridId) return <p className="error">此账号没有网格(no grid in this token)</p>;
  return (
    <div className="screen phone" data-screen="worker">
      <Me me={me} />
      {household && <AtTheDoor key={household.id} household={household} onClose={() => setHousehold(null)} />}
      <Households
        gridId={gridId}
        picked={household?.id}
        onPick={(h) => {
          setHousehold(h);
          window.scrollTo({ top: 0 });
        }}
      />
      <HalfDay />
      <Backlog gridId={gridId} />
      <Figures me={me} communityId={communityId} />
    </div>
  );
}

function Me({ me }: { me: string }) {
  const result = useQuery(MyRecordDocument, { variables: { me, p: thisYear() } });
  return (
    <Section title="我的网格" id="me" result={result} isEmpty={(d) => !d.staffMember}>
      {(d) => (
        <p>
          <strong>{d.staffMember!.name}</strong> · {d.staffMember!.community.name} · {d.staffMember!.grids.map((g) => g.name).join('、')} ·
          包户 {n(d.staffMember!.householdCount)} 户
        </p>
      )}
    </Section>
  );
}

/** The grid's households, a page at a time, each with its members' count and tags (kept with every write). */
function Households(props: { gridId: string; picked?: string | undefined; onPick: (h: Door) => void }) {
  const cursor = useCursor();
  const result = useQuery(MyGridHouseholdsDocument, { variables: { g: props.gridId, first: 30, after: cursor.after } });
  return (
    <Section title="我的住户" id="households" result={result} isEmpty={(d) => !d.grid || d.grid.households.totalCount === 0}>
      {(d) => (
        <>
          <ul className="households">
            {d.grid!.households.nodes.map((h) => (
              <li key={h.id} className={h.id === props.picked ? 'picked' : undefined}>
                <button type="button" data-household={h.id} onClick={() => props.onPick({ id: h.id, address: h.address })}>
                  <strong>{h.address}</strong>
                  <span>{h.memberCount} 人</span>
                  <Tags tags={h.tags} names={TAGS} />
                </button>
              </li>
            ))}
          </ul>
          <Pager cursor={cursor} pageInfo={d.grid!.households.pageInfo} total={d.grid!.households.totalCount} pageSize={30} />
        </>
      )}
    </Section>
  );
}

const PLACES: [PlaceType, string][] = [
  ['HOME', '入户'],
  ['PUBLIC_SPACE', '公共场所'],
  ['MORNING_EXERCISE_SITE', '晨练点'],
];

/** At a household's door: record the visit, or take a doorstep request for one of its members. */
function AtTheDoor({ household, onClose }: { household: Door; onClose: () => void }) {
  const members = useQuery(HouseholdMembersDocument, { variables: { h: household.id } });
  const list = members.data?.household?.members ?? [];
  const [visitKey, setVisitKey] = useState(() => newKey('visit'));
  const [place, setPlace] = useState<PlaceType>('HOME');
  const [topics, setTopics] = useState('入户走访');
  const [notes, setNotes] = useState('');
  const [recordVisit, visit] = useMutation(RecordVisitDocument, { refetchQueries: ['MyFigures'] });
  return (
    <section className="card" data-section="at-the-door" data-state="ready">
      <header>
        <h2>{household.address}</h2>
        <button type="button" onClick={onClose} aria-label="关闭">
          收起
        </button>
      </header>
      <p className="muted" data-members={list.length}>
        {members.loading ? '加载中…' : list.map((m) => `${m.name}(${m.age} 岁)`).join('、') || '无在册成员'}
      </p>
      <form
        data-form="visit"
        onSubmit={(e) => {
          e.preventDefault();
          void recordVisit({
            variables: {
              input: {
                idempotencyKey: visitKey,
                householdId: household.id,
                placeType: place,
                topics: topics
                  .split(/[,,、]/)
                  .map((t) => t.trim())
                  .filter(Boolean),
                notes,
              },
            },
          })
            .then(() => {
              setVisitKey(newKey('visit'));
              setNotes('');
            })
            .catch(() => undefined);
        }}
      >
        <h3>记录走访</h3>
        <label>
          地点
          <select value={place} onChange={(e) => setPlace(e.target.value as PlaceType)} name="placeType">
            {PLACES.map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <label>
          事由(用顿号分隔)
          <input value={topics} onChange={(e) => setTopics(e.target.value)} name="topics" />
        </label>
        <label>
          记录
          <textarea value={notes} onChange={(e) => setNotes(e.target.value)} name="notes" rows={3} maxLength={2000} />
        </label>
        <button type="submit" disabled={visit.loading}>
          保存走访
        </button>
        <Outcome error={visit.error} done={visit.data && `已记录走访 ${visit.data.recordVisit.household?.address ?? ''}`} />
      </form>
      {list.length > 0 && <TakeRequest key={list.map((m) => m.id).join()} members={list} />}
    </section>
  );
}

function TakeRequest({ members }: { members: Member[] }) {
  const types = useQuery(DoorstepTypesDocument);
  const doorstep = types.data?.serviceTypes.filter((t) => t.doorstep) ?? [];
  const [residentId, setResidentId] = useState(members[0]?.id ?? '');
  const [typeCode, setTypeCode] = useState('');
  const [collected, setCollected] = useState<string[]>([]);
  const [key, setKey] = useState(() => newKey('req'));
  const [take, taken] = useMutation(TakeRequestDocument, { refetchQueries: ['MyBacklog'] });
  const type = doorstep.find((t) => t.code === typeCode) ?? doorstep[0];
  return (
    <form
      data-form="request"
      onSubmit={(e) => {
        e.preventDefault();
        if (!type) return;
        void take({
          variables: {
            input: { clientRequestId: key, residentId, typeCode: type.code, channel: 'DOORSTEP', materialsCollected: collected },
          },
        })
          .then(() => {
            setKey(newKey('req'));
            setCollected([]);
          })
          .catch(() => undefined);
      }}
    >
      <h3>上门受理</h3>
      <label>
        居民
        <select value={residentId} onChange={(e) => setResidentId(e.target.value)} name="residentId">
          {members.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}({m.age} 岁)
            </option>
          ))}
        </select>
      </label>
      <label>
        事项
        <select value={type?.code ?? ''} onChange={(e) => (setTypeCode(e.target.value), setCollected([]))} name="typeCode">
          {doorstep.map((t) => (
            <option key={t.code} value={t.code}>
              {t.name}({t.deadlineWorkingDays} 个工作日)
            </option>
          ))}
        </select>
      </label>
      {type && type.requiredMaterials.length > 0 && (
        <fieldset>
          <legend>已收材料</legend>
          {type.requiredMaterials.map((m) => (
            <label key={m} className="check">
              <input
                type="checkbox"
                name="material"
                value={m}
                checked={collected.includes(m)}
                onChange={(e) => setCollected((c) => (e.target.checked ? [...c, m] : c.filter((x) => x !== m)))}
              />
              {m}
            </label>
          ))}
        </fieldset>
      )}
      <button type="submit" disabled={!type || taken.loading}>
        受理
      </button>
      <Outcome
        error={taken.error}
        done={taken.data && `已受理:${taken.data.createServiceRequest.type.name},办结期限 ${day(taken.data.createServiceRequest.dueDate)}`}
      />
    </form>
  );
}

function HalfDay() {
  const [part, setPart] = useState<'AM' | 'PM'>(new Date().getHours() < 12 ? 'AM' : 'PM');
  const [mode, setMode] = useState<'ON_DESK' | 'OFF_DESK'>('OFF_DESK');
  const [place, setPlace] = useState('网格走访');
  const [record, result] = useMutation(RecordHalfDayDocument, { refetchQueries: ['MyFigures'] });
  return (
    <section className="card" data-section="half-day" data-state="ready">
      <header>
        <h2>记录半天(今天)</h2>
      </header>
      <form
        data-form="half-day"
        onSubmit={(e) => {
          e.preventDefault();
          void record({ variables: { input: { date: today(), part, mode, place } } }).catch(() => undefined);
        }}
      >
        <label>
          时段
          <select value={part} onChange={(e) => setPart(e.target.value as 'AM' | 'PM')} name="part">
            <option value="AM">上午</option>
            <option value="PM">下午</option>
          </select>
        </label>
        <label>
          方式
          <select value={mode} onChange={(e) => setMode(e.target.value as 'ON_DESK' | 'OFF_DESK')} name="mode">
            <option value="OFF_DESK">离柜(走访、服务)</option>
            <option value="ON_DESK">在柜(接待台)</option>
          </select>
        </label>
        <label>
          地点
          <input value={place} onChange={(e) => setPlace(e.target.value)} name="place" />
        </label>
        <button type="submit" disabled={result.loading}>
          保存
        </button>
        <Outcome
          error={result.error}
          done={result.data && `已记录 ${day(result.data.recordHalfDay.date)} ${result.data.recordHalfDay.part === 'AM' ? '上午' : '下午'}`}
        />
      </form>
    </section>
  );
}

type Request = MyBacklogQuery['serviceRequests']['nodes'][number];

function Backlog({ gridId }: { gridId: string }) {
  const result = useQuery(MyBacklogDocument, { variables: { g: gridId }, fetchPolicy: 'cache-and-network' });
  const rows = useMemo(
    () =>
      [...(result.data?.serviceRequests.nodes ?? [])].sort(
        (a, b) => Number(b.overdue) - Number(a.overdue) || a.dueDate.localeCompare(b.dueDate),
      ),
    [result.data],
  );
  return (
    <Section title="我的待办(超期在前)" id="backlog" result={result} isEmpty={(d) => d.serviceRequests.totalCount === 0}>
      {(d) => (
        <>
          <p className="muted">
            在办 {n(d.serviceRequests.totalCount)} 件{d.serviceRequests.totalCount > rows.length ? `,显示前 ${rows.length} 件` : ''}
          </p>
          <ul className="backlog">
            {rows.map((r) => (
              <BacklogItem key={r.id} r={r} />
            ))}
          </ul>
        </>
      )}
    </Section>
  );
}

function BacklogItem({ r }: { r: Request }) {
  const [tick, ticked] = useMutation(TickMaterialsDocument);
  const [advance, advanced] = useMutation(AdvanceRequestDocument, { refetchQueries: ['MyBacklog'] });
  const next = NEXT[r.status];
  return (
    <li className={r.overdue ? 'overdue' : undefined} data-request={r.id}>
      <div>
        <strong>{r.type.name}</strong> · {r.resident.name} · {STATUS[r.status] ?? r.status}
      </div>
      <div className={r.overdue ? 'bad' : 'muted'}>
        期限 {day(r.dueDate)}
        {r.overdue ? '(已超期)' : ''}
      </div>
      {r.materials.length > 0 && (
        <div className="materials">
          {r.materials.map((m) => (
            <label key={m.name} className="check">
              <input
                type="checkbox"
                checked={m.collected}
                disabled={ticked.loading}
                onChange={(e) =>
                  void tick({ variables: { input: { id: r.id, materials: [m.name], collected: e.target.checked } } }).catch(() => undefined)
                }
              />
              {m.name}
            </label>
          ))}
        </div>
      )}
      {next && (
        <button
          type="button"
          data-advance={next}
          disabled={advanced.loading}
          onClick={() => void advance({ variables: { input: { id: r.id, to: next } } }).catch(() => undefined)}
        >
          转为「{STATUS[next]}」
        </button>
      )}
      <Outcome error={ticked.error ?? advanced.error} />
    </li>
  );
}

function Figures({ me, communityId }: { me: string; communityId: string }) {
  const monthStart = `${today().slice(0, 7)}-01`;
  const result = useQuery(MyFiguresDocument, { variables: { c: communityId, from: monthStart, to: today(), w: today() } });
  return (
    <Section title="我的数据(本月 / 本周)" id="figures" result={result}>
      {(d) => {
        const visits = d.visitStats.find((s) => s.staff.id === me);
        const share = d.offDeskShares.find((s) => s.staff.id === me);
        return (
          <div className="figures">
            <Figure label="本月走访" value={n(visits?.visits ?? 0)} testId="visits" />
            <Figure label="走访户数" value={n(visits?.households ?? 0)} testId="visitedHouseholds" />
            <Figure label="6789 服务" value={n(visits?.elderDeliveries ?? 0)} testId="elderDeliveries" />
            <Figure
              label="本周离柜率"
              value={percent(share?.share)}
              hint={share ? `离柜 ${share.offDesk} 个半天` : undefined}
              testId="offDeskShare"
            />
          </div>
        );
      }}
    </Section>
  );
}
