import { parse, type GraphQLResolveInfo } from 'graphql';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ANONYMOUS_VIEWER, viewerSchema, type Viewer } from './auth.js';
import { AppError } from './errors.js';
import { ANY_ROLE, applyPolicy, type Policy } from './policy.js';

const typeDefs = parse(`
  type Query { board: Board!, people: [Person!]! }
  type Mutation { post(text: String!): Boolean! }
  type Board { title: String! }
  type Person { name: String!, phone: String }
`);

const policy: Policy = {
  'Query.board': { roles: ANY_ROLE, public: true },
  'Query.people': { roles: ANY_ROLE },
  'Mutation.post': { roles: ['STREET_ADMIN', 'RESIDENT'] },
  'Person.name': { roles: ANY_ROLE, pii: 'name' },
};

const resolvers = {
  Query: { board: () => ({ title: '公示栏' }), people: () => [{ name: '王小芳', phone: '13812345678' }] },
  Mutation: { post: () => true },
};

type Field = (parent: unknown, args: Record<string, unknown>, ctx: { viewer: Viewer }, info: GraphQLResolveInfo) => Promise<unknown>;
const wrapped = applyPolicy(typeDefs, resolvers, policy) as unknown as Record<string, Record<string, Field>>;
const call = (type: string, field: string, viewer: Viewer, parent: unknown = {}) =>
  wrapped[type]![field]!(parent, {}, { viewer }, {} as GraphQLResolveInfo);

const resident = viewerSchema.parse({ sub: 'r1', role: 'RESIDENT', householdId: 'h1', residentId: 'p1' });

async function refusedAs(promise: Promise<unknown>, code: string): Promise<string> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  assert.ok(err instanceof AppError, `refused (got ${String(err)})`);
  assert.equal(err.extensions.code, code);
  assert.match(err.message, /^[\u4e00-\u9fff].* \(.+\)$/u, 'Chinese first, the English in brackets');
  return err.message;
}

test('the anonymous viewer is a resident of nowhere, marked anonymous', () => {
  assert.equal(ANONYMOUS_VIEWER.anonymous, true);
  assert.equal(ANONYMOUS_VIEWER.sub, 'anonymous');
  assert.equal(ANONYMOUS_VIEWER.role, 'RESIDENT');
  assert.deepEqual([ANONYMOUS_VIEWER.communityIds, ANONYMOUS_VIEWER.gridIds], [[], []]);
  assert.equal(ANONYMOUS_VIEWER.householdId ?? null, null);
  assert.equal(ANONYMOUS_VIEWER.residentId ?? null, null);
  assert.ok(Object.isFrozen(ANONYMOUS_VIEWER));
});

test('a public rule answers the anonymous viewer', async () => {
  assert.deepEqual(await call('Query', 'board', ANONYMOUS_VIEWER), { title: '公示栏' });
  assert.deepEqual(await call('Query', 'board', resident), { title: '公示栏' }, 'and everyone its roles name');
});

test('every other rule refuses the anonymous viewer, whatever its role allows', async () => {
  // RESIDENT may call all three, ANY_ROLE two of them: anonymous is refused each.
  const message = await refusedAs(call('Query', 'people', ANONYMOUS_VIEWER), 'UNAUTHENTICATED');
  assert.match(message, /Query\.people/);
  await refusedAs(call('Mutation', 'post', ANONYMOUS_VIEWER), 'UNAUTHENTICATED');
  await refusedAs(call('Person', 'name', ANONYMOUS_VIEWER, { name: '王小芳' }), 'UNAUTHENTICATED');
  // The same fields answer a signed-in resident.
  assert.equal(((await call('Query', 'people', resident)) as unknown[]).length, 1);
  assert.equal(await call('Mutation', 'post', resident), true);
});

test('`anonymous: false` is an ordinary viewer', async () => {
  const signedIn = viewerSchema.parse({ ...resident, anonymous: false });
  assert.equal(await call('Mutation', 'post', signedIn), true);
});

test('a mutation is never public: the policy fails at start-up', () => {
  assert.throws(
    () => applyPolicy(typeDefs, resolvers, { ...policy, 'Mutation.post': { roles: ANY_ROLE, public: true } }),
    /mutations are never public: Mutation\.post/,
  );
});
