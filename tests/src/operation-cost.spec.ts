// The gateway's row-counting cost (gateway/src/cost.ts) against the operations users run: every
// B1 dashboard operation passes with room to spare, and the fan-outs of issue 13 (S1, S7) do not.
import { DEFAULT_PAGE, operationCost } from '@jwh/gateway/cost';
import { envShape } from '@jwh/gateway/environment';
import { buildASTSchema, parse } from 'graphql';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { EVERYDAY_OPERATIONS, type Fixture } from './everyday-operations.js';
import { CYCLE_QUERY, SEARCH_ALIASES_QUERY } from './hostile-operations.js';
import { ROOT } from './paths.js';

const schema = buildASTSchema(parse(readFileSync(join(ROOT, 'gateway/supergraph.graphql'), 'utf8')), { assumeValidSDL: true });
const MAX_COST = envShape.MAX_OPERATION_COST.parse(undefined);
const id = '0123456789abcdef01234567';
const fixture: Fixture = {
  communityId: id,
  gridId: id,
  workerId: id,
  residentId: id,
  waveId: id,
  today: '2026-11-26',
  month: '2026-11',
  year: '2026',
  weekAgo: '2026-11-19',
  sixtyDaysAgo: '2026-09-27',
};
const cost = (query: string, variables: Record<string, unknown> = {}) => operationCost(schema, parse(query), variables);

test('every B1 dashboard operation costs at most half the limit', () => {
  const costs = EVERYDAY_OPERATIONS.map((op) => ({ name: op.name, cost: cost(op.query, op.variables(fixture)) }));
  const worst = costs.reduce((a, b) => (b.cost > a.cost ? b : a));
  assert.ok(worst.cost <= MAX_COST / 2, `${worst.name} costs ${worst.cost}, limit ${MAX_COST}`);
  process.stdout.write(`# B1 costs (limit ${MAX_COST}): ${costs.map((c) => `${c.name} ${c.cost}`).join(', ')}\n`);
});

test('S1: a cyclic community → grids nesting is far over the limit', () => {
  assert.ok(cost(CYCLE_QUERY) > 1_000 * MAX_COST);
});

test('S7: fifteen aliased name searches are over the limit, one is well under', () => {
  assert.ok(cost(SEARCH_ALIASES_QUERY) > MAX_COST);
  assert.ok(cost(`{ residents(first: 1, filter: { namePrefix: "王" }) { totalCount } }`) < MAX_COST / 4);
});

test('`first` counts when it comes as a variable, and a missing `first` is the default page', () => {
  const q = `query Q($n: Int) { residents(first: $n) { nodes { id household { address } } } }`;
  assert.equal(cost(q, { n: 200 }), 1 + 200 * 2);
  assert.equal(cost(q, {}), 1 + DEFAULT_PAGE * 2);
});

test('introspection costs nothing', () => {
  assert.equal(cost(`{ __schema { types { name fields { name type { name ofType { name } } } } } }`), 0);
});
