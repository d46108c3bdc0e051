import type { QueryShape } from '@jwh/platform';
import mongoose from 'mongoose';
import { env } from './environment.js';

/** A database command one subgraph sent, as the subgraph recorded it (shape only, no values). */
export interface RecordedShape extends QueryShape {
  subgraph: string;
  db: string;
}

/** Takes (and clears) what every subgraph recorded since the last call. */
export async function takeShapes(subgraphUrls: Record<string, string>): Promise<RecordedShape[]> {
  const all = await Promise.all(
    Object.entries(subgraphUrls).map(async ([subgraph, url]) => {
      const res = await fetch(url.replace(/\/graphql$/, '/debug/query-shapes'));
      const body = (await res.json()) as { db: string; shapes: QueryShape[] };
      return body.shapes.map((s) => ({ ...s, subgraph, db: body.db }));
    }),
  );
  return all.flat();
}

const READS = new Set(['find', 'count', 'distinct', 'aggregate']);

/**
 * Checks recorded commands against the rules of an engine without a query planner (README,
 * "Storage engines"): every filter has a top-level equality (FerretDB pushes it down; on its
 * PostgreSQL backend `explain` must say `filterPushdown`), and an index declared on the collection
 * starts with one of those equality fields (what MongoDB needs to serve it). Returns the problems,
 * each naming the collection, the command and the filter's shape.
 */
export class ShapeChecker {
  private readonly conn = mongoose.createConnection(env.MONGO_URL);
  private readonly indexes = new Map<string, string[][]>();
  private readonly explained = new Map<string, boolean>();
  private ferret: boolean | null = null;

  /** True when the engine is FerretDB (no query planner). */
  async isFerretDB(): Promise<boolean> {
    await this.conn.asPromise();
    if (this.ferret === null) {
      const info = await this.conn.getClient().db('admin').command({ buildInfo: 1 });
      this.ferret = Boolean(info.ferretdbVersion);
    }
    return this.ferret;
  }

  async problems(shapes: RecordedShape[]): Promise<string[]> {
    await this.isFerretDB();
    const out = new Set<string>();
    for (const s of shapes) {
      const name = `${s.subgraph} ${s.collection}.${s.command} { ${[...s.equality.map((f) => `${f}: =`), ...s.other].join(', ')} }`;
      const keys = await this.indexKeys(s.db, s.collection);
      if (!s.equality.length) {
        // A batch read of a bounded collection (the street's structure) is a `$in` by design; MongoDB
        // still needs an index on the field it lists.
        const listed = s.other.filter((o) => o.endsWith(':$in')).map((o) => o.slice(0, -':$in'.length));
        if (!s.bounded || !listed.length) out.add(`scan (no equality to push down): ${name}`);
        else if (!listed.every((f) => f === '_id' || keys.some((k) => k[0] === f)))
          out.add(`no declared index starts with the listed field: ${name}`);
        continue;
      }
      if (!s.equality.includes('_id') && !keys.some((k) => s.equality.includes(k[0]!)))
        out.add(`no declared index starts with an equality field: ${name}`);
      if (this.ferret && READS.has(s.command) && !(await this.pushedDown(s))) out.add(`not pushed down (explain): ${name}`);
    }
    return [...out];
  }

  private async indexKeys(db: string, collection: string): Promise<string[][]> {
    const key = `${db}.${collection}`;
    if (!this.indexes.has(key)) {
      const list = await this.conn
        .getClient()
        .db(db)
        .collection(collection)
        .indexes()
        .catch(() => []);
      this.indexes.set(
        key,
        list.map((ix) => Object.keys(ix.key)),
      );
    }
    return this.indexes.get(key)!;
  }

  private async pushedDown(s: RecordedShape): Promise<boolean> {
    const key = `${s.db}.${s.collection}:${s.skeleton}`;
    if (!this.explained.has(key)) {
      const filter = mongoose.mongo.BSON.EJSON.parse(s.skeleton) as Record<string, unknown>;
      const plan = await this.conn
        .getClient()
        .db(s.db)
        .command({ explain: { find: s.collection, filter } });
      this.explained.set(key, plan.filterPushdown === true);
    }
    return this.explained.get(key)!;
  }

  close(): Promise<void> {
    return this.conn.close();
  }
}
