// One area of the administration tab: which row it is acting on (none: the new form; a row: its edit
// or its retire form), the forms card that shows the form the acting state chooses, and the list's
// action column (修改 and the retire action) that sets it. Each area passes its forms and its list.
import { Fragment, useState, type ReactNode } from 'react';

export type Column<R> = [string, (r: R) => ReactNode];

/** 修改 and the retire action of a row (either may be absent). */
export function RowActions(props: { onEdit?: (() => void) | undefined; onRetire?: (() => void) | undefined; retire: string }) {
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

/** Which row a part is acting on: none (adding), editing one, or retiring one. */
type Acting<R> = { mode: 'edit' | 'retire'; row: R } | null;

export function AdminPart<R extends { id: string }>(props: {
  /** The forms card's `data-section`. */
  section: string;
  canEdit: boolean;
  /** The retire action's label in the list (离职, 撤除, …). */
  retire?: string;
  /** The new form (no row) or a row's edit form, with `close` to go back to the new form. */
  form: (row?: R, close?: () => void) => ReactNode;
  /** A row's retire form; without it, rows have no retire action. */
  retireForm?: (row: R, close: () => void) => ReactNode;
  /** Whether a row can be acted on at all (else its action cell is —). */
  actionable?: (row: R) => boolean;
  /** The list, given the action column to append to its columns (none when the user cannot edit). */
  children: (actions: Column<R>[]) => ReactNode;
}) {
  const [acting, setActing] = useState<Acting<R>>(null);
  const close = () => setActing(null);
  const { retireForm, actionable } = props;
  const actions: Column<R>[] = props.canEdit
    ? [
        [
          '操作',
          (r) =>
            actionable && !actionable(r) ? (
              '—'
            ) : (
              <RowActions
                retire={props.retire ?? ''}
                onEdit={() => setActing({ mode: 'edit', row: r })}
                onRetire={retireForm && (() => setActing({ mode: 'retire', row: r }))}
              />
            ),
        ],
      ]
    : [];
  return (
    <>
      {props.canEdit && (
        <section className="card" data-section={props.section} data-state="ready">
          <Fragment key={acting ? `${acting.mode}:${acting.row.id}` : 'new'}>
            {acting?.mode === 'edit'
              ? props.form(acting.row, close)
              : acting?.mode === 'retire' && retireForm
                ? retireForm(acting.row, close)
                : props.form()}
          </Fragment>
        </section>
      )}
      {props.children(actions)}
    </>
  );
}
