// The public notice board without sign-in (issue 17, seed 001: 挂牌上岗, 日程公示): anyone may read a
// community's day (who is where, by name and post) through the gateway without a token; nothing else
// is answered without one, and nothing on the board leads to a person's data.
import { ANONYMOUS_VIEWER, addDays, identitySigner, localDate, signIdentity, type Viewer } from '@jwh/platform';
import { exportJWK, generateKeyPair } from 'jose';
import { getNamedType, isObjectType, type GraphQLNamedType } from 'graphql';
import mongoose from 'mongoose';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { env } from './environment.js';
import { as, stackForTests } from './harness.js';
import { supergraph } from './supergraph.js';
import { ShapeChecker, takeShapes } from './query-shapes.js';
import { demoId as id, expectNoErrors, expectRefusal, gql, type GraphQLResponse } from '@jwh/testkit';

const stack = stackForTests();

const community0 = id('demo:community:0');
const community1 = id('demo:community:1');

const NOTICE_BOARD = `query ($c: ID!, $date: LocalDate) {
  noticeBoard(communityId: $c, date: $date) {
    communityName street date
    schedule { start end place task staff { name role } }
    posts { place start end staff { name role } }
    desks { part desk staff { name role } }
  }
}`;
const PUBLIC_BOARD = `query ($c: ID!, $date: LocalDate) {
  publicBoard(communityId: $c, date: $date) {
    community { name street } date
    schedule { start end place task staff { name role } }
    posts { place start end staff { name role } }
    duty { part desk staff { name role } }
  }
}`;

/** Without a token. */
const anonymous = (query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) =>
  gql(stack.gatewayUrl, query, variables, headers);

const refusedAnonymous = (res: { status: number; body: GraphQLResponse<unknown> }) => {
  assert.equal(res.status, 401, JSON.stringify(res.body));
  expectRefusal(res.body, 'UNAUTHENTICATED');
  assert.equal(res.body.data ?? null, null, 'no data at all');
};

test("anonymous noticeBoard answers the community's day exactly as publicBoard answers a staff token, a week of days", async () => {
  const today = localDate();
  let posts = 0;
  let desks = 0;
  let slots = 0;
  for (let n = 0; n < 7; n++) {
    const date = addDays(today, n);
    const open = await anonymous(NOTICE_BOARD, { c: community0, date });
    assert.equal(open.status, 200);
    const board = expectNoErrors(open.body).noticeBoard;
    const staff = expectNoErrors(
      (await gql(stack.gatewayUrl, PUBLIC_BOARD, { c: community0, date }, as(stack, 'COMMUNITY_STAFF'))).body,
    ).publicBoard;
    assert.equal(board.date, date);
    assert.deepEqual([board.communityName, board.street], [staff.community.name, staff.community.street]);
    assert.deepEqual(board.schedule, staff.schedule, `${date}: the schedule`);
    assert.deepEqual(board.posts, staff.posts, `${date}: the posts held that weekday`);
    assert.deepEqual(board.desks, staff.duty, `${date}: the reception desks`);
    posts += board.posts.length;
    desks += board.desks.length;
    slots += board.schedule.length;
  }
  // The demo publishes every weekday, posts on some weekdays and both desks twice a day: a board of
  // empty lists would pass the comparison above, so the week must show each.
  assert.ok(posts > 0 && desks >= 4 && slots >= 4, `a week of the demo board: ${slots} slots, ${posts} posts, ${desks} desks`);

  const todays = expectNoErrors((await anonymous(NOTICE_BOARD, { c: community0 })).body).noticeBoard;
  assert.equal(todays.date, today, 'the date defaults to today (Asia/Shanghai)');
});

test('the communities anyone may pick: every community of the register, by street and name, ids that open their board', async () => {
  const res = await anonymous(`{ noticeBoardCommunities { id name street } }`);
  assert.equal(res.status, 200);
  const list = expectNoErrors(res.body).noticeBoardCommunities as { id: string; name: string; street: string }[];
  assert.deepEqual(list.map((c) => c.id).sort(), [community0, community1].sort());
  const sorted = [...list].sort((a, b) => a.street.localeCompare(b.street, 'zh') || a.name.localeCompare(b.name, 'zh'));
  assert.deepEqual(list, sorted);
  for (const c of list) {
    const board = expectNoErrors((await anonymous(NOTICE_BOARD, { c: c.id })).body).noticeBoard;
    assert.deepEqual([board.communityName, board.street], [c.name, c.street]);
  }
});

