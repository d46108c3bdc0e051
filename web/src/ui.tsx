// The app's building blocks: a section with its own query (loading, empty and error states; a
// subgraph that is down names the part missing while the rest of the page shows), tables with the
// graph's cursors, figures.
import { CombinedGraphQLErrors, type ErrorLike } from '@apollo/client';
import { useState, type ReactNode } from 'react';

const PARTS: Record<string, string> = {
  'people-grids': '人口与网格',
  'service-matters': '服务事项',
  volunteers: '志愿者与社会组织',
  evaluations: '测评',
};

/** What went wrong, in words a user can act on: the part of the system that is missing, or the graph's own message. */
export function describeError(error: ErrorLike | undefined): string[] {
  if (!error) return [];
  if (CombinedGraphQLErrors.is(error))
    return error.errors.map((e) => {
      const part = PARTS[String(e.extensions?.serviceName ?? '')];
      if (e.extensions?.code === 'SUBGRAPH_UNAVAILABLE' && part)
        return `「${part}」暂时无法访问,本部分数据缺失 (${String(e.extensions.serviceName)} unavailable)`;
      if (e.extensions?.code === 'FORBIDDEN') return `无权查看 (${e.message})`;
      if (e.extensions?.code === 'UNAUTHENTICATED') return '登录已失效,请重新登录 (sign in again)';
      return e.message;
    });
  return [`无法连接服务器 (${error.message})`];
}

interface QueryState<T> {
  data?: T | undefined;
  loading: boolean;
  error?: ErrorLike | undefined;
}

/** A titled part of a screen with its own query: each part loads, fails and is empty on its own. */
export function Section<T>(props: {
  title: string;
  id: string;
  result: QueryState<T>;
  isEmpty?: (data: T) => boolean;
  actions?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  const { data, loading, error } = props.result;
  const problems = describeError(error);
  const state = loading && !data ? 'loading' : !data ? 'error' : props.isEmpty?.(data) ? 'empty' : 'ready';
  return (
    <section className="card" data-section={props.id} data-state={state} aria-busy={state === 'loading'}>
      <header>
        <h2>{props.title}</h2>
        {props.actions}
      </header>
      {problems.length > 0 && (
        <div className={data ? 'warn' : 'error'} role="alert">
          {problems.map((p, i) => (
            <p key={i}>{p}</p>
          ))}
        </div>
      )}
      {state === 'loading' && <p className="muted">加载中…</p>}
      {state === 'empty' && <p className="muted">暂无数据</p>}
      {state === 'ready' && data && props.children(data)}
    </section>
  );
}

export function Figure(props: { label: string; value: ReactNode; hint?: string; testId?: string }) {
  return (
    <div className="figure" data-figure={props.testId}>
      <div className="value">{props.value}</div>
      <div className="label">{props.label}</div>
      {props.hint && <div className="hint">{props.hint}</div>}
    </div>
  );
}

export function Table<R>(props: {
  rows: readonly R[];
  columns: [string, (r: R) => ReactNode][];
  rowKey: (r: R, i: number) => string;
  testId?: string;
}) {
  return (
    <div className="table-wrap">
      <table data-table={props.testId}>
        <thead>
          <tr>
            {props.columns.map(([h]) => (
              <th key={h}>{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r, i) => (
            <tr key={props.rowKey(r, i)}>
              {props.columns.map(([h, cell]) => (
                <td key={h}>{cell(r)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The graph's cursor pages: the cursor of each page seen, so 上一页 returns exactly where it was. */
export function useCursor() {
  const [stack, setStack] = useState<(string | null)[]>([null]);
  return {
    after: stack[stack.length - 1] ?? null,
    page: stack.length,
    next: (cursor: string | null | undefined) => cursor && setStack((s) => [...s, cursor]),
    prev: () => setStack((s) => (s.length > 1 ? s.slice(0, -1) : s)),
    reset: () => setStack([null]),
  };
}

export function Pager(props: {
  cursor: ReturnType<typeof useCursor>;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
  total?: number;
  pageSize: number;
}) {
  const { cursor, pageInfo, total } = props;
  const pages = total == null ? null : Math.max(1, Math.ceil(total / props.pageSize));
  return (
    <nav className="pager" aria-label="分页">
      <button type="button" onClick={cursor.prev} disabled={cursor.page === 1}>
        上一页
      </button>
      <span data-page={cursor.page}>
        第 {cursor.page} 页{pages ? ` / 共 ${pages} 页` : ''}
        {total != null ? `(${total} 条)` : ''}
      </span>
      <button type="button" onClick={() => cursor.next(pageInfo.endCursor)} disabled={!pageInfo.hasNextPage}>
        下一页
      </button>
    </nav>
  );
}

export function Tags(props: { tags: readonly string[]; names: Record<string, string> }) {
  return (
    <span className="tags">
      {props.tags.map((t) => (
        <span key={t} className="tag">
          {props.names[t] ?? t}
        </span>
      ))}
    </span>
  );
}

/** A mutation's outcome under its form: done, or the graph's refusal naming the field. */
export function Outcome(props: { error?: ErrorLike | undefined; done?: ReactNode }) {
  const problems = describeError(props.error);
  if (problems.length)
    return (
      <div className="error" role="alert">
        {problems.map((p, i) => (
          <p key={i}>{p}</p>
        ))}
      </div>
    );
  return props.done ? (
    <p className="ok" role="status">
      {props.done}
    </p>
  ) : null;
}
