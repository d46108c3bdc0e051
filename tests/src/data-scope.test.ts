// The scope matrix over data (issue 13, item 6): every root query of the supergraph, asked as each
// role of community A with every plausible argument (A's own ids and B's), selecting every object
// reachable below it to a fixed depth, must return nothing of community B, nor (for a grid worker
// or a resident) people of another grid or household. Generated from the supergraph: a new field,
// a new nested path or a new entity reference is covered without a new test.
import { DEMO_USERS, issueToken } from '@jwh/gateway/dev-keys';
import { operationCost } from '@jwh/gateway/cost';
import { stableObjectId, type Role } from '@jwh/platform';
import {
  getNamedType,
  isEnumType,
  isInterfaceType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
  parse,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
} from 'graphql';
import mongoose from 'mongoose';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { env } from './environment.js';
import { stackForTests } from './harness.js';
import { MAX_COST, literalOf, supergraph as schema } from './supergraph.js';
import { gql } from '@jwh/testkit';

const stack = stackForTests();
const id = (key: string) => String(stableObjectId(key));

const A = id('demo:community:0');
const B = id('demo:community:1');
const MY_GRID = id('demo:grid:0-0-0');
const MY_HOUSEHOLD = id('demo:household:0');

/** Depth of the selection below a root field: deep enough for root → entity → entity → entity. */
const DEPTH = 3;

/**
 * Root fields whose answer is by design not scoped to community A, with the reason. Anything not
 * listed here is checked.
 */
const NOT_SCOPED: Record<string, string> = {
  'Query.publicBoard': 'the public board of any community is public without sign-in (seed 001)',
  'Query.noticeBoard': 'the notice board of any community is answered without sign-in (seed 001; names and posts, no ids)',
  'Query.noticeBoardCommunities': 'the communities anyone may pick for the notice board: ids, names, streets',
};

/**
 * Collections whose rows are the street's, not a community's, with the reason: their ids may come
 * back to anyone (what hangs below them, an organisation's activities, is still checked).
 */
const STREET_LEVEL: Record<string, string> = {
  organizations: "the street's register of social organisations (民政 registration, services offered; no personal data)",
  alliances: 'an alliance spans communities by design: a love card of one community works at every member (seed 002)',
};

/** Ids that must not come back to each role of community A. */
interface Forbidden {
  community: Set<string>;
  /** Residents and households of A outside the grid worker's grid. */
  otherGrids: Set<string>;
  /** Residents and households of A other than the resident's own household. */
  otherHouseholds: Set<string>;
}

async function forbiddenIds(): Promise<Forbidden> {
  const conn = await mongoose.createConnection(env.MONGO_URL).asPromise();
  const f: Forbidden = { community: new Set([B]), otherGrids: new Set(), otherHouseholds: new Set() };
  try {
    const { databases } = await conn.db!.admin().listDatabases({ nameOnly: true });
    const prefix = stack.common.MONGO_DB_PREFIX!;
    for (const d of databases.filter((x) => x.name.startsWith(prefix))) {
      const db = conn.useDb(d.name).db!;
      for (const c of (await db.listCollections({}, { nameOnly: true }).toArray()).filter((x) => !STREET_LEVEL[x.name])) {
        for (const doc of await db
          .collection(c.name)
          .find({ communityId: { $in: [new mongoose.Types.ObjectId(B), B] } }, { projection: { _id: 1 } })
          .toArray()) {
          f.community.add(String(doc._id));
        }
        // Serving B and not A (an organisation, a canteen): B's too.
        for (const doc of await db
          .collection(c.name)
          .find({ communityIds: { $in: [new mongoose.Types.ObjectId(B), B] } }, { projection: { _id: 1, communityIds: 1 } })
          .toArray()) {
          if (!(doc.communityIds as unknown[]).some((x) => String(x) === A)) f.community.add(String(doc._id));
        }
      }
    }
    const people = conn.useDb(`${prefix}people_grids`).db!;
    const households = await people
      .collection('households')
      .find({ communityId: new mongoose.Types.ObjectId(A) }, { projection: { _id: 1, gridId: 1 } })
      .toArray();
    const residents = await people
      .collection('residents')
      .find({ communityId: new mongoose.Types.ObjectId(A) }, { projection: { _id: 1, gridId: 1, householdId: 1 } })
      .toArray();
    for (const x of [...households, ...residents]) {
      if (String(x.gridId) !== MY_GRID) f.otherGrids.add(String(x._id));
      const household = 'householdId' in x ? String(x.householdId) : String(x._id);
      if (household !== MY_HOUSEHOLD) f.otherHouseholds.add(String(x._id));
    }
  } finally {
    await conn.close();
  }
  assert.ok(f.community.size > 100 && f.otherGrids.size > 100 && f.otherHouseholds.size > 100, 'the demo has data on every side');
  return f;
}

/** Plausible values of an ID argument: A's own ids and B's, since a hostile caller tries both. */
const ID_CANDIDATES = [
  A,
  B,
  MY_GRID,
  id('demo:grid:1-0-0'),
  MY_HOUSEHOLD,
  id('demo:household:1'),
  id('demo:resident:0'),
  id('demo:resident:1'),
  id('demo:staff:3'),
];