/** Every field of `type` and of the objects below it, from the supergraph: a field added later is checked too. */
function everyField(type: GraphQLNamedType, depth = 4): string {
  if (!isObjectType(type)) return '';
  assert.ok(depth > 0, `${type.name} nests too deep for a public board`);
  const fields = Object.values(type.getFields()).map((f) => {
    assert.equal(f.args.length, 0, `${type.name}.${f.name} takes arguments`);
    return `${f.name}${everyField(getNamedType(f.type), depth - 1)}`;
  });
  return ` { ${fields.join(' ')} }`;
}

test('no personal data anywhere in the anonymous answers: no resident name, phone or ID number, no staff phone or id', async () => {
  const field = (name: string) => supergraph.getQueryType()!.getFields()[name]!;
  const everything = `query ($c: ID!, $date: LocalDate) { noticeBoard(communityId: $c, date: $date)${everyField(getNamedType(field('noticeBoard').type))} }`;
  const communities = `{ noticeBoardCommunities${everyField(getNamedType(field('noticeBoardCommunities').type))} }`;
  const texts: string[] = [JSON.stringify((await anonymous(communities)).body)];
  for (let n = 0; n < 7; n++)
    for (const c of [community0, community1]) {
      const res = await anonymous(everything, { c, date: addDays(localDate(), n) });
      expectNoErrors(res.body);
      texts.push(JSON.stringify(res.body));
    }
  const board = texts.slice(1).join('\n');
  const conn = await mongoose.createConnection(env.MONGO_URL).asPromise();
  try {
    const pg = conn.useDb(`${stack.common.MONGO_DB_PREFIX}people_grids`).db!;
    const residents = await pg
      .collection('residents')
      .find({}, { projection: { _id: 1, name: 1, phone: 1, householdId: 1 } })
      .toArray();
    const staff = await pg
      .collection('staffmembers')
      .find({}, { projection: { _id: 1, name: 1, dutyPhone: 1 } })
      .toArray();
    assert.ok(residents.length > 100 && staff.length >= 4, 'the demo has people to leak');
    const phones = [...residents.map((r) => r.phone), ...staff.map((s) => s.dutyPhone)].filter((p): p is string => Boolean(p));
    assert.ok(phones.length > 100);
    const leakedPhones = phones.filter((p) => board.includes(p));
    assert.deepEqual(leakedPhones, [], 'phones of residents and staff');
    const ids = [...residents.flatMap((r) => [String(r._id), String(r.householdId)]), ...staff.map((s) => String(s._id))];
    assert.deepEqual(
      ids.filter((x) => board.includes(x)),
      [],
      'ids of residents, households and staff',
    );
    // A staff member's name is on the board by design; a resident who shares it is not the resident.
    const staffNames = new Set(staff.map((s) => String(s.name)));
    const residentNames = residents.map((r) => String(r.name)).filter((n) => !staffNames.has(n));
    assert.deepEqual(
      residentNames.filter((n) => board.includes(`"${n}"`)),
      [],
      'names of residents',
    );
    const names = [...board.matchAll(/"name":"([^"]+)"/g)].map((m) => m[1]!);
    assert.ok(names.length > 0 && names.every((n) => staffNames.has(n)), 'every name on the board is a staff member');
  } finally {
    await conn.close();
  }
  for (const text of texts) {
    assert.doesNotMatch(text, /1[3-9]\d{9}/, 'no mobile number');
    assert.doesNotMatch(text, /\d{3}\*{4}\d{4}/, 'not even a masked one');
    assert.doesNotMatch(text, /\d{6}(?:\d{8}|\*{8})\d{3}[\dX]/, 'no national ID number, whole or masked');
    assert.doesNotMatch(text, /phone|nationalId|household|resident/i, 'no field that leads to a person');
  }
  assert.doesNotMatch(board, /[0-9a-f]{24}/, 'no id of any kind on the board');
});

