// What the administration's areas share: the staff and grid reads, their options for the forms, and
// the retire form of a facility, a room or an organisation.
import { useMutation, useQuery } from '@apollo/client/react';
import { useMemo } from 'react';
import {
  AdminGridsDocument,
  AdminStaffDocument,
  RetireFacilityDocument,
  RetireOrganizationDocument,
  RetireRoomDocument,
  type AdminGridsQuery,
  type AdminStaffQuery,
} from '../../__generated__/graphql';
import { AdminForm, failed, Text, textError, useAdminForm } from '../../admin-form';
import { STAFF_ROLES } from '../../format';

export type Staff = AdminStaffQuery['staffMembers'][number];
export type BigGrid = NonNullable<AdminGridsQuery['community']>['grids'][number];

/** The label of `value` among `pairs` (the value itself when it has none). */
export const label = (pairs: readonly [string, string][], value: string) => pairs.find(([v]) => v === value)?.[1] ?? value;

export function useStaff(c: string) {
  return useQuery(AdminStaffDocument, { variables: { c } });
}
export function useGrids(c: string) {
  const result = useQuery(AdminGridsDocument, { variables: { c } });
  const big = useMemo(() => result.data?.community?.grids ?? [], [result.data]);
  const small = useMemo(() => big.flatMap((b) => b.children.map((g) => ({ ...g, parent: b.name }))), [big]);
  return { result, big, small };
}
export const staffOptions = (staff: readonly Staff[] | undefined): [string, string][] =>
  (staff ?? []).map((s) => [s.id, `${s.name}(${STAFF_ROLES[s.role] ?? s.role})`]);
/** Small grids as options: `大网格 · 小网格`. */
export const smallGridOptions = (small: readonly { id: string; name: string; parent: string }[]): [string, string][] =>
  small.map((g) => [g.id, `${g.parent} · ${g.name}`]);

/** Retiring a facility, a room or an organisation: a reason of 2–200 characters. */
export function RetireForm(props: { kind: 'facility' | 'room' | 'organization'; title: string; id: string; onClose: () => void }) {
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
