// The community's rooms (管理 › 场地, kept by the community's staff): adding, editing, retiring one.
import { useMutation, useQuery } from '@apollo/client/react';
import {
  AdminRoomsDocument,
  CreateRoomDocument,
  UpdateRoomDocument,
  type AdminRoomsQuery,
  type RoomKind,
} from '../../__generated__/graphql';
import { Choice, EditOrAddForm, failed, intError, listOf, Text, textError, useAdminForm, type Values } from '../../admin-form';
import { AdminPart } from '../../admin-part';
import { Section, Table } from '../../ui';
import { label, RetireForm } from './shared';

type Room = AdminRoomsQuery['rooms'][number];
const ROOM_KINDS: [RoomKind, string][] = [
  ['ACTIVITY', '活动室'],
  ['READING', '阅览室'],
  ['TALK', '谈心室'],
  ['MULTI_PURPOSE', '多功能室'],
];

const roomChecks = (v: Values) =>
  failed({ name: textError(v.name, 2, 30), kind: !v.kind && '必填 (required)', capacity: intError(v.capacity, 1, 500) });

export default function RoomsPart({ c, canEdit }: { c: string; canEdit: boolean }) {
  const result = useQuery(AdminRoomsDocument, { variables: { c } });
  return (
    <AdminPart<Room>
      section="room-forms"
      canEdit={canEdit}
      retire="停用"
      form={(row, close) => <RoomForm c={c} row={row} onClose={close} />}
      retireForm={(row, close) => <RetireForm kind="room" title={`停用场地:${row.name}`} id={row.id} onClose={close} />}
    >
      {(actions) => (
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
                ...actions,
              ]}
            />
          )}
        </Section>
      )}
    </AdminPart>
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
    <EditOrAddForm
      id="room"
      editing={!!row}
      title={`修改场地:${row?.name}`}
      addTitle="新增场地"
      form={form}
      update={{
        send: () => update({ variables: { input: { id: row!.id, ...fields, reason: v.reason.trim() || null } } }),
        result: updated,
        name: updated.data?.updateRoom.name,
      }}
      add={{
        send: () => create({ variables: { input: { communityId: props.c, ...fields } } }),
        result: created,
        name: created.data?.createRoom.name,
        clear: ['name', 'capacity', 'equipment'],
      }}
      onClose={props.onClose}
    >
      <Text name="name" label="场地名称" required maxLength={30} hint="2–30 个字,本社区内不重名" />
      <Choice name="kind" label="类型" options={ROOM_KINDS} />
      <Text name="capacity" label="容纳人数" type="number" inputMode="numeric" required hint="1–500" />
      <Text name="equipment" label="设备(用顿号分隔)" placeholder="镜子、钢琴" />
      {row && <Text name="reason" label="修改原因" maxLength={200} />}
    </EditOrAddForm>
  );
}
