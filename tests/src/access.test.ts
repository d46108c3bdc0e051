import { rotateDevKey, issueToken, DEMO_USERS } from '@jwh/gateway/dev-keys';
import { ROLES, containsPii, isAllowed } from '@jwh/platform';
import { getNamedType, isNonNullType, isObjectType, isScalarType, type GraphQLField, type GraphQLInputType } from 'graphql';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { as, logsOf, stackForTests } from './harness.js';
import { POLICY, literalOf, supergraph } from './supergraph.js';
import { gql, demoId as id } from '@jwh/testkit';

const stack = stackForTests();

/** A literal of the right shape for a required argument or input field: enough to reach the access rule. */
const sample = (name: string, type: GraphQLInputType): string => literalOf(name, type, sampleScalar);
function sampleScalar(name: string, named: string): string {
  if (name === 'period') return '"2026-Q3"';
  if (name === 'purpose' || name === 'reason') return '"核对低保申请材料"';
  if (name === 'nationalId') return '"110105194912310021"';
  if (/date|weekOf|from|to/i.test(name) && named === 'String') return '"2026-11-16"';
  if (named === 'LocalDate') return '"2026-11-16"';
  if (named === 'DateTime') return '"2026-11-16T01:00:00.000Z"';
  if (name === 'idempotencyKey') return `"matrix-${Date.now()}-${Math.random()}"`;
  if (named === 'ID') return `"${id(name === 'communityId' ? 'demo:community:0' : 'demo:resident:0')}"`;
  if (named === 'Int') return '1';
  if (named === 'Float') return '30.5';
  if (named === 'Boolean') return 'true';
  return '"x"';
}

function operationFor(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>): string {
  const args = field.args.filter((a) => isNonNullType(a.type)).map((a) => `${a.name}: ${sample(a.name, a.type)}`);
  const named = getNamedType(field.type);
  const selection = isObjectType(named) ? ' { __typename }' : isScalarType(named) ? '' : ' { __typename }';
  return `${kind} { ${field.name}${args.length ? `(${args.join(', ')})` : ''}${selection} }`;
}

const ROOT_FIELDS = (['query', 'mutation'] as const).flatMap((kind) => {
  const type = kind === 'query' ? supergraph.getQueryType() : supergraph.getMutationType();
  return Object.values(type?.getFields() ?? {}).map((field) => ({
    kind,
    field,
    coord: `${kind === 'query' ? 'Query' : 'Mutation'}.${field.name}`,
  }));
});

test('every query and mutation of the graph has an access rule', () => {
  assert.ok(ROOT_FIELDS.length >= 10);
  const missing = ROOT_FIELDS.filter((f) => !POLICY[f.coord]).map((f) => f.coord);
  assert.deepEqual(missing, [], 'a root field without a rule');
});

test('authorization matrix: every role × every root field is allowed or denied as declared', async () => {
  const failures: string[] = [];
  let checked = 0;
  for (const { kind, field, coord } of ROOT_FIELDS) {
    const rule = POLICY[coord]!;
    const operation = operationFor(kind, field);
    for (const role of ROLES) {
      const { body } = await gql(stack.gatewayUrl, operation, undefined, as(stack, role));
      const codes = (body.errors ?? []).map((e) => e.extensions?.code);
      const denied = codes.includes('FORBIDDEN');
      checked++;
      if (isAllowed(rule, role) && (denied || codes.includes('UNAUTHENTICATED')))
        failures.push(`${role} ${coord}: expected allowed, got ${JSON.stringify(body.errors)}`);
      if (!isAllowed(rule, role) && (!denied || (body.data && (body.data as Record<string, unknown>)[field.name] != null))) {
        failures.push(`${role} ${coord}: expected FORBIDDEN, got ${JSON.stringify(body)}`);
      }
    }
    const anonymous = await gql(stack.gatewayUrl, operation);
    if (rule.public) {
      if (anonymous.status !== 200 || anonymous.body.errors)
        failures.push(`anonymous ${coord}: expected public, got ${JSON.stringify(anonymous.body)}`);
    } else if (anonymous.status !== 401 || anonymous.body.errors?.[0]?.extensions?.code !== 'UNAUTHENTICATED')
      failures.push(`anonymous ${coord}: ${anonymous.status}`);
  }
  assert.deepEqual(failures, []);
  assert.equal(checked, ROOT_FIELDS.length * ROLES.length);
});

