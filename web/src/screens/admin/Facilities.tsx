// The community's facilities (管理 › 设施, the live map's points): filtered by type and name, a page
// at a time; adding, editing and retiring one.
import { useMutation, useQuery } from '@apollo/client/react';
import { useMemo, useState } from 'react';
import {
  AddFacilityDocument,
  AdminFacilitiesDocument,
  UpdateFacilityDocument,
  type AdminFacilitiesQuery,
  type FacilityType,
} from '../../__generated__/graphql';
import { Choice, EditOrAddForm, failed, Text, textError, useAdminForm, type Values } from '../../admin-form';
import { AdminPart } from '../../admin-part';
import { FACILITY_TYPES } from '../../format';
import { Section, Table } from '../../ui';
import { RetireForm, smallGridOptions, staffOptions, useGrids, useStaff, type Staff } from './shared';

type Facility = NonNullable<AdminFacilitiesQuery['community']>['grids'][number]['facilities'][number];
const FACILITY_STATUS: Record<string, string> = { OK: '正常', NEEDS_REPAIR: '待维修', OUT_OF_SERVICE: '停用' };

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

export default function FacilitiesPart({ c, canEdit }: { c: string; canEdit: boolean }) {
  const result = useQuery(AdminFacilitiesDocument, { variables: { c } });
  const staff = useStaff(c);
  const { small } = useGrids(c);
  const [type, setType] = useState('');
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(0);
  const all = useMemo(() => result.data?.community?.grids.flatMap((g) => g.facilities) ?? [], [result.data]);
  const shown = all.filter((f) => (!type || f.type === type) && (!search.trim() || f.name.includes(search.trim())));
  const pages = Math.max(1, Math.ceil(shown.length / PAGE));
  const at = Math.min(page, pages - 1);
  const gridOptions = smallGridOptions(small);
  return (
    <AdminPart<Facility>
      section="facility-forms"
      canEdit={canEdit}
      retire="撤除"
      form={(row, close) => <FacilityForm c={c} row={row} grids={gridOptions} staff={staff.data?.staffMembers} onClose={close} />}
      retireForm={(row, close) => <RetireForm kind="facility" title={`撤除设施:${row.name}`} id={row.id} onClose={close} />}
    >
      {(actions) => (
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
                  ...actions,
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
      )}
    </AdminPart>
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
    <EditOrAddForm
      id="facility"
      editing={!!row}
      title={`修改设施:${row?.name}`}
      addTitle="新增设施"
      form={form}
      update={{
        send: () =>
          update({
            variables: {
              input: {
                id: row!.id,
                ...fields,
                ...(v.caretakerStaffId ? { caretakerStaffId: v.caretakerStaffId } : { clearCaretaker: true }),
                reason: v.reason.trim() || null,
              },
            },
          }),
        result: updated,
        name: updated.data?.updateFacility.name,
      }}
      add={{
        send: () =>
          add({
            variables: {
              input: { idempotencyKey: form.key, communityId: props.c, ...fields, caretakerStaffId: v.caretakerStaffId || null },
            },
          }),
        result: added,
        name: added.data?.addFacility.name,
        clear: ['name', 'location.lat', 'location.lng'],
      }}
      onClose={props.onClose}
    >
      <Choice name="type" label="类型" options={FACILITY_OPTIONS} />
      <Text name="name" label="名称" required maxLength={60} hint="1–60 个字" />
      <Text name="location.lat" label="纬度" inputMode="decimal" required placeholder="30.5123" />
      <Text name="location.lng" label="经度" inputMode="decimal" required placeholder="114.3456" />
      <Choice name="gridId" label="所在网格" blank="请选择" options={props.grids} />
      <Choice name="caretakerStaffId" label="管护人" blank="(无)" options={staffOptions(props.staff)} />
      {row && <Text name="reason" label="修改原因" maxLength={200} hint="记入台账变更记录" />}
    </EditOrAddForm>
  );
}
