// The full demo in CI (issue 12, item 7): the `full` demo data set (2 communities, about 17,700
// residents, what `npm start` loads) once, and every B1 dashboard operation through the gateway as
// its role: no errors, and data where the demo guarantees it. Timings are the benchmark's business
// (`npm run bench -- dashboard`), not this test's; an operation that exceeds the gateway's
// per-subgraph deadline fails here as SUBGRAPH_UNAVAILABLE all the same.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ROLES } from '@jwh/platform';
import { buildSchema, parse, validate, type OperationDefinitionNode } from 'graphql';
import {
  EVERYDAY_OPERATIONS,
  README_RESIDENT_ID,
  discoverFixture,
  missingData,
  type Fixture,
  type SubgraphName,
} from './everyday-operations.js';
import { ROOT, startTestStack, stopTestStack, type Stack } from './harness.js';
import { ShapeChecker, takeShapes } from './query-shapes.js';
import { gql } from '@jwh/testkit';

let stack: Stack | undefined;
let fixture: Fixture;
const shapes = new ShapeChecker();

// One hook (not stackForTests and a second hook): the fixture needs the stack's tokens.
before(async () => {
  stack = await startTestStack({ extraEnv: { DEMO_SCALE: 'full' } });
  fixture = await discoverFixture(stack.gatewayUrl, stack.tokens);
});
after(async () => {
  await shapes.close();
  if (stack) await stopTestStack(stack);
});

/** Subgraph fetches the gateway made for operation `name` so far, per subgraph (Apollo names them `<name>__<subgraph>__<n>`). */
async function fetchesFor(name: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const [subgraph, url] of Object.entries(stack!.subgraphUrls)) {
    const text = await (await fetch(url.replace(/\/graphql$/, '/metrics'))).text();
    for (const [, operation, n] of text.matchAll(/^graphql_requests_total\{[^}]*operation="([^"]+)"[^}]*\} (\d+)/gm)) {
      if (operation!.startsWith(`${name}__`)) counts[subgraph] = (counts[subgraph] ?? 0) + Number(n);
    }
  }
  return counts;
}

test('the list: at least 20 operations, unique names, every role but none unknown, valid against the supergraph, the README query among them', () => {
  assert.ok(EVERYDAY_OPERATIONS.length >= 20, `${EVERYDAY_OPERATIONS.length} operations`);
  const names = EVERYDAY_OPERATIONS.map((op) => op.name);
  assert.equal(new Set(names).size, names.length, 'unique names');
  for (const role of ROLES)
    assert.ok(
      EVERYDAY_OPERATIONS.some((op) => op.role === role),
      `an operation for ${role}`,
    );
  const schema = buildSchema(readFileSync(join(ROOT, 'gateway/supergraph.graphql'), 'utf8'));
  for (const op of EVERYDAY_OPERATIONS) {
    assert.match(op.name, /^[A-Za-z][A-Za-z0-9]{0,39}$/, 'a metrics-safe name');
    const doc = parse(op.query);
    const definitions = doc.definitions.filter((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
    assert.deepEqual(
      definitions.map((d) => [d.operation, d.name?.value]),
      [['query', op.name]],
      `${op.name}: one query named as the operation`,
    );
    assert.deepEqual(
      validate(schema, doc).map((e) => e.message),
      [],
      `${op.name} is valid against gateway/supergraph.graphql`,
    );
  }
  const readme = EVERYDAY_OPERATIONS.find((op) => op.name === 'ReadmeFirstQuery');
  assert.equal(readme?.role, 'STREET_ADMIN');
  assert.ok(readme.query.includes(`resident(id: "${README_RESIDENT_ID}")`), "the README's first query, as `npm start` prints it");
});

for (const op of EVERYDAY_OPERATIONS) {
  test(`${op.name} (${op.anonymous ? 'anonymous' : op.role}): ${op.title}`, async () => {
    const before = await fetchesFor(op.name);
    await takeShapes(stack!.subgraphUrls);
    const { status, body } = await gql(
      stack!.gatewayUrl,
      op.query,
      op.variables(fixture),
      op.anonymous ? {} : { authorization: `Bearer ${stack!.tokens[op.role]}` },
    );
    const errors = (body.errors ?? []).map(
      (e) =>
        `${String(e.extensions?.code)}${e.extensions?.serviceName ? ` (${String(e.extensions.serviceName)})` : ''} at ${e.path?.join('.') ?? '-'}: ${e.message}`,
    );
    assert.deepEqual(errors, [], `${op.name} answered with errors`);
    assert.equal(status, 200);
    assert.ok(body.data, 'data');
    assert.deepEqual(missingData(op, body.data), [], `${op.name}: the demo has data there`);
    // The query-shape test: every command the operation caused is an equality FerretDB pushes
    // down (explain) and a declared index can serve; a scan fails with the operation and filter.
    assert.deepEqual(await shapes.problems(await takeShapes(stack!.subgraphUrls)), [], `${op.name}: database commands that scan`);
    // The subgraphs the gateway called are among those the list says (straight-to-subgraph runs rely on it).
    const after = await fetchesFor(op.name);
    const called = Object.keys(after).filter((s) => (after[s] ?? 0) > (before[s] ?? 0)) as SubgraphName[];
    assert.ok(called.includes(op.subgraphs[0]!), `${op.name} calls ${op.subgraphs[0]} (called: ${called.join(', ')})`);
    for (const s of called) assert.ok(op.subgraphs.includes(s), `${op.name} also calls ${s}: add it to its subgraphs`);
  });
}