test('personal-data fields are masked, or revealed with a purpose and logged, as declared', async () => {
  const resident0 = id('demo:resident:0');
  const q = `query ($id: ID!, $purpose: String) { resident(id: $id) { name phone(purpose: $purpose) nationalId(purpose: $purpose) } }`;
  const masked = await gql(stack.gatewayUrl, q, { id: resident0 }, as(stack, 'STREET_ADMIN'));
  assert.match(masked.body.data.resident.phone, /^1\d{2}\*{4}\d{4}$/);
  assert.match(masked.body.data.resident.nationalId, /^\d{6}\*{8}[\dX]{4}$/);

  const requestId = `e2e-${Date.now()}-pii`;
  const purpose = '入户核对低保申请材料';
  const revealed = await gql(stack.gatewayUrl, q, { id: resident0, purpose }, { ...as(stack, 'STREET_ADMIN'), 'x-request-id': requestId });
  assert.match(revealed.body.data.resident.phone, /^1[3-9]\d{9}$/);
  assert.match(revealed.body.data.resident.nationalId, /^\d{17}[\dX]$/);

  const log = await gql(
    stack.gatewayUrl,
    `query ($r: ID) { piiAccessLog(residentId: $r, first: 50) { totalCount nodes { actor role residentId field purpose requestId at } } }`,
    { r: resident0 },
    as(stack, 'STREET_ADMIN'),
  );
  const entries = log.body.data.piiAccessLog.nodes.filter((n: { requestId: string }) => n.requestId === requestId);
  assert.deepEqual(entries.map((e: { field: string }) => e.field).sort(), ['nationalId', 'phone']);
  for (const e of entries) {
    assert.equal(e.actor, DEMO_USERS.STREET_ADMIN.sub);
    assert.equal(e.role, 'STREET_ADMIN');
    assert.equal(e.residentId, resident0);
    assert.equal(e.purpose, purpose);
  }

  const noReason = await gql(stack.gatewayUrl, q, { id: resident0, purpose: '看看' }, as(stack, 'STREET_ADMIN'));
  assert.equal(noReason.body.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
  assert.equal(noReason.body.errors?.[0]?.extensions?.field, 'purpose');

  const own = await gql(stack.gatewayUrl, q, { id: resident0 }, as(stack, 'RESIDENT'));
  assert.match(own.body.data.resident.phone, /^1[3-9]\d{9}$/, 'a resident sees their own record');

  const byId = await gql(
    stack.gatewayUrl,
    `query ($n: String!) { residentByNationalId(nationalId: $n, purpose: "核对身份") { id } }`,
    { n: revealed.body.data.resident.nationalId },
    as(stack, 'STREET_ADMIN'),
  );
  assert.equal(byId.body.data.residentByNationalId.id, resident0, 'found through the keyed hash');

  const partnerLog = await gql(stack.gatewayUrl, `{ piiAccessLog { totalCount } }`, undefined, as(stack, 'COMMUNITY_STAFF'));
  assert.equal(partnerLog.body.errors?.[0]?.extensions?.code, 'FORBIDDEN');
});

test('a grid worker paging through another grid gets nothing from it', async () => {
  const ownGrid = id('demo:grid:0-0-0');
  const otherGrid = id('demo:grid:0-0-1');
  const other = await gql(
    stack.gatewayUrl,
    `query ($g: ID) { residents(first: 200, filter: { gridId: $g }) { totalCount nodes { id } } }`,
    { g: otherGrid },
    as(stack, 'GRID_WORKER'),
  );
  assert.deepEqual(other.body.data.residents, { totalCount: 0, nodes: [] });

  const seen: string[] = [];
  let after: string | null = null;
  let total = 0;
  do {
    const page: any = await gql(
      stack.gatewayUrl,
      `query ($after: String) { residents(first: 7, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { id household { grid { id } } } } }`,
      { after },
      as(stack, 'GRID_WORKER'),
    );
    const r = page.body.data.residents;
    total = r.totalCount;
    for (const n of r.nodes) {
      assert.equal(n.household.grid.id, ownGrid);
      seen.push(n.id);
    }
    after = r.pageInfo.hasNextPage ? r.pageInfo.endCursor : null;
  } while (after);
  assert.equal(seen.length, total);
  assert.ok(total > 12, 'the worker sees its own grid');

  // A resident of another grid, found as the street admin.
  const elsewhere = await gql(
    stack.gatewayUrl,
    `query ($g: ID) { residents(first: 1, filter: { gridId: $g }) { nodes { id } } }`,
    { g: otherGrid },
    as(stack, 'STREET_ADMIN'),
  );
  const neighbourId = elsewhere.body.data.residents.nodes[0].id;
  const neighbour = await gql(
    stack.gatewayUrl,
    `query ($id: ID!) { resident(id: $id) { name } }`,
    { id: neighbourId },
    as(stack, 'GRID_WORKER'),
  );
  assert.equal(neighbour.body.data.resident, null);
  // The worker of the next grid asks for a request of this one.
  const nextWorker = await issueToken(stack.keysDir, {
    ...DEMO_USERS.GRID_WORKER,
    sub: 'demo-grid-worker-2',
    staff_id: id('demo:staff:5'),
    grid_ids: [otherGrid],
  });
  const request = await gql(
    stack.gatewayUrl,
    `query ($id: ID!) { serviceRequest(id: $id) { id } }`,
    { id: id('demo:service-request:0') },
    { authorization: `Bearer ${nextWorker}` },
  );
  assert.equal(request.body.data.serviceRequest, null);
  const ownRequest = await gql(
    stack.gatewayUrl,
    `query ($id: ID!) { serviceRequest(id: $id) { id } }`,
    { id: id('demo:service-request:0') },
    as(stack, 'GRID_WORKER'),
  );
  assert.equal(ownRequest.body.data.serviceRequest.id, id('demo:service-request:0'));
});

test('a resident asking for a neighbour, and a partner guessing ids, get nothing', async () => {
  const q = `query ($id: ID!) { resident(id: $id) { name phone } }`;
  const neighbour = await gql(stack.gatewayUrl, q, { id: id('demo:resident:2') }, as(stack, 'RESIDENT'));
  assert.equal(neighbour.body.data.resident, null);
  const housemate = await gql(stack.gatewayUrl, q, { id: id('demo:resident:1') }, as(stack, 'RESIDENT'));
  assert.ok(housemate.body.data.resident.name, 'the own household is visible');
  const list = await gql(stack.gatewayUrl, `{ residents { totalCount } }`, undefined, as(stack, 'RESIDENT'));
  assert.equal(list.body.errors?.[0]?.extensions?.code, 'FORBIDDEN');
  assert.equal(list.body.data, null);

  for (const [query, vars] of [
    [q, { id: id('demo:resident:0') }],
    [`query ($id: ID!) { serviceRequest(id: $id) { id } }`, { id: id('demo:service-request:0') }],
    [`{ volunteers { totalCount } }`, undefined],
  ] as const) {
    const guess = await gql(stack.gatewayUrl, query, vars, as(stack, 'PARTNER'));
    assert.equal(guess.body.errors?.[0]?.extensions?.code, 'FORBIDDEN', query);
    assert.ok(!guess.body.data || Object.values(guess.body.data).every((v) => v === null));
  }
});

test('community staff see their own community only, in lists and counts', async () => {
  const q = `{ residents(first: 200) { totalCount nodes { household { community { id } } } } communities { id } }`;
  const staff = await gql(stack.gatewayUrl, q, undefined, as(stack, 'COMMUNITY_STAFF'));
  const admin = await gql(stack.gatewayUrl, q, undefined, as(stack, 'STREET_ADMIN'));
  assert.deepEqual(staff.body.data.communities, [{ id: id('demo:community:0') }]);
  assert.equal(admin.body.data.communities.length, 2);
  assert.ok(staff.body.data.residents.nodes.every((n: any) => n.household.community.id === id('demo:community:0')));
  assert.ok(staff.body.data.residents.totalCount < admin.body.data.residents.totalCount);
});

test('ops see no personal data at all', async () => {
  for (const query of [
    `{ residents { totalCount } }`,
    `query { resident(id: "${id('demo:resident:0')}") { name } }`,
    `{ surveyResponses(period: "2026-Q3") { id } }`,
  ]) {
    const r = await gql(stack.gatewayUrl, query, undefined, as(stack, 'OPS'));
    assert.equal(r.body.errors?.[0]?.extensions?.code, 'FORBIDDEN', query);
  }
});

test('a bad or forged token is refused with 401; a rotated key works without a restart', async () => {
  const forged = `${stack.tokens.STREET_ADMIN.slice(0, -4)}AAAA`;
  const bad = await gql(stack.gatewayUrl, `{ serviceTypes { code } }`, undefined, { authorization: `Bearer ${forged}` });
  assert.equal(bad.status, 401);
  assert.equal(bad.body.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED');

  await rotateDevKey(stack.keysDir);
  const fresh = await issueToken(stack.keysDir, DEMO_USERS.OPS);
  const ok = await gql(stack.gatewayUrl, `{ serviceTypes { code } }`, undefined, { authorization: `Bearer ${fresh}` });
  assert.equal(ok.body.errors, undefined);
  const old = await gql(stack.gatewayUrl, `{ serviceTypes { code } }`, undefined, as(stack, 'OPS'));
  assert.equal(old.body.errors, undefined, 'tokens of the previous key stay valid');
});

test('operation limits: depth, aliases, page size and batches are refused', async () => {
  const deep = `{ communities { grids { children { parent { children { community { grids { children { parent { community { grids { children { name } } } } } } } } } } } } }`;
  const d = await gql(stack.gatewayUrl, deep, undefined, as(stack, 'STREET_ADMIN'));
  assert.match(JSON.stringify(d.body.errors), /depth/i);
  const aliases = `{ ${Array.from({ length: 20 }, (_, i) => `a${i}: serviceTypes { code }`).join(' ')} }`;
  const a = await gql(stack.gatewayUrl, aliases, undefined, as(stack, 'STREET_ADMIN'));
  assert.match(JSON.stringify(a.body.errors), /alias/i);
  const big = await gql(stack.gatewayUrl, `{ residents(first: 201) { totalCount } }`, undefined, as(stack, 'STREET_ADMIN'));
  assert.equal(big.body.errors?.[0]?.extensions?.field, 'first');
  const batch = await fetch(stack.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...as(stack, 'STREET_ADMIN') },
    body: JSON.stringify([{ query: '{ serviceTypes { code } }' }, { query: '{ serviceTypes { code } }' }]),
  });
  assert.equal(batch.status, 400);
  const csrf = await fetch(`${stack.gatewayUrl}?query=${encodeURIComponent('{ serviceTypes { code } }')}`, {
    headers: as(stack, 'STREET_ADMIN'),
  });
  assert.equal(csrf.status, 400, 'a simple GET without a preflight header is refused (CSRF prevention)');
});

test('no phone or ID number reaches any log during the session', () => {
  const logs = logsOf(stack);
  assert.ok(logs.includes('"graphql request"'), 'the session was logged');
  const leaks = logs.split('\n').filter((line) => containsPii(line));
  assert.deepEqual(leaks, []);
});