/** A literal of the right shape for a non-ID required argument (enough to be answered). */
const literal = (name: string, type: GraphQLInputType): string => literalOf(name, type, literalScalar);
function literalScalar(name: string, named: string): string {
  if (name === 'period') return '"2026"';
  if (/weekOf|from|date/i.test(name)) return '"2026-11-01"';
  if (/^to$/i.test(name)) return '"2026-11-30"';
  if (named === 'Int') return name === 'first' ? '5' : '30';
  if (named === 'Float') return '30.5';
  if (named === 'Boolean') return 'true';
  return '"2026"';
}

/** The selection of `type`: ids, id-like scalars, and every object below, to `depth`. */
function selection(type: GraphQLNamedType, depth: number): string {
  if (isUnionType(type) || isInterfaceType(type)) return '{ __typename }';
  if (!isObjectType(type)) return '';
  const parts: string[] = ['__typename'];
  for (const f of Object.values(type.getFields())) {
    const named = getNamedType(f.type);
    if (isScalarType(named) || isEnumType(named)) {
      if (/^id$|Ids?$/.test(f.name) && f.args.every((a) => !isNonNullType(a.type))) parts.push(f.name);
      continue;
    }
    if (depth <= 0 || f.args.some((a) => isNonNullType(a.type) && getNamedType(a.type).name === 'ID')) continue;
    const args = f.args.filter((a) => isNonNullType(a.type) || a.name === 'first').map((a) => `${a.name}: ${literal(a.name, a.type)}`);
    const sub = selection(named, depth - 1);
    if (sub) parts.push(`${f.name}${args.length ? `(${args.join(', ')})` : ''} ${sub}`);
  }
  return `{ ${parts.join(' ')} }`;
}

/** Operations for one root field: every combination of ID candidates for its required ID arguments (at most 12). */
function operationsFor(field: GraphQLField<unknown, unknown>): string[] {
  const idArgs = field.args.filter((a) => isNonNullType(a.type) && getNamedType(a.type).name === 'ID');
  const other = field.args
    .filter((a) => (isNonNullType(a.type) && getNamedType(a.type).name !== 'ID') || a.name === 'first')
    .map((a) => `${a.name}: ${literal(a.name, a.type)}`);
  const combos =
    idArgs.length === 0
      ? [[]]
      : idArgs.length === 1
        ? ID_CANDIDATES.map((c) => [c])
        : ID_CANDIDATES.map((c, i) => idArgs.map((_, j) => (j === 0 ? c : ID_CANDIDATES[(i + j) % ID_CANDIDATES.length]!)));
  let depth = DEPTH;
  const build = (values: string[], d: number) => {
    const args = [...idArgs.map((a, i) => `${a.name}: "${values[i]}"`), ...other];
    return `query Scope { ${field.name}${args.length ? `(${args.join(', ')})` : ''} ${selection(getNamedType(field.type), d)} }`;
  };
  // Shallower where the full depth would cost more than one operation may.
  while (depth > 0 && operationCost(schema, parse(build(combos[0]!, depth))) > MAX_COST) depth--;
  return combos.map((values) => build(values, depth));
}

/** Every id in an answer, except the list of communities an organisation serves (a reference to B, not B's data). */
function idsIn(value: unknown, key = ''): string[] {
  if (typeof value === 'string') return /^[0-9a-f]{24}$/.test(value) ? [value] : [];
  if (Array.isArray(value)) return key === 'communityIds' ? [] : value.flatMap((v) => idsIn(v, key));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => idsIn(v, k));
  return [];
}

const ROLES_OF_A: { role: Role; forbidden: (f: Forbidden) => Set<string>[] }[] = [
  { role: 'COMMUNITY_STAFF', forbidden: (f) => [f.community] },
  { role: 'GRID_WORKER', forbidden: (f) => [f.community, f.otherGrids] },
  { role: 'RESIDENT', forbidden: (f) => [f.community, f.otherHouseholds] },
];

for (const { role, forbidden } of ROLES_OF_A) {
  test(`data scope: as ${role} of community A, no root query, nested path or entity reference returns community B's data or other people's`, async () => {
    const f = await forbiddenIds();
    const sets = forbidden(f);
    const fields = Object.values(schema.getQueryType()!.getFields()).filter(
      (x) => !x.name.startsWith('_') && !NOT_SCOPED[`Query.${x.name}`],
    );
    const leaks: string[] = [];
    let asked = 0;
    let idsSeen = 0;
    for (const field of fields) {
      // A token of its own per field keeps the rate limit out of the way.
      const headers = {
        authorization: `Bearer ${await issueToken(stack.keysDir, { ...DEMO_USERS[role], sub: `scope-${role}-${field.name}` })}`,
      };
      for (const query of operationsFor(field)) {
        const res = await gql(stack.gatewayUrl, query, undefined, headers);
        asked++;
        assert.ok(res.status < 500, `${field.name}: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
        for (const seen of idsIn(res.body.data)) {
          idsSeen++;
          if (sets.some((s) => s.has(seen))) leaks.push(`${field.name}: ${seen} in ${query.slice(0, 160)}`);
        }
      }
    }
    process.stdout.write(`# data scope ${role}: ${fields.length} root fields, ${asked} operations, ${idsSeen} ids checked\n`);
    assert.deepEqual([...new Set(leaks)].slice(0, 20), []);
    assert.ok(idsSeen > 100, 'the matrix saw data (it can fail)');
  });
}
