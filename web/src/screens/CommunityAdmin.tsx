// The community's administration (the 管理 tab): staff, facilities, rooms, fixed posts and the
// reception rota, households and residents, grids, organisations: each a list with its own query
// and the graph's mutations as forms. Forms are shown to community staff and street admins (rooms
// and organisations: community staff, as the graph allows); the graph refuses everyone else anyway.
import { useMutation, useQuery } from '@apollo/client/react';
import { useMemo, useState, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import {
  AddFacilityDocument,
  AddResidentDocument,
  AddStaffMemberDocument,
  AdminFacilitiesDocument,
  AdminGridsDocument,
  AdminHouseholdDocument,
  AdminOrganizationsDocument,
  AdminResidentSearchDocument,
  AdminRoomsDocument,
  AdminRotaDocument,
  AdminStaffDocument,
  AssignGridWorkerDocument,
  CreateGridDocument,
  CreateHouseholdDocument,
  CreatePublicPostDocument,
  CreateRoomDocument,
  RecordResidentMovedOutDocument,
  RegisterOrganizationDocument,
  RemovePublicPostDocument,
  RenameGridDocument,
  RetireFacilityDocument,
  RetireOrganizationDocument,
  RetireRoomDocument,
  SetReceptionRotaDocument,
  StaffLeavesDocument,
  UnassignGridWorkerDocument,
  UpdateFacilityDocument,
  UpdateOrganizationDocument,
  UpdatePublicPostDocument,
  UpdateRoomDocument,
  UpdateStaffMemberDocument,
  type AdminFacilitiesQuery,
  type AdminGridsQuery,
  type AdminHouseholdQuery,
  type AdminOrganizationsQuery,
  type AdminRoomsQuery,
  type AdminStaffQuery,
  type FacilityType,
  type GridLevel,
  type HalfDayPart,
  type Hukou,
  type OrganizationKind,
  type ResidentTag,
  type RoomKind,
  type StaffPostKind,
  type StaffRole,
} from '../__generated__/graphql';
import { AdminForm, Checks, Choice, failed, intError, listOf, phoneError, Text, textError, useAdminForm, type Values } from '../admin-form';
import { FACILITY_TYPES, n, STAFF_ROLES, TAGS, today } from '../format';
import type { Claims } from '../session';
import { Pager, Section, Table, useCursor } from '../ui';

type Staff = AdminStaffQuery['staffMembers'][number];
type BigGrid = NonNullable<AdminGridsQuery['community']>['grids'][number];
type Facility = NonNullable<AdminFacilitiesQuery['community']>['grids'][number]['facilities'][number];
type Room = AdminRoomsQuery['rooms'][number];
type Organization = AdminOrganizationsQuery['organizations'][number];
type Member = NonNullable<AdminHouseholdQuery['household']>['members'][number];

const PARTS: [string, string][] = [
  ['staff', '工作人员'],
  ['facilities', '设施'],
  ['rooms', '场地'],
  ['posts', '固定岗与值班'],
  ['households', '住户与居民'],
  ['grids', '网格'],
  ['organizations', '社会组织'],
];
const ROLE_OPTIONS = Object.entries(STAFF_ROLES) as [StaffRole, string][];
const POST_KINDS: [StaffPostKind, string][] = [
  ['PUBLIC_POST', '固定岗'],
  ['RECEPTION_DESK', '接待台'],
];
const FACILITY_STATUS: Record<string, string> = { OK: '正常', NEEDS_REPAIR: '待维修', OUT_OF_SERVICE: '停用' };
const ROOM_KINDS: [RoomKind, string][] = [
  ['ACTIVITY', '活动室'],
  ['READING', '阅览室'],
  ['TALK', '谈心室'],
  ['MULTI_PURPOSE', '多功能室'],
];
const ORG_KINDS: [OrganizationKind, string][] = [
  ['SOCIAL_ORGANIZATION', '社会组织'],
  ['CHARITY', '慈善组织'],
  ['SOCIAL_SERVICE', '社工机构'],
  ['CULTURE_SPORTS', '文体团队'],
  ['SELF_ORGANISED', '居民自组织'],
  ['CARING_BUSINESS', '爱心商家'],
  ['SCHOOL', '学校'],
  ['POLICE_STATION', '派出所'],
  ['PROPERTY_COMPANY', '物业公司'],
  ['ENTERPRISE', '企业'],
];
const REGISTRATIONS: [string, string][] = [
  ['REGISTERED', '已登记'],
  ['FILED', '已备案'],
  ['UNREGISTERED', '未登记'],
];
const WEEKDAYS: [string, string][] = ['一', '二', '三', '四', '五', '六', '日'].map((d, i) => [String(i + 1), `周${d}`]);
/** Tags set by hand (空巢 and 独居 are derived by the graph). */
const MANUAL_TAGS = (['LOW_INCOME', 'DISABLED', 'VETERAN_FAMILY', 'RETIRED_CADRE', 'UNEMPLOYED'] as ResidentTag[]).map(
  (t): [string, string] => [t, TAGS[t] ?? t],
);
const label = (pairs: readonly [string, string][], value: string) => pairs.find(([v]) => v === value)?.[1] ?? value;
/** A phone as the graph masks it; anything that arrives unmasked is masked here too (this screen never shows one). */
const masked = (phone: string | null | undefined) =>
  !phone ? '—' : phone.includes('*') ? phone : `${phone.slice(0, 3)}****${phone.slice(-4)}`;

export default function CommunityAdmin({ c, claims }: { c: string; claims: Claims }) {
  const [params, setParams] = useSearchParams();
  const part = PARTS.some(([p]) => p === params.get('part')) ? params.get('part')! : 'staff';
  // What the graph lets each role write: people-grids' administration to street admins and community
  // staff, rooms and organisations (volunteers) to community staff. Hiding is for the user; the graph decides.
  const canEdit = claims.role === 'COMMUNITY_STAFF' || claims.role === 'STREET_ADMIN';
  const canEditVolunteers = claims.role === 'COMMUNITY_STAFF';
  return (
    <div data-admin={part}>
      <nav className="tabs subtabs" aria-label="管理">
        {PARTS.map(([p, l]) => (
          <button key={p} type="button" className={p === part ? 'active' : undefined} onClick={() => setParams({ part: p })} data-part={p}>
            {l}
          </button>
        ))}
      </nav>
      {!canEdit && <p className="muted">只读:仅社区工作人员和街道管理员可修改 (read only)</p>}
      {canEdit && !canEditVolunteers && (part === 'rooms' || part === 'organizations') && (
        <p className="muted">场地和社会组织由社区工作人员维护 (kept by the community's staff)</p>
      )}
      {part === 'staff' && <StaffPart c={c} canEdit={canEdit} />}
      {part === 'facilities' && <FacilitiesPart c={c} canEdit={canEdit} />}
      {part === 'rooms' && <RoomsPart c={c} canEdit={canEditVolunteers} />}
      {part === 'posts' && <PostsPart c={c} canEdit={canEdit} />}
      {part === 'households' && <HouseholdsPart c={c} canEdit={canEdit} />}
      {part === 'grids' && <GridsPart c={c} canEdit={canEdit} />}
      {part === 'organizations' && <OrganizationsPart c={c} canEdit={canEditVolunteers} />}
    </div>
  );
}

// ——— shared reads ———

function useStaff(c: string) {
  return useQuery(AdminStaffDocument, { variables: { c } });
}
function useGrids(c: string) {
  const result = useQuery(AdminGridsDocument, { variables: { c } });
  const big = useMemo(() => result.data?.community?.grids ?? [], [result.data]);
  const small = useMemo(() => big.flatMap((b) => b.children.map((g) => ({ ...g, parent: b.name }))), [big]);
  return { result, big, small };
}
const staffOptions = (staff: readonly Staff[] | undefined): [string, string][] =>
  (staff ?? []).map((s) => [s.id, `${s.name}(${STAFF_ROLES[s.role] ?? s.role})`]);

/** Which row a part is acting on: adding, editing one, or retiring one. */
type Acting<R> = { mode: 'edit' | 'retire'; row: R } | null;

function RowActions(props: { onEdit?: () => void; onRetire?: () => void; retire: string }) {
  return (
    <span className="row-actions">
      {props.onEdit && (
        <button type="button" className="link" onClick={props.onEdit}>
          修改
        </button>
      )}
      {props.onRetire && (
        <button type="button" className="link" onClick={props.onRetire}>
          {props.retire}
        </button>
      )}
    </span>
  );
}

// ——— 1. staff ———

const staffChecks = (adding: boolean) => (v: Values) =>
  failed({
    ...(adding && { name: textError(v.name, 2, 20) }),
    role: !v.role && '必填 (required)',
    dutyPhone: phoneError(v.dutyPhone),
  });

function StaffPart({ c, canEdit }: { c: string; canEdit: boolean }) {
  const staff = useStaff(c);
  const { big, small } = useGrids(c);
  const [acting, setActing] = useState<Acting<Staff>>(null);
  return (
    <>
      {canEdit && (
        <section className="card" data-section="staff-forms" data-state="ready">
          {acting?.mode === 'edit' ? (
            <StaffForm key={acting.row.id} c={c} row={acting.row} big={big} small={small} onClose={() => setActing(null)} />
          ) : acting?.mode === 'retire' ? (
            <StaffLeaveForm key={acting.row.id} row={acting.row} staff={staff.data?.staffMembers ?? []} onClose={() => setActing(null)} />
          ) : (
            <StaffForm c={c} big={big} small={small} />
          )}
        </section>
      )}
      <Section title="工作人员" id="staff" result={staff} isEmpty={(d) => d.staffMembers.length === 0}>
        {(d) => (
          <Table
            testId="staff"
            rows={d.staffMembers}
            rowKey={(s) => s.id}
            columns={[
              ['姓名', (s) => s.name],
              ['职务', (s) => STAFF_ROLES[s.role] ?? s.role],
              ['网格', (s) => s.grids.map((g) => g.name).join('、') || '—'],
              ['包户', (s) => n(s.householdCount)],
              ['值班电话', (s) => s.dutyPhone ?? '—'],
              ['可任', (s) => s.postKinds.map((k) => label(POST_KINDS, k)).join('、') || '—'],
              ...(canEdit
                ? ([
                    [
                      '操作',
                      (s: Staff) => (
                        <RowActions
                          retire="离职"
                          onEdit={() => setActing({ mode: 'edit', row: s })}
                          onRetire={() => setActing({ mode: 'retire', row: s })}
                        />
                      ),
                    ],
                  ] as [string, (s: Staff) => ReactNode][])
                : []),
            ]}
          />
        )}
      </Section>
    </>
  );
}

function StaffForm(props: {
  c: string;
  row?: Staff;
  big: readonly BigGrid[];
  small: readonly { id: string; name: string; parent: string }[];
  onClose?: () => void;
}) {
  const { row } = props;
  const form = useAdminForm(
    {
      name: row?.name ?? '',
      role: row?.role ?? 'GRID_WORKER',
      dutyPhone: row?.dutyPhone ?? '',
      gridIds: row?.grids.map((g) => g.id).join(',') ?? '',
      postKinds: row?.postKinds.join(',') ?? '',
    },
    staffChecks(!row),
    'staff',
  );
  const refetchQueries = ['AdminStaff', 'AdminGrids'];
  const [add, added] = useMutation(AddStaffMemberDocument, { refetchQueries });
  const [update, updated] = useMutation(UpdateStaffMemberDocument, { refetchQueries });
  const v = form.values;
  const bigRole = v.role === 'SECRETARY' || v.role === 'COMMITTEE_MEMBER';
  const gridOptions: [string, string][] = bigRole
    ? props.big.map((g) => [g.id, `${g.name}(大网格)`])
    : props.small.map((g) => [g.id, `${g.parent} · ${g.name}`]);
  // Grids of the other level than the role's are dropped when the role changes.
  const gridIds = listOf(v.gridIds).filter((id) => gridOptions.some(([g]) => g === id));
  const fields = { role: v.role as StaffRole, dutyPhone: v.dutyPhone.trim(), gridIds, postKinds: listOf(v.postKinds) as StaffPostKind[] };
  const result = row ? updated : added;
  return (
    <AdminForm
      id={row ? 'staff-edit' : 'staff-add'}
      title={row ? `修改工作人员:${row.name}` : '新增工作人员'}
      submit={row ? '保存修改' : '新增'}
      form={form}
      result={result}
      done={
        row ? updated.data && `已保存 ${updated.data.updateStaffMember.name}` : added.data && `已新增 ${added.data.addStaffMember.name}`
      }
      onCancel={props.onClose}
      onSubmit={() =>
        row
          ? form.submit(() => update({ variables: { input: { id: row.id, ...fields } } }), updated.reset)
          : form.submit(
              () => add({ variables: { input: { idempotencyKey: form.key, communityId: props.c, name: v.name.trim(), ...fields } } }),
              added.reset,
              ['name', 'dutyPhone', 'gridIds', 'postKinds'],
            )
      }
    >
      {!row && <Text name="name" label="姓名" required maxLength={20} hint="2–20 个字" />}
      <Choice name="role" label="职务" options={ROLE_OPTIONS} />
      <Text name="dutyPhone" label="值班电话" type="tel" inputMode="tel" required hint="手机号或带区号的固定电话" />
      <Checks name="gridIds" label={bigRole ? '负责的大网格(网格长)' : '负责的小网格'} options={gridOptions} />
      <Checks name="postKinds" label="可担任" options={POST_KINDS} />
    </AdminForm>
  );
}

function StaffLeaveForm(props: { row: Staff; staff: readonly Staff[]; onClose: () => void }) {
  const form = useAdminForm({ reason: '', handoverTo: '' }, (v) => failed({ reason: textError(v.reason, 2, 200) }), 'leave');
  const [leave, left] = useMutation(StaffLeavesDocument, { refetchQueries: ['AdminStaff', 'AdminGrids'] });
  return (
    <AdminForm
      id="staff-leave"
      title={`登记离职:${props.row.name}`}
      submit="登记离职"
      form={form}
      result={left}
      done={left.data && `${left.data.staffLeaves.name} 已离职`}
      onCancel={props.onClose}
      onSubmit={() =>
        form.submit(
          () =>
            leave({
              variables: { input: { id: props.row.id, reason: form.values.reason.trim(), handoverTo: form.values.handoverTo || null } },
            }),
          left.reset,
        )
      }
    >
      <Text name="reason" label="离职原因" required maxLength={200} />
      <Choice
        name="handoverTo"
        label="交接人"
        blank="(不交接)"
        options={staffOptions(props.staff.filter((s) => s.id !== props.row.id))}
        hint="名下还有网格、固定岗、值班或在办事项时须指定"
      />
    </AdminForm>
  );
}

// ——— 2. facilities ———

const FACILITY_OPTIONS = Object.entries(FACILITY_TYPES) as [FacilityType, string][];
const PAGE = 20;

const facilityChecks = (v: Values) =>
  failed({
    type: !v.type && '必填 (required)',
    name: textError(v.name, 1, 60),
    'location.lat': intOrFloat(v['location.lat'], -90, 90, '纬度须在 -90 到 90 之间 (latitude from -90 to 90)'),
    'location.lng': intOrFloat(v['location.lng'], -180, 180, '经度须在 -180 到 180 之间 (longitude from -180 to 180)'),
    gridId: !v.gridId && '必填 (required)',
  });
function intOrFloat(value: string | undefined, min: number, max: number, message: string) {
  if (!value?.trim()) return '必填 (required)';
  const x = Number(value);
  return Number.isFinite(x) && x >= min && x <= max ? undefined : message;
}

function FacilitiesPart({ c, canEdit }: { c: string; canEdit: boolean }) {
  const result = useQuery(AdminFacilitiesDocument, { variables: { c } });
  const staff = useStaff(c);
  const { small } = useGrids(c);
  const [acting, setActing] = useState<Acting<Facility>>(null);
  const [type, setType] = useState('');
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(0);
  const all = useMemo(() => result.data?.community?.grids.flatMap((g) => g.facilities) ?? [], [result.data]);
  const shown = all.filter((f) => (!type || f.type === type) && (!search.trim() || f.name.includes(search.trim())));
  const pages = Math.max(1, Math.ceil(shown.length / PAGE));
  const at = Math.min(page, pages - 1);
  const gridOptions = small.map((g): [string, string] => [g.id, `${g.parent} · ${g.name}`]);
  return (
    <>
      {canEdit && (
        <section className="card" data-section="facility-forms" data-state="ready">
          {acting?.mode === 'edit' ? (
            <FacilityForm
              key={acting.row.id}
              c={c}
              row={acting.row}
              grids={gridOptions}
              staff={staff.data?.staffMembers}
              onClose={() => setActing(null)}
            />
          ) : acting?.mode === 'retire' ? (
            <RetireForm
              key={acting.row.id}
              kind="facility"
              title={`撤除设施:${acting.row.name}`}
              id={acting.row.id}
              onClose={() => setActing(null)}
            />
          ) : (
            <FacilityForm c={c} grids={gridOptions} staff={staff.data?.staffMembers} />
          )}
        </section>
      )}
      <Section
        title="设施(活地图)"
        id="facilities"
        result={result}
        actions={
          <span className="filters">
            <select
              name="facility-type"
              aria-label="类型"
              value={type}
              onChange={(e) => {
                setType(e.target.value);
                setPage(0);
              }}
            >
              <option value="">全部类型</option>
              {FACILITY_OPTIONS.map(([t, l]) => (
                <option key={t} value={t}>
                  {l}
                </option>
              ))}
            </select>
            <input
              name="facility-search"
              aria-label="按名称查找"
              placeholder="按名称查找"
              value={search}
              onChange={(e) => {
                setSearch(e.target.value);
                setPage(0);
              }}
            />
          </span>
        }
      >
        {() => (
          <>
            <Table
              testId="facilities"
              rows={shown.slice(at * PAGE, (at + 1) * PAGE)}
              rowKey={(f) => f.id}
              columns={[
                ['名称', (f) => f.name],
                ['类型', (f) => FACILITY_TYPES[f.type] ?? f.type],
                ['网格', (f) => f.grid?.name ?? '—'],
                ['状态', (f) => <span className={f.status === 'OK' ? undefined : 'bad'}>{FACILITY_STATUS[f.status] ?? f.status}</span>],
                ['管护人', (f) => f.caretaker?.name ?? '—'],
                ...(canEdit
                  ? ([
                      [
                        '操作',
                        (f: Facility) => (
                          <RowActions
                            retire="撤除"
                            onEdit={() => setActing({ mode: 'edit', row: f })}
                            onRetire={() => setActing({ mode: 'retire', row: f })}
                          />
                        ),
                      ],
                    ] as [string, (f: Facility) => ReactNode][])
                  : []),
              ]}
            />
            <nav className="pager" aria-label="分页">
              <button type="button" onClick={() => setPage(at - 1)} disabled={at === 0}>
                上一页
              </button>
              <span>
                第 {at + 1} 页 / 共 {pages} 页({shown.length} 处)
              </span>
              <button type="button" onClick={() => setPage(at + 1)} disabled={at >= pages - 1}>
                下一页
              </button>
            </nav>
          </>
        )}
      </Section>
    </>
  );
}

function FacilityForm(props: {
  c: string;
  row?: Facility;
  grids: [string, string][];
  staff?: readonly Staff[] | undefined;
  onClose?: () => void;
}) {
  const { row } = props;
  const form = useAdminForm(
    {
      type: row?.type ?? 'FIRE_HYDRANT',
      name: row?.name ?? '',
      'location.lat': row ? String(row.lat) : '',
      'location.lng': row ? String(row.lng) : '',
      gridId: row?.grid?.id ?? '',
      caretakerStaffId: row?.caretaker?.id ?? '',
      reason: '',
    },
    facilityChecks,
    'fac',
  );
  const [add, added] = useMutation(AddFacilityDocument, { refetchQueries: ['AdminFacilities'] });
  const [update, updated] = useMutation(UpdateFacilityDocument, { refetchQueries: ['AdminFacilities'] });
  const v = form.values;
  const fields = {
    type: v.type as FacilityType,
    name: v.name.trim(),
    location: { lat: Number(v['location.lat']), lng: Number(v['location.lng']) },
    gridId: v.gridId,
  };
  return (
    <AdminForm
      id={row ? 'facility-edit' : 'facility-add'}
      title={row ? `修改设施:${row.name}` : '新增设施'}
      submit={row ? '保存修改' : '新增'}
      form={form}
      result={row ? updated : added}
      done={row ? updated.data && `已保存 ${updated.data.updateFacility.name}` : added.data && `已新增 ${added.data.addFacility.name}`}
      onCancel={props.onClose}
      onSubmit={() =>
        row
          ? form.submit(
              () =>
                update({
                  variables: {
                    input: {
                      id: row.id,
                      ...fields,
                      ...(v.caretakerStaffId ? { caretakerStaffId: v.caretakerStaffId } : { clearCaretaker: true }),
                      reason: v.reason.trim() || null,
                    },
                  },
                }),
              updated.reset,
            )
          : form.submit(
              () =>
                add({
                  variables: {
                    input: { idempotencyKey: form.key, communityId: props.c, ...fields, caretakerStaffId: v.caretakerStaffId || null },
                  },
                }),
              added.reset,
              ['name', 'location.lat', 'location.lng'],
            )
      }
    >
      <Choice name="type" label="类型" options={FACILITY_OPTIONS} />
      <Text name="name" label="名称" required maxLength={60} hint="1–60 个字" />
      <Text name="location.lat" label="纬度" inputMode="decimal" required placeholder="30.5123" />
      <Text name="location.lng" label="经度" inputMode="decimal" required placeholder="114.3456" />
      <Choice name="gridId" label="所在网格" blank="请选择" options={props.grids} />
      <Choice name="caretakerStaffId" label="管护人" blank="(无)" options={staffOptions(props.staff)} />
      {row && <Text name="reason" label="修改原因" maxLength={200} hint="记入台账变更记录" />}
    </AdminForm>
  );
}

/** Retiring a facility, a room or an organisation: a reason of 2–200 characters. */
function RetireForm(props: { kind: 'facility' | 'room' | 'organization'; title: string; id: string; onClose: () => void }) {
  const form = useAdminForm({ reason: '' }, (v) => failed({ reason: textError(v.reason, 2, 200) }), 'retire');
  const [facility, facilityDone] = useMutation(RetireFacilityDocument, { refetchQueries: ['AdminFacilities'] });
  const [room, roomDone] = useMutation(RetireRoomDocument, { refetchQueries: ['AdminRooms'] });
  const [org, orgDone] = useMutation(RetireOrganizationDocument, { refetchQueries: ['AdminOrganizations'] });
  const variables = { id: props.id, reason: form.values.reason.trim() };
  const result = props.kind === 'facility' ? facilityDone : props.kind === 'room' ? roomDone : orgDone;
  const name = facilityDone.data?.retireFacility.name ?? roomDone.data?.retireRoom.name ?? orgDone.data?.retireOrganization.name;
  const send = (): Promise<unknown> =>
    props.kind === 'facility' ? facility({ variables }) : props.kind === 'room' ? room({ variables }) : org({ variables });
  return (
    <AdminForm
      id={`${props.kind}-retire`}
      title={props.title}
      submit="确认"
      form={form}
      result={result}
      done={name && `已撤除 ${name}`}
      onCancel={props.onClose}
      onSubmit={() => form.submit(send, result.reset)}
    >
      <Text name="reason" label="原因" required maxLength={200} hint="2–200 个字,记入台账" />
    </AdminForm>
  );
}

// ——— 3. rooms ———

const roomChecks = (v: Values) =>
  failed({ name: textError(v.name, 2, 30), kind: !v.kind && '必填 (required)', capacity: intError(v.capacity, 1, 500) });

function RoomsPart({ c, canEdit }: { c: string; canEdit: boolean }) {
  const result = useQuery(AdminRoomsDocument, { variables: { c } });
  const [acting, setActing] = useState<Acting<Room>>(null);
  return (
    <>
      {canEdit && (
        <section className="card" data-section="room-forms" data-state="ready">
          {acting?.mode === 'edit' ? (
            <RoomForm key={acting.row.id} c={c} row={acting.row} onClose={() => setActing(null)} />
          ) : acting?.mode === 'retire' ? (
            <RetireForm
              key={acting.row.id}
              kind="room"
              title={`停用场地:${acting.row.name}`}
              id={acting.row.id}
              onClose={() => setActing(null)}
            />
          ) : (
            <RoomForm c={c} />
          )}
        </section>
      )}
      <Section title="活动场地" id="rooms" result={result} isEmpty={(d) => d.rooms.length === 0}>
        {(d) => (
          <Table
            testId="rooms"
            rows={d.rooms}
            rowKey={(r) => r.id}
            columns={[
              ['名称', (r) => r.name],
              ['类型', (r) => label(ROOM_KINDS, r.kind)],
              ['容纳', (r) => `${r.capacity} 人`],
              ['设备', (r) => r.equipment.join('、') || '—'],
              ...(canEdit
                ? ([
                    [
                      '操作',
                      (r: Room) => (
                        <RowActions
                          retire="停用"
                          onEdit={() => setActing({ mode: 'edit', row: r })}
                          onRetire={() => setActing({ mode: 'retire', row: r })}
                        />
                      ),
                    ],
                  ] as [string, (r: Room) => ReactNode][])
                : []),
            ]}
          />
        )}
      </Section>
    </>
  );
}

function RoomForm(props: { c: string; row?: Room; onClose?: () => void }) {
  const { row } = props;
  const form = useAdminForm(
    {
      name: row?.name ?? '',
      kind: row?.kind ?? 'ACTIVITY',
      capacity: row ? String(row.capacity) : '',
      equipment: row?.equipment.join('、') ?? '',
      reason: '',
    },
    roomChecks,
  );
  const [create, created] = useMutation(CreateRoomDocument, { refetchQueries: ['AdminRooms'] });
  const [update, updated] = useMutation(UpdateRoomDocument, { refetchQueries: ['AdminRooms'] });
  const v = form.values;
  const fields = { name: v.name.trim(), kind: v.kind as RoomKind, capacity: Number(v.capacity), equipment: listOf(v.equipment) };
  return (
    <AdminForm
      id={row ? 'room-edit' : 'room-add'}
      title={row ? `修改场地:${row.name}` : '新增场地'}
      submit={row ? '保存修改' : '新增'}
      form={form}
      result={row ? updated : created}
      done={row ? updated.data && `已保存 ${updated.data.updateRoom.name}` : created.data && `已新增 ${created.data.createRoom.name}`}
      onCancel={props.onClose}
      onSubmit={() =>
        row
          ? form.submit(() => update({ variables: { input: { id: row.id, ...fields, reason: v.reason.trim() || null } } }), updated.reset)
          : form.submit(() => create({ variables: { input: { communityId: props.c, ...fields } } }), created.reset, [
              'name',
              'capacity',
              'equipment',
            ])
      }
    >
      <Text name="name" label="场地名称" required maxLength={30} hint="2–30 个字,本社区内不重名" />
      <Choice name="kind" label="类型" options={ROOM_KINDS} />
      <Text name="capacity" label="容纳人数" type="number" inputMode="numeric" required hint="1–500" />
      <Text name="equipment" label="设备(用顿号分隔)" placeholder="镜子、钢琴" />
      {row && <Text name="reason" label="修改原因" maxLength={200} />}
    </AdminForm>
  );
}

// ——— 4. fixed posts and the reception rota ———

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const postChecks = (v: Values) =>
  failed({
    place: textError(v.place, 1, 60),
    start: !TIME.test(v.start ?? '')
      ? '时间格式应为 HH:mm (expected HH:mm)'
      : v.start! < '06:00' && '须在 06:00–21:00 之间 (06:00 to 21:00)',
    end: !TIME.test(v.end ?? '')
      ? '时间格式应为 HH:mm (expected HH:mm)'
      : v.end! <= v.start!
        ? '结束须晚于开始 (end must be after start)'
        : v.end! > '21:00' && '须不晚于 21:00 (by 21:00)',
    weekdays: listOf(v.weekdays).length === 0 && '至少一天 (at least one weekday)',
    staffId: !v.staffId && '必填 (required)',
  });
type Post = Staff['posts'][number] & { staff: Staff };

function PostsPart({ c, canEdit }: { c: string; canEdit: boolean }) {
  const staff = useStaff(c);
  const [acting, setActing] = useState<Acting<Post>>(null);
  const posts = useMemo(
    () =>
      (staff.data?.staffMembers ?? [])
        .flatMap((s) => s.posts.map((p): Post => ({ ...p, staff: s })))
        .sort((a, b) => a.start.localeCompare(b.start) || a.place.localeCompare(b.place)),
    [staff.data],
  );
  return (
    <>
      {canEdit && (
        <section className="card" data-section="post-forms" data-state="ready">
          {acting?.mode === 'edit' ? (
            <PostForm key={acting.row.id} c={c} row={acting.row} staff={staff.data?.staffMembers} onClose={() => setActing(null)} />
          ) : acting?.mode === 'retire' ? (
            <RemovePostForm key={acting.row.id} row={acting.row} onClose={() => setActing(null)} />
          ) : (
            <PostForm c={c} staff={staff.data?.staffMembers} />
          )}
        </section>
      )}
      <Section title="固定岗(公共场所)" id="posts" result={staff} isEmpty={() => posts.length === 0}>
        {() => (
          <Table
            testId="posts"
            rows={posts}
            rowKey={(p) => p.id}
            columns={[
              ['地点', (p) => p.place],
              ['时间', (p) => `${p.start}–${p.end}`],
              ['星期', (p) => p.weekdays.map((d) => label(WEEKDAYS, String(d))).join('、')],
              ['工作人员', (p) => p.staff.name],
              ...(canEdit
                ? ([
                    [
                      '操作',
                      (p: Post) => (
                        <RowActions
                          retire="撤销"
                          onEdit={() => setActing({ mode: 'edit', row: p })}
                          onRetire={() => setActing({ mode: 'retire', row: p })}
                        />
                      ),
                    ],
                  ] as [string, (p: Post) => ReactNode][])
                : []),
            ]}
          />
        )}
      </Section>
      <Rota c={c} canEdit={canEdit} staff={staff.data?.staffMembers} />
    </>
  );
}

function PostForm(props: { c: string; row?: Post; staff?: readonly Staff[] | undefined; onClose?: () => void }) {
  const { row } = props;
  const form = useAdminForm(
    {
      place: row?.place ?? '',
      start: row?.start ?? '08:30',
      end: row?.end ?? '10:00',
      weekdays: (row?.weekdays ?? [1, 2, 3, 4, 5]).join(','),
      staffId: row?.staff.id ?? '',
      reason: '',
    },
    postChecks,
    'post',
  );
  const [create, created] = useMutation(CreatePublicPostDocument, { refetchQueries: ['AdminStaff'] });
  const [update, updated] = useMutation(UpdatePublicPostDocument, { refetchQueries: ['AdminStaff'] });
  const v = form.values;
  const fields = { place: v.place.trim(), start: v.start, end: v.end, weekdays: listOf(v.weekdays).map(Number), staffId: v.staffId };
  const holders = (props.staff ?? []).filter((s) => s.postKinds.includes('PUBLIC_POST') || s.id === row?.staff.id);
  return (
    <AdminForm
      id={row ? 'post-edit' : 'post-add'}
      title={row ? `修改固定岗:${row.place}` : '新增固定岗'}
      submit={row ? '保存修改' : '新增'}
      form={form}
      result={row ? updated : created}
      done={
        row
          ? updated.data && `已保存 ${updated.data.updatePublicPost.place}`
          : created.data && `已新增 ${created.data.createPublicPost.place}`
      }
      onCancel={props.onClose}
      onSubmit={() =>
        row
          ? form.submit(() => update({ variables: { input: { id: row.id, ...fields, reason: v.reason.trim() || null } } }), updated.reset)
          : form.submit(
              () => create({ variables: { input: { idempotencyKey: form.key, communityId: props.c, ...fields } } }),
              created.reset,
              ['place'],
            )
      }
    >
      <Text name="place" label="地点" required maxLength={60} placeholder="中心广场" />
      <Text name="start" label="开始" type="time" required hint="06:00 起" />
      <Text name="end" label="结束" type="time" required hint="21:00 前" />
      <Checks name="weekdays" label="星期" options={WEEKDAYS} />
      <Choice name="staffId" label="工作人员" blank="请选择" options={staffOptions(holders)} hint="可任固定岗的在职人员" />
      {row && <Text name="reason" label="修改原因" maxLength={200} />}
    </AdminForm>
  );
}

function RemovePostForm(props: { row: Post; onClose: () => void }) {
  const form = useAdminForm({ reason: '' }, (v) => failed({ reason: v.reason?.trim() ? textError(v.reason, 1, 200) : undefined }));
  const [remove, removed] = useMutation(RemovePublicPostDocument, { refetchQueries: ['AdminStaff'] });
  return (
    <AdminForm
      id="post-remove"
      title={`撤销固定岗:${props.row.place} ${props.row.start}–${props.row.end}(${props.row.staff.name})`}
      submit="撤销"
      form={form}
      result={removed}
      done={removed.data && `已撤销 ${removed.data.removePublicPost.place}`}
      onCancel={props.onClose}
      onSubmit={() =>
        form.submit(() => remove({ variables: { id: props.row.id, reason: form.values.reason.trim() || null } }), removed.reset)
      }
    >
      <Text name="reason" label="原因(可不填)" maxLength={200} />
    </AdminForm>
  );
}

/** The Monday of the week `offset` weeks from this one (Asia/Shanghai). */
function mondayOf(offset: number): string {
  const t = today();
  const weekday = (new Date(`${t}T12:00:00Z`).getUTCDay() + 6) % 7;
  return today(offset * 7 - weekday);
}
const plusDays = (date: string, days: number) => new Date(Date.parse(`${date}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const SLOTS: [HalfDayPart, number, string][] = [
  ['AM', 1, '上午 1 号台'],
  ['AM', 2, '上午 2 号台'],
  ['PM', 1, '下午 1 号台'],
  ['PM', 2, '下午 2 号台'],
];

/** The reception rota of a week: every desk and half-day, set at once (a desk left blank is unstaffed). */
function Rota({ c, canEdit, staff }: { c: string; canEdit: boolean; staff?: readonly Staff[] | undefined }) {
  const [week, setWeek] = useState(0);
  const monday = mondayOf(week);
  const days = Array.from({ length: 7 }, (_, i) => plusDays(monday, i));
  const result = useQuery(AdminRotaDocument, {
    variables: { c, d1: days[0]!, d2: days[1]!, d3: days[2]!, d4: days[3]!, d5: days[4]!, d6: days[5]!, d7: days[6]! },
  });
  return (
    <Section
      title="接待台轮值"
      id="rota"
      result={result}
      actions={
        <span className="filters">
          <button type="button" onClick={() => setWeek(week - 1)}>
            上一周
          </button>
          <span>{monday} 起</span>
          <button type="button" onClick={() => setWeek(week + 1)}>
            下一周
          </button>
        </span>
      }
    >
      {(d) => {
        const duty = [d.d1, d.d2, d.d3, d.d4, d.d5, d.d6, d.d7].flatMap((b) => b.duty);
        // One form per week: a refetch after saving leaves the form (and its outcome) as it is.
        return <RotaForm key={monday} c={c} days={days} duty={duty} canEdit={canEdit} staff={staff} />;
      }}
    </Section>
  );
}

function RotaForm(props: {
  c: string;
  days: string[];
  duty: { date: string; part: HalfDayPart; desk: number; staff: { id: string; name: string } }[];
  canEdit: boolean;
  staff?: readonly Staff[] | undefined;
}) {
  const cell = (date: string, part: string, desk: number) => `${date}|${part}|${desk}`;
  const initial = Object.fromEntries(props.duty.map((s) => [cell(s.date, s.part, s.desk), s.staff.id]));
  const form = useAdminForm(initial, (v) => {
    // Nobody at two desks in the same half-day.
    const errors: Record<string, string> = {};
    for (const date of props.days)
      for (const part of ['AM', 'PM']) {
        const [a, b] = [v[cell(date, part, 1)], v[cell(date, part, 2)]];
        if (a && a === b) errors[cell(date, part, 2)] = '同一半天不能在两个工位 (not at both desks)';
      }
    return errors;
  });
  const [setRota, set] = useMutation(SetReceptionRotaDocument, { refetchQueries: ['AdminRota'] });
  const desks = (props.staff ?? []).filter((s) => s.postKinds.includes('RECEPTION_DESK') || props.duty.some((d) => d.staff.id === s.id));
  const names = new Map(props.duty.map((d) => [d.staff.id, d.staff.name]));
  if (!props.canEdit)
    return (
      <Table
        testId="rota"
        rows={props.days}
        rowKey={(d) => d}
        columns={[
          ['日期', (d) => d],
          ...SLOTS.map(([part, desk, l]): [string, (d: string) => string] => [
            l,
            (d) => names.get(initial[cell(d, part, desk)] ?? '') ?? '—',
          ]),
        ]}
      />
    );
  const entries = () =>
    props.days.flatMap((date) =>
      SLOTS.flatMap(([part, desk]) => {
        const staffId = form.values[cell(date, part, desk)];
        return staffId ? [{ date, part, desk, staffId }] : [];
      }),
    );
  return (
    <AdminForm
      id="rota"
      title="设置这一周的轮值(留空即该工位无人值班)"
      submit="保存轮值"
      form={form}
      result={set}
      done={set.data && `已保存,共 ${set.data.setReceptionRota.length} 个班次`}
      onSubmit={() =>
        form.submit(
          () => setRota({ variables: { input: { communityId: props.c, from: props.days[0]!, to: props.days[6]!, entries: entries() } } }),
          set.reset,
        )
      }
    >
      <div className="table-wrap rota">
        <table data-table="rota">
          <thead>
            <tr>
              <th>日期</th>
              {SLOTS.map(([, , l]) => (
                <th key={l}>{l}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.days.map((date, i) => (
              <tr key={date}>
                <td>
                  {date.slice(5)} {WEEKDAYS[i]![1]}
                </td>
                {SLOTS.map(([part, desk]) => (
                  <td key={`${part}${desk}`}>
                    <Choice
                      name={cell(date, part, desk)}
                      label={`${date} ${part === 'AM' ? '上午' : '下午'} ${desk} 号台`}
                      blank="—"
                      options={staffOptions(desks)}
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </AdminForm>
  );
}

// ——— 5. households and residents ———

const ID_NUMBER = /^\d{17}[\dXx]$/;
const householdChecks = (v: Values) =>
  failed({ address: textError(v.address, 2, 120), building: textError(v.building, 1, 30), gridId: !v.gridId && '必填 (required)' });
const residentChecks = (v: Values) =>
  failed({
    name: textError(v.name, 1, 40),
    nationalId: !ID_NUMBER.test(v.nationalId?.trim() ?? '') && '须为 18 位身份证号 (18 characters: 17 digits and a digit or X)',
    phone: v.phone?.trim() && !/^1[3-9]\d{9}$/.test(v.phone.trim()) && '须为 11 位手机号 (an 11-digit mobile number)',
  });

function HouseholdsPart({ c, canEdit }: { c: string; canEdit: boolean }) {
  const [householdId, setHouseholdId] = useState<string | null>(null);
  const { small } = useGrids(c);
  return (
    <>
      {canEdit && (
        <section className="card" data-section="household-forms" data-state="ready">
          <HouseholdForm c={c} grids={small.map((g) => [g.id, `${g.parent} · ${g.name}`])} onCreated={setHouseholdId} />
        </section>
      )}
      {householdId && <Household key={householdId} id={householdId} canEdit={canEdit} onClose={() => setHouseholdId(null)} />}
      <ResidentSearch c={c} onPick={setHouseholdId} />
    </>
  );
}

function HouseholdForm(props: { c: string; grids: [string, string][]; onCreated: (id: string) => void }) {
  const form = useAdminForm({ address: '', building: '', gridId: '' }, householdChecks, 'hh');
  const [create, created] = useMutation(CreateHouseholdDocument, { refetchQueries: ['AdminGrids'] });
  const v = form.values;
  return (
    <AdminForm
      id="household-add"
      title="新建住户"
      submit="新建"
      form={form}
      result={created}
      done={created.data && `已新建 ${created.data.createHousehold.address}`}
      onSubmit={() =>
        form.submit(
          () =>
            create({
              variables: {
                input: {
                  idempotencyKey: form.key,
                  communityId: props.c,
                  address: v.address.trim(),
                  building: v.building.trim(),
                  gridId: v.gridId,
                },
              },
            }),
          created.reset,
          ['address', 'building'],
          (answer) => answer.data && props.onCreated(answer.data.createHousehold.id),
        )
      }
    >
      <Text name="address" label="完整地址" required maxLength={120} placeholder="美湖社区3栋2单元301室" hint="本社区内唯一" />
      <Text name="building" label="楼栋" required maxLength={30} placeholder="3栋" />
      <Choice name="gridId" label="所属小网格" blank="请选择" options={props.grids} hint="不留死角:每户都在一个小网格内" />
    </AdminForm>
  );
}

function Household({ id, canEdit, onClose }: { id: string; canEdit: boolean; onClose: () => void }) {
  const result = useQuery(AdminHouseholdDocument, { variables: { id } });
  const [movingOut, setMovingOut] = useState<{ id: string; name: string } | null>(null);
  return (
    <Section
      title="住户"
      id="household"
      result={result}
      isEmpty={(d) => !d.household}
      actions={
        <button type="button" onClick={onClose}>
          收起
        </button>
      }
    >
      {(d) => (
        <>
          <p>
            <strong data-household-address>{d.household!.address}</strong> · {d.household!.building ?? '—'} ·{' '}
            {d.household!.grid?.name ?? '未入格'}
          </p>
          <Table
            testId="members"
            rows={d.household!.members}
            rowKey={(r) => r.id}
            columns={[
              ['姓名', (r) => r.name],
              ['性别', (r) => (r.gender === 'MALE' ? '男' : '女')],
              ['年龄', (r) => `${r.age} 岁`],
              ['手机(已隐藏)', (r) => masked(r.phone)],
              ['户籍', (r) => (r.hukou === 'LOCAL' ? '本地' : '外地')],
              ['标签', (r) => r.tags.map((t) => TAGS[t] ?? t).join('、') || '—'],
              ['状态', (r) => ({ ACTIVE: '在册', MOVED_OUT: '已迁出', DECEASED: '已故' })[r.status] ?? r.status],
              ...(canEdit
                ? ([
                    [
                      '操作',
                      (r: Member) =>
                        r.status === 'ACTIVE' ? (
                          <RowActions retire="登记迁出" onRetire={() => setMovingOut({ id: r.id, name: r.name })} />
                        ) : (
                          '—'
                        ),
                    ],
                  ] as [string, (r: Member) => ReactNode][])
                : []),
            ]}
          />
          {canEdit && movingOut && <MoveOutForm key={movingOut.id} resident={movingOut} onClose={() => setMovingOut(null)} />}
          {canEdit && <ResidentForm householdId={id} />}
        </>
      )}
    </Section>
  );
}

function ResidentForm({ householdId }: { householdId: string }) {
  const form = useAdminForm({ name: '', nationalId: '', phone: '', hukou: 'LOCAL', tags: '' }, residentChecks, 'res');
  const [add, added] = useMutation(AddResidentDocument, { refetchQueries: ['AdminHousehold', 'AdminResidentSearch'] });
  const v = form.values;
  return (
    <AdminForm
      id="resident-add"
      title="添加居民"
      submit="添加"
      form={form}
      result={added}
      done={added.data && `已添加 ${added.data.addResident.name}`}
      onSubmit={() =>
        form.submit(
          () =>
            add({
              variables: {
                input: {
                  idempotencyKey: form.key,
                  householdId,
                  name: v.name.trim(),
                  nationalId: v.nationalId.trim().toUpperCase(),
                  phone: v.phone.trim() || null,
                  hukou: v.hukou as Hukou,
                  tags: listOf(v.tags) as ResidentTag[],
                },
              },
            }),
          added.reset,
          ['name', 'nationalId', 'phone', 'tags'],
        )
      }
    >
      <Text name="name" label="姓名" required maxLength={40} />
      <Text name="nationalId" label="身份证号" required maxLength={18} hint="18 位,校验位与出生日期由系统核对" />
      <Text name="phone" label="手机号(可不填)" type="tel" inputMode="numeric" maxLength={11} />
      <Choice
        name="hukou"
        label="户籍"
        options={[
          ['LOCAL', '本地'],
          ['NON_LOCAL', '外地'],
        ]}
      />
      <Checks name="tags" label="标签" options={MANUAL_TAGS} hint="空巢、独居由系统按户与年龄判定" />
    </AdminForm>
  );
}

function MoveOutForm({ resident, onClose }: { resident: { id: string; name: string }; onClose: () => void }) {
  const form = useAdminForm({ date: today(), reason: '' }, (v) =>
    failed({
      date: !/^\d{4}-\d{2}-\d{2}$/.test(v.date ?? '') ? '日期格式应为 YYYY-MM-DD' : v.date! > today() && '不能晚于今天 (not in the future)',
      reason: textError(v.reason, 2, 200),
    }),
  );
  const [record, recorded] = useMutation(RecordResidentMovedOutDocument, {
    refetchQueries: ['AdminHousehold', 'AdminResidentSearch', 'AdminGrids'],
  });
  return (
    <AdminForm
      id="resident-moved-out"
      title={`登记迁出:${resident.name}`}
      submit="登记迁出"
      form={form}
      result={recorded}
      done={recorded.data && `${recorded.data.recordResidentMovedOut.name} 已登记迁出`}
      onCancel={onClose}
      onSubmit={() =>
        form.submit(
          () => record({ variables: { input: { id: resident.id, date: form.values.date, reason: form.values.reason.trim() } } }),
          recorded.reset,
        )
      }
    >
      <Text name="date" label="迁出日期" type="date" required />
      <Text name="reason" label="迁往何处或原因" required maxLength={200} />
    </AdminForm>
  );
}

/** Residents by name prefix (the graph masks their phones), each leading to its household. */
function ResidentSearch({ c, onPick }: { c: string; onPick: (householdId: string) => void }) {
  const [typed, setTyped] = useState('');
  const [prefix, setPrefix] = useState('');
  const cursor = useCursor();
  const result = useQuery(AdminResidentSearchDocument, {
    variables: { c, prefix, first: 20, after: cursor.after },
    skip: !prefix,
  });
  return (
    <section className="card" data-section="resident-search" data-state={!prefix ? 'ready' : result.loading ? 'loading' : 'ready'}>
      <header>
        <h2>查找居民</h2>
      </header>
      <form
        className="inline-form"
        data-form="resident-search"
        onSubmit={(e) => {
          e.preventDefault();
          cursor.reset();
          setPrefix(typed.trim());
        }}
      >
        <label>
          姓名开头
          <input name="prefix" value={typed} onChange={(e) => setTyped(e.target.value)} placeholder="王" />
        </label>
        <button type="submit">查找</button>
      </form>
      {prefix && (
        <Section title={`姓名以「${prefix}」开头`} id="residents" result={result} isEmpty={(d) => d.residents.totalCount === 0}>
          {(d) => (
            <>
              <Table
                testId="residents"
                rows={d.residents.nodes}
                rowKey={(r) => r.id}
                columns={[
                  ['姓名', (r) => r.name],
                  ['年龄', (r) => `${r.age} 岁`],
                  ['手机(已隐藏)', (r) => masked(r.phone)],
                  ['住址', (r) => r.household.address],
                  ['网格', (r) => r.household.grid?.name ?? '未入格'],
                  [
                    '',
                    (r) => (
                      <button type="button" className="link" onClick={() => onPick(r.household.id)}>
                        查看本户
                      </button>
                    ),
                  ],
                ]}
              />
              <Pager cursor={cursor} pageInfo={d.residents.pageInfo} total={d.residents.totalCount} pageSize={20} />
            </>
          )}
        </Section>
      )}
    </section>
  );
}

// ——— 6. grids ———

function GridsPart({ c, canEdit }: { c: string; canEdit: boolean }) {
  const { result, big } = useGrids(c);
  const staff = useStaff(c);
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);
  const [unassign, unassigned] = useMutation(UnassignGridWorkerDocument, { refetchQueries: ['AdminGrids', 'AdminStaff'] });
  const rows = big.flatMap((b) => [
    { id: b.id, name: b.name, level: 'BIG' as GridLevel, parent: '—', householdCount: b.householdCount, workers: b.workers },
    ...b.children.map((g) => ({ ...g, level: 'SMALL' as GridLevel, parent: b.name })),
  ]);
  return (
    <>
      {canEdit && (
        <section className="card" data-section="grid-forms" data-state="ready">
          {renaming ? (
            <RenameGridForm key={renaming.id} grid={renaming} onClose={() => setRenaming(null)} />
          ) : (
            <div className="form-pair">
              <CreateGridForm c={c} big={big} />
              <AssignWorkerForm grids={rows} staff={staff.data?.staffMembers} />
            </div>
          )}
        </section>
      )}
      <Section title="网格" id="grid-list" result={result} isEmpty={() => rows.length === 0}>
        {() => (
          <>
            <Table
              testId="grid-list"
              rows={rows}
              rowKey={(g) => g.id}
              columns={[
                ['网格', (g) => (g.level === 'BIG' ? <strong>{g.name}</strong> : g.name)],
                ['级别', (g) => (g.level === 'BIG' ? '大网格' : '小网格')],
                ['上级', (g) => g.parent],
                ['户数', (g) => n(g.householdCount)],
                [
                  '网格员 / 网格长',
                  (g) =>
                    g.workers.length === 0
                      ? '未配'
                      : g.workers.map((w) => (
                          <span key={w.id} className="chip">
                            {w.name}
                            {canEdit && (
                              <button
                                type="button"
                                className="link"
                                aria-label={`将${w.name}移出${g.name}`}
                                onClick={() => void unassign({ variables: { gridId: g.id, staffId: w.id } }).catch(() => undefined)}
                              >
                                ×
                              </button>
                            )}
                          </span>
                        )),
                ],
                ...(canEdit
                  ? ([['操作', (g) => <RowActions retire="" onEdit={() => setRenaming({ id: g.id, name: g.name })} />]] as [
                      string,
                      (g: (typeof rows)[number]) => ReactNode,
                    ][])
                  : []),
              ]}
            />
            {canEdit && (
              <OutcomeLine result={unassigned} done={unassigned.data && `已将其移出 ${unassigned.data.unassignGridWorker.name}`} />
            )}
          </>
        )}
      </Section>
    </>
  );
}

function OutcomeLine(props: { result: { error?: unknown; data?: unknown }; done: ReactNode }) {
  return props.result.error || props.done ? (
    <p className={props.result.error ? 'error' : 'ok'} role={props.result.error ? 'alert' : 'status'}>
      {props.result.error ? String((props.result.error as Error).message) : props.done}
    </p>
  ) : null;
}

function CreateGridForm({ c, big }: { c: string; big: readonly BigGrid[] }) {
  const form = useAdminForm({ name: '', level: 'SMALL', parentId: '' }, (v) =>
    failed({
      name: textError(v.name, 2, 40),
      parentId: v.level === 'SMALL' && !v.parentId && '小网格须指明所属大网格 (a small grid names its big grid)',
    }),
  );
  const [create, created] = useMutation(CreateGridDocument, { refetchQueries: ['AdminGrids'] });
  const v = form.values;
  return (
    <AdminForm
      id="grid-add"
      title="新建网格"
      submit="新建"
      form={form}
      result={created}
      done={created.data && `已新建 ${created.data.createGrid.name}`}
      onSubmit={() =>
        form.submit(
          () =>
            create({
              variables: {
                input: {
                  communityId: c,
                  name: v.name.trim(),
                  level: v.level as GridLevel,
                  parentId: v.level === 'SMALL' ? v.parentId : null,
                },
              },
            }),
          created.reset,
          ['name'],
        )
      }
    >
      <Text name="name" label="网格名称" required maxLength={40} hint="2–40 个字,本社区内不重名" />
      <Choice
        name="level"
        label="级别"
        options={[
          ['SMALL', '小网格'],
          ['BIG', '大网格'],
        ]}
      />
      {v.level === 'SMALL' && <Choice name="parentId" label="所属大网格" blank="请选择" options={big.map((b) => [b.id, b.name])} />}
    </AdminForm>
  );
}

function RenameGridForm({ grid, onClose }: { grid: { id: string; name: string }; onClose: () => void }) {
  const form = useAdminForm({ name: grid.name }, (v) => failed({ name: textError(v.name, 2, 40) }));
  const [rename, renamed] = useMutation(RenameGridDocument, { refetchQueries: ['AdminGrids'] });
  return (
    <AdminForm
      id="grid-rename"
      title={`网格改名:${grid.name}`}
      submit="保存"
      form={form}
      result={renamed}
      done={renamed.data && `已改名为 ${renamed.data.renameGrid.name}`}
      onCancel={onClose}
      onSubmit={() => form.submit(() => rename({ variables: { id: grid.id, name: form.values.name.trim() } }), renamed.reset)}
    >
      <Text name="name" label="新名称" required maxLength={40} />
    </AdminForm>
  );
}

function AssignWorkerForm(props: {
  grids: { id: string; name: string; level: GridLevel; parent: string }[];
  staff?: readonly Staff[] | undefined;
}) {
  const form = useAdminForm({ gridId: '', staffId: '' }, (v) =>
    failed({ gridId: !v.gridId && '必填 (required)', staffId: !v.staffId && '必填 (required)' }),
  );
  const [assign, assigned] = useMutation(AssignGridWorkerDocument, { refetchQueries: ['AdminGrids', 'AdminStaff'] });
  return (
    <AdminForm
      id="grid-assign"
      title="配备网格员 / 网格长"
      submit="配备"
      form={form}
      result={assigned}
      done={assigned.data && `已配备到 ${assigned.data.assignGridWorker.name}`}
      onSubmit={() =>
        form.submit(() => assign({ variables: { gridId: form.values.gridId, staffId: form.values.staffId } }), assigned.reset)
      }
    >
      <Choice
        name="gridId"
        label="网格"
        blank="请选择"
        options={props.grids.map((g) => [g.id, g.level === 'BIG' ? `${g.name}(大网格)` : `${g.parent} · ${g.name}`])}
      />
      <Choice
        name="staffId"
        label="工作人员"
        blank="请选择"
        options={staffOptions(props.staff)}
        hint="网格员、社工配小网格;书记、委员任大网格网格长"
      />
    </AdminForm>
  );
}

// ——— 7. organisations ———

const orgChecks = (v: Values) =>
  failed({
    name: textError(v.name, 2, 60),
    kind: !v.kind && '必填 (required)',
    contactName: textError(v.contactName, 1, 30),
    contactPhone: phoneError(v.contactPhone),
    services: listOf(v.services).length > 20 && '最多 20 项 (at most 20)',
  });

function OrganizationsPart({ c, canEdit }: { c: string; canEdit: boolean }) {
  const result = useQuery(AdminOrganizationsDocument, { variables: { c } });
  const [acting, setActing] = useState<Acting<Organization>>(null);
  return (
    <>
      {canEdit && (
        <section className="card" data-section="organization-forms" data-state="ready">
          {acting?.mode === 'edit' ? (
            <OrganizationForm key={acting.row.id} c={c} row={acting.row} onClose={() => setActing(null)} />
          ) : acting?.mode === 'retire' ? (
            <RetireForm
              key={acting.row.id}
              kind="organization"
              title={`注销组织:${acting.row.name}`}
              id={acting.row.id}
              onClose={() => setActing(null)}
            />
          ) : (
            <OrganizationForm c={c} />
          )}
        </section>
      )}
      <Section title="社会组织与共建单位" id="organizations" result={result} isEmpty={(d) => d.organizations.length === 0}>
        {(d) => (
          <Table
            testId="organizations"
            rows={d.organizations}
            rowKey={(o) => o.id}
            columns={[
              ['名称', (o) => o.name],
              ['类别', (o) => label(ORG_KINDS, o.kind)],
              ['登记', (o) => label(REGISTRATIONS, o.registration)],
              ['联系人', (o) => o.contactName ?? '—'],
              ['服务', (o) => o.services.join('、') || '—'],
              ...(canEdit
                ? ([
                    [
                      '操作',
                      (o: Organization) =>
                        o.kind === 'ELDER_CANTEEN' ? (
                          '—'
                        ) : (
                          <RowActions
                            retire="注销"
                            onEdit={() => setActing({ mode: 'edit', row: o })}
                            onRetire={() => setActing({ mode: 'retire', row: o })}
                          />
                        ),
                    ],
                  ] as [string, (o: Organization) => ReactNode][])
                : []),
            ]}
          />
        )}
      </Section>
    </>
  );
}

function OrganizationForm(props: { c: string; row?: Organization; onClose?: () => void }) {
  const { row } = props;
  const form = useAdminForm(
    {
      name: row?.name ?? '',
      kind: row?.kind ?? 'SOCIAL_ORGANIZATION',
      contactName: row?.contactName ?? '',
      contactPhone: row?.contactPhone ?? '',
      registration: row?.registration ?? 'REGISTERED',
      services: row?.services.join('、') ?? '',
      reason: '',
    },
    orgChecks,
  );
  const [register, registered] = useMutation(RegisterOrganizationDocument, { refetchQueries: ['AdminOrganizations'] });
  const [update, updated] = useMutation(UpdateOrganizationDocument, { refetchQueries: ['AdminOrganizations'] });
  const v = form.values;
  const fields = {
    name: v.name.trim(),
    kind: v.kind as OrganizationKind,
    contactName: v.contactName.trim(),
    contactPhone: v.contactPhone.replace(/\s+/g, ''),
    registration: v.registration,
    services: listOf(v.services),
  };
  return (
    <AdminForm
      id={row ? 'organization-edit' : 'organization-add'}
      title={row ? `修改组织:${row.name}` : '登记社会组织或共建单位'}
      submit={row ? '保存修改' : '登记'}
      form={form}
      result={row ? updated : registered}
      done={
        row
          ? updated.data && `已保存 ${updated.data.updateOrganization.name}`
          : registered.data && `已登记 ${registered.data.registerOrganization.name}`
      }
      onCancel={props.onClose}
      onSubmit={() =>
        row
          ? form.submit(() => update({ variables: { input: { id: row.id, ...fields, reason: v.reason.trim() || null } } }), updated.reset)
          : form.submit(() => register({ variables: { input: { communityId: props.c, ...fields } } }), registered.reset, [
              'name',
              'contactName',
              'contactPhone',
              'services',
            ])
      }
    >
      <Text name="name" label="名称" required maxLength={60} hint="2–60 个字,本社区内不重名" />
      <Choice name="kind" label="类别" options={ORG_KINDS} />
      <Choice name="registration" label="登记状态" options={REGISTRATIONS} />
      <Text name="contactName" label="联系人" required maxLength={30} />
      <Text name="contactPhone" label="联系电话" type="tel" inputMode="tel" required hint="手机号或带区号的固定电话" />
      <Text name="services" label="服务项目(用顿号分隔)" placeholder="助老、课后托管" />
      {row && <Text name="reason" label="修改原因" maxLength={200} />}
    </AdminForm>
  );
}
