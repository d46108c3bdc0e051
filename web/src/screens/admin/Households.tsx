// Households and residents (管理 › 住户与居民): creating a household, its members (phones masked),
// adding a resident, recording one moved out, and finding residents by name.
import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import {
  AddResidentDocument,
  AdminHouseholdDocument,
  AdminResidentSearchDocument,
  CreateHouseholdDocument,
  RecordResidentMovedOutDocument,
  type AdminHouseholdQuery,
  type Hukou,
  type ResidentTag,
} from '../../__generated__/graphql';
import { AdminForm, Checks, Choice, failed, listOf, Text, textError, useAdminForm, type Values } from '../../admin-form';
import { RowActions, type Column } from '../../admin-part';
import { TAGS, today } from '../../format';
import { Pager, Section, Table, useCursor } from '../../ui';
import { smallGridOptions, useGrids } from './shared';

type Member = NonNullable<AdminHouseholdQuery['household']>['members'][number];
/** Tags set by hand (空巢 and 独居 are derived by the graph). */
const MANUAL_TAGS = (['LOW_INCOME', 'DISABLED', 'VETERAN_FAMILY', 'RETIRED_CADRE', 'UNEMPLOYED'] as ResidentTag[]).map(
  (t): [string, string] => [t, TAGS[t] ?? t],
);
/** A phone as the graph masks it; anything that arrives unmasked is masked here too (this screen never shows one). */
const masked = (phone: string | null | undefined) =>
  !phone ? '—' : phone.includes('*') ? phone : `${phone.slice(0, 3)}****${phone.slice(-4)}`;

const ID_NUMBER = /^\d{17}[\dXx]$/;
const householdChecks = (v: Values) =>
  failed({ address: textError(v.address, 2, 120), building: textError(v.building, 1, 30), gridId: !v.gridId && '必填 (required)' });
const residentChecks = (v: Values) =>
  failed({
    name: textError(v.name, 1, 40),
    nationalId: !ID_NUMBER.test(v.nationalId?.trim() ?? '') && '须为 18 位身份证号 (18 characters: 17 digits and a digit or X)',
    phone: v.phone?.trim() && !/^1[3-9]\d{9}$/.test(v.phone.trim()) && '须为 11 位手机号 (an 11-digit mobile number)',
  });

export default function HouseholdsPart({ c, canEdit }: { c: string; canEdit: boolean }) {
  const [householdId, setHouseholdId] = useState<string | null>(null);
  const { small } = useGrids(c);
  return (
    <>
      {canEdit && (
        <section className="card" data-section="household-forms" data-state="ready">
          <HouseholdForm c={c} grids={smallGridOptions(small)} onCreated={setHouseholdId} />
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
                  ] as Column<Member>[])
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
