// Fixed posts in public places and the reception desks' rota (管理 › 固定岗与值班): adding, editing
// and removing a post; setting a week's rota at once.
import { useMutation, useQuery } from '@apollo/client/react';
import { useMemo, useState } from 'react';
import {
  AdminRotaDocument,
  CreatePublicPostDocument,
  RemovePublicPostDocument,
  SetReceptionRotaDocument,
  UpdatePublicPostDocument,
  type HalfDayPart,
} from '../../__generated__/graphql';
import { AdminForm, Checks, EditOrAddForm, Choice, failed, listOf, Text, textError, useAdminForm, type Values } from '../../admin-form';
import { AdminPart } from '../../admin-part';
import { today } from '../../format';
import { Section, Table } from '../../ui';
import { label, staffOptions, useStaff, type Staff } from './shared';

const WEEKDAYS: [string, string][] = ['一', '二', '三', '四', '五', '六', '日'].map((d, i) => [String(i + 1), `周${d}`]);

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

export default function PostsPart({ c, canEdit }: { c: string; canEdit: boolean }) {
  const staff = useStaff(c);
  const posts = useMemo(
    () =>
      (staff.data?.staffMembers ?? [])
        .flatMap((s) => s.posts.map((p): Post => ({ ...p, staff: s })))
        .sort((a, b) => a.start.localeCompare(b.start) || a.place.localeCompare(b.place)),
    [staff.data],
  );
  return (
    <AdminPart<Post>
      section="post-forms"
      canEdit={canEdit}
      retire="撤销"
      form={(row, close) => <PostForm c={c} row={row} staff={staff.data?.staffMembers} onClose={close} />}
      retireForm={(row, close) => <RemovePostForm row={row} onClose={close} />}
    >
      {(actions) => (
        <>
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
                  ...actions,
                ]}
              />
            )}
          </Section>
          <Rota c={c} canEdit={canEdit} staff={staff.data?.staffMembers} />
        </>
      )}
    </AdminPart>
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
    <EditOrAddForm
      id="post"
      editing={!!row}
      title={`修改固定岗:${row?.place}`}
      addTitle="新增固定岗"
      form={form}
      update={{
        send: () => update({ variables: { input: { id: row!.id, ...fields, reason: v.reason.trim() || null } } }),
        result: updated,
        name: updated.data?.updatePublicPost.place,
      }}
      add={{
        send: () => create({ variables: { input: { idempotencyKey: form.key, communityId: props.c, ...fields } } }),
        result: created,
        name: created.data?.createPublicPost.place,
        clear: ['place'],
      }}
      onClose={props.onClose}
    >
      <Text name="place" label="地点" required maxLength={60} placeholder="中心广场" />
      <Text name="start" label="开始" type="time" required hint="06:00 起" />
      <Text name="end" label="结束" type="time" required hint="21:00 前" />
      <Checks name="weekdays" label="星期" options={WEEKDAYS} />
      <Choice name="staffId" label="工作人员" blank="请选择" options={staffOptions(holders)} hint="可任固定岗的在职人员" />
      {row && <Text name="reason" label="修改原因" maxLength={200} />}
    </EditOrAddForm>
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