test('bad input is refused naming its field; an unknown community is NOT_FOUND, in Chinese and English', async () => {
  expectRefusal((await anonymous(NOTICE_BOARD, { c: 'not-an-id' })).body, 'BAD_USER_INPUT', 'communityId');
  const badDate = await anonymous(NOTICE_BOARD, { c: community0, date: '2026-13-01' });
  assert.equal(badDate.status, 400);
  expectRefusal(badDate.body, 'BAD_USER_INPUT', 'date');
  const inline = await anonymous(`{ noticeBoard(communityId: "${community0}", date: "2026-02-30") { date } }`);
  expectRefusal(inline.body, 'BAD_USER_INPUT', 'date');
  // The days around today only: not a history, nor a plan, of everyone's movements.
  for (const far of [addDays(localDate(), 8), addDays(localDate(), -8)])
    expectRefusal((await anonymous(NOTICE_BOARD, { c: community0, date: far })).body, 'BAD_USER_INPUT', 'date');
  const unknown = id('demo:community:404');
  const missing = await anonymous(NOTICE_BOARD, { c: unknown });
  expectRefusal(missing.body, 'NOT_FOUND');
  assert.equal(missing.body.errors?.[0]?.message, `未找到社区 ${unknown} (community ${unknown} not found)`);
});

test('without a token nothing but the public fields: a second root field, a mutation, community(id), a fragment at the root: 401', async () => {
  refusedAnonymous(
    await anonymous(`query ($c: ID!) { noticeBoard(communityId: $c) { date } community(id: $c) { name } }`, { c: community0 }),
  );
  refusedAnonymous(
    await anonymous(`query ($c: ID!) { noticeBoardCommunities { id } publicBoard(communityId: $c) { date } }`, { c: community0 }),
  );
  refusedAnonymous(await anonymous(`query ($c: ID!) { community(id: $c) { name } }`, { c: community0 }));
  refusedAnonymous(await anonymous(`{ communities { id name } }`));
  refusedAnonymous(await anonymous(`mutation { markNotificationsRead(ids: []) }`));
  refusedAnonymous(
    await anonymous(`mutation ($c: ID!) { renameCommunity(id: $c, name: "改名社区") { name } }`, {
      c: community0,
    }),
  );
  // A fragment at the root could hide any field: refused, even around a public one.
  refusedAnonymous(await anonymous(`query ($c: ID!) { ... on Query { community(id: $c) { name } } }`, { c: community0 }));
  refusedAnonymous(
    await anonymous(`query ($c: ID!) { ...F } fragment F on Query { noticeBoard(communityId: $c) { date } }`, { c: community0 }),
  );
  // An alias does not make a field public.
  refusedAnonymous(await anonymous(`query ($c: ID!) { noticeBoard: community(id: $c) { name } }`, { c: community0 }));
  // The refused mutation changed nothing.
  const name = expectNoErrors((await anonymous(NOTICE_BOARD, { c: community0 })).body).noticeBoard.communityName;
  assert.notEqual(name, '改名社区');
  // Introspection and __typename as before; __typename beside a public field too.
  assert.equal((await anonymous(`{ __typename }`)).status, 200);
  const both = await anonymous(`query ($c: ID!) { __typename noticeBoard(communityId: $c) { date } }`, { c: community0 });
  assert.equal(expectNoErrors(both.body).__typename, 'Query');
});

