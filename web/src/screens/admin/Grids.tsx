// The community's grids (管理 › 网格): big grids and their small ones, their households and workers;
// creating and renaming a grid, assigning and unassigning its workers.
import { useMutation } from '@apollo/client/react';
import type { ReactNode } from 'react';
import {
  AssignGridWorkerDocument,
  CreateGridDocument,
  RenameGridDocument,
  UnassignGridWorkerDocument,
  type GridLevel,
} from '../../__generated__/graphql';
import { AdminForm, Choice, failed, Text, textError, useAdminForm } from '../../admin-form';
import { AdminPart } from '../../admin-part';
import { n } from '../../format';
import { Section, Table } from '../../ui';
import { staffOptions, useGrids, useStaff, type BigGrid, type Staff } from './shared';

export default function GridsPart({ c, canEdit }: { c: string; canEdit: boolean }) {
  const { result, big } = useGrids(c);
  const staff = useStaff(c);
  const [unassign, unassigned] = useMutation(UnassignGridWorkerDocument, { refetchQueries: ['AdminGrids', 'AdminStaff'] });
  const rows = big.flatMap((b) => [
    { id: b.id, name: b.name, level: 'BIG' as GridLevel, parent: '—', householdCount: b.householdCount, workers: b.workers },
    ...b.children.map((g) => ({ ...g, level: 'SMALL' as GridLevel, parent: b.name })),
  ]);
  return (
    <AdminPart<(typeof rows)[number]>
      section="grid-forms"
      canEdit={canEdit}
      form={(row, close) =>
        row ? (
          <RenameGridForm grid={row} onClose={close} />
        ) : (
          <div className="form-pair">
            <CreateGridForm c={c} big={big} />
            <AssignWorkerForm grids={rows} staff={staff.data?.staffMembers} />
          </div>
        )
      }
    >
      {(actions) => (
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
                  ...actions,
                ]}
              />
              {canEdit && (
                <OutcomeLine result={unassigned} done={unassigned.data && `已将其移出 ${unassigned.data.unassignGridWorker.name}`} />
              )}
            </>
          )}
        </Section>
      )}
    </AdminPart>
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

function RenameGridForm({ grid, onClose }: { grid: { id: string; name: string }; onClose?: (() => void) | undefined }) {
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
