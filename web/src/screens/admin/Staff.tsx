// The staff of the community (管理 › 工作人员): who they are, their grids and posts, adding, editing
// and a member's leaving with the handover of what they hold.
import { useMutation } from '@apollo/client/react';
import {
  AddStaffMemberDocument,
  StaffLeavesDocument,
  UpdateStaffMemberDocument,
  type StaffPostKind,
  type StaffRole,
} from '../../__generated__/graphql';
import {
  AdminForm,
  Checks,
  EditOrAddForm,
  Choice,
  failed,
  listOf,
  phoneError,
  Text,
  textError,
  useAdminForm,
  type Values,
} from '../../admin-form';
import { AdminPart } from '../../admin-part';
import { n, STAFF_ROLES } from '../../format';
import { Section, Table } from '../../ui';
import { label, smallGridOptions, staffOptions, useGrids, useStaff, type BigGrid, type Staff } from './shared';

const ROLE_OPTIONS = Object.entries(STAFF_ROLES) as [StaffRole, string][];
const POST_KINDS: [StaffPostKind, string][] = [
  ['PUBLIC_POST', '固定岗'],
  ['RECEPTION_DESK', '接待台'],
];

const staffChecks = (adding: boolean) => (v: Values) =>
  failed({
    ...(adding && { name: textError(v.name, 2, 20) }),
    role: !v.role && '必填 (required)',
    dutyPhone: phoneError(v.dutyPhone),
  });

export default function StaffPart({ c, canEdit }: { c: string; canEdit: boolean }) {
  const staff = useStaff(c);
  const { big, small } = useGrids(c);
  return (
    <AdminPart<Staff>
      section="staff-forms"
      canEdit={canEdit}
      retire="离职"
      form={(row, close) => <StaffForm c={c} row={row} big={big} small={small} onClose={close} />}
      retireForm={(row, close) => <StaffLeaveForm row={row} staff={staff.data?.staffMembers ?? []} onClose={close} />}
    >
      {(actions) => (
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
                ...actions,
              ]}
            />
          )}
        </Section>
      )}
    </AdminPart>
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
  const gridOptions: [string, string][] = bigRole ? props.big.map((g) => [g.id, `${g.name}(大网格)`]) : smallGridOptions(props.small);
  // Grids of the other level than the role's are dropped when the role changes.
  const gridIds = listOf(v.gridIds).filter((id) => gridOptions.some(([g]) => g === id));
  const fields = { role: v.role as StaffRole, dutyPhone: v.dutyPhone.trim(), gridIds, postKinds: listOf(v.postKinds) as StaffPostKind[] };
  return (
    <EditOrAddForm
      id="staff"
      editing={!!row}
      title={`修改工作人员:${row?.name}`}
      addTitle="新增工作人员"
      form={form}
      update={{
        send: () => update({ variables: { input: { id: row!.id, ...fields } } }),
        result: updated,
        name: updated.data?.updateStaffMember.name,
      }}
      add={{
        send: () => add({ variables: { input: { idempotencyKey: form.key, communityId: props.c, name: v.name.trim(), ...fields } } }),
        result: added,
        name: added.data?.addStaffMember.name,
        clear: ['name', 'dutyPhone', 'gridIds', 'postKinds'],
      }}
      onClose={props.onClose}
    >
      {!row && <Text name="name" label="姓名" required maxLength={20} hint="2–20 个字" />}
      <Choice name="role" label="职务" options={ROLE_OPTIONS} />
      <Text name="dutyPhone" label="值班电话" type="tel" inputMode="tel" required hint="手机号或带区号的固定电话" />
      <Checks name="gridIds" label={bigRole ? '负责的大网格(网格长)' : '负责的小网格'} options={gridOptions} />
      <Checks name="postKinds" label="可担任" options={POST_KINDS} />
    </EditOrAddForm>
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