test('a forged identity is still refused: a bad token is not anonymous, and a subgraph answers the anonymous viewer public fields only', async () => {
  // A token that does not verify is refused, public field or not: the gateway never falls back to anonymous.
  const forged = `${stack.tokens.RESIDENT.slice(0, -4)}AAAA`;
  refusedAnonymous(await anonymous(NOTICE_BOARD, { c: community0 }, { authorization: `Bearer ${forged}` }));
  // An identity header from the client is not passed on: still no token.
  const url = stack.subgraphUrls['people-grids']!;
  const gatewayKey = await identitySigner(stack.identity!.signingKeys.gateway!);
  const rid = randomUUID();
  const staffIdentity = await signIdentity(
    { sub: 'x', role: 'STREET_ADMIN', communityIds: [community0], gridIds: [] },
    gatewayKey,
    'people-grids',
    rid,
  );
  refusedAnonymous(
    await anonymous(
      `query ($c: ID!) { community(id: $c) { name } }`,
      { c: community0 },
      { 'x-jwh-identity': staffIdentity, 'x-request-id': rid },
    ),
  );

  const direct = async (viewer: Viewer, query: string, signer = gatewayKey) => {
    const requestId = randomUUID();
    return gql(
      url,
      query,
      { c: community0 },
      { 'x-jwh-identity': await signIdentity(viewer, signer, 'people-grids', requestId), 'x-request-id': requestId },
    );
  };
  // The anonymous viewer signed with a key that is not the gateway's, under the gateway's kid.
  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const impostor = await identitySigner(JSON.stringify({ ...(await exportJWK(privateKey)), kid: 'gateway' }));
  assert.equal((await direct(ANONYMOUS_VIEWER, `query ($c: ID!) { noticeBoard(communityId: $c) { date } }`, impostor)).status, 401);

  // The gateway's own anonymous identity, straight to the subgraph: the public field is answered (the
  // control), every other root field, an entity lookup and introspection are refused by the subgraph.
  const open = await direct(ANONYMOUS_VIEWER, `query ($c: ID!) { noticeBoard(communityId: $c) { communityName } }`);
  assert.ok(expectNoErrors(open.body).noticeBoard.communityName);
  for (const query of [
    `query ($c: ID!) { community(id: $c) { name } }`,
    `query ($c: ID!) { staffMembers(communityId: $c) { name dutyPhone } }`,
    `query ($c: ID!) { publicBoard(communityId: $c) { date } }`,
  ]) {
    const res = await direct(ANONYMOUS_VIEWER, query);
    expectRefusal(res.body, 'UNAUTHENTICATED');
    assert.match(String(res.body.errors?.[0]?.message), /^请先登录 \(.+\)$/);
    assert.deepEqual(Object.values((res.body.data ?? {}) as Record<string, unknown>).filter(Boolean), [], query);
  }
  for (const query of [
    `{ _entities(representations: [{ __typename: "Community", id: "${community0}" }]) { ... on Community { name } } }`,
    `query ($c: ID!) { __schema { queryType { name } } noticeBoard(communityId: $c) { date } }`,
    `mutation ($c: ID!) { renameCommunity(id: $c, name: "改名社区") { name } }`,
  ]) {
    const res = await direct(ANONYMOUS_VIEWER, query);
    expectRefusal(res.body, 'UNAUTHENTICATED');
    assert.equal(res.body.data ?? null, null, query);
  }
});

test('the board is point and equality reads on indexes: five commands, each pushed down; the community list one read of a bounded collection', async () => {
  const checker = new ShapeChecker();
  try {
    await anonymous(NOTICE_BOARD, { c: community0 });
    await takeShapes(stack.subgraphUrls);
    const started = performance.now();
    expectNoErrors((await anonymous(NOTICE_BOARD, { c: community0 })).body);
    const ms = performance.now() - started;
    const shapes = await takeShapes(stack.subgraphUrls);
    assert.deepEqual(shapes.map((s) => `${s.subgraph} ${s.collection}.${s.command}`).sort(), [
      'people-grids communities.find',
      'people-grids dutyshifts.find',
      'people-grids publicposts.find',
      'people-grids scheduleentries.find',
      'people-grids staffmembers.find',
    ]);
    assert.deepEqual(await checker.problems(shapes), [], 'every read an equality a declared index serves');
    process.stdout.write(`# noticeBoard (small demo): ${shapes.length} database commands, ${ms.toFixed(1)} ms\n`);

    expectNoErrors((await anonymous(`{ noticeBoardCommunities { id name street } }`)).body);
    const list = await takeShapes(stack.subgraphUrls);
    assert.deepEqual(
      list.map((s) => [s.collection, s.command, s.bounded]),
      [['communities', 'find', true]],
    );
  } finally {
    await checker.close();
  }
});
