import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildSchema, graphql } from 'graphql';
import { inChinese } from './graphql-messages.js';

const schema = buildSchema(`
  enum ElderTier { AGE_60 AGE_70 AGE_80 AGE_90 }
  input VisitInput { residentId: ID!, note: String!, minutes: Int }
  type Elder { name: String!, tier: ElderTier }
  type Query { elders(tier: ElderTier, first: Int): [Elder!]!, elder(id: ID!): Elder }
  type Mutation { recordVisit(input: VisitInput!): Int }
`);

/** graphql-js's own errors for a document and its variables, formatted as the gateway's client sees them. */
async function errorsOf(source: string, variableValues?: Record<string, unknown>, code = 'GRAPHQL_VALIDATION_FAILED') {
  const result = await graphql({ schema, source, variableValues });
  assert.ok(result.errors?.length, `${source} should fail`);
  return result.errors.map((e) => inChinese({ message: e.message, extensions: { code } }));
}

test('an unknown enum value in a query says so in Chinese first, with the English and the suggestion kept', async () => {
  const [e] = await errorsOf(`{ elders(tier: AGE_85) { name } }`);
  assert.match(e!.message, /^“AGE_85” 不是 ElderTier 的取值;是否要填 "AGE_80"、"AGE_60"、"AGE_70" 或 "AGE_90"\? \(/u);
  assert.match(e!.message, /\(Value "AGE_85" does not exist in "ElderTier" enum\. Did you mean the enum value "AGE_80", .*\?\)$/);
  assert.equal(e!.extensions?.code, 'GRAPHQL_VALIDATION_FAILED', 'the code is kept');
});

test('a bad variable names the field, in Chinese and English', async () => {
  const [tier] = await errorsOf(`query ($t: ElderTier) { elders(tier: $t) { name } }`, { t: 'AGE_85' }, 'BAD_USER_INPUT');
  assert.match(tier!.message, /^变量 \$t 的值无效:“AGE_85” 不是 ElderTier 的取值/u);
  assert.equal(tier!.extensions?.field, 't');
  const [notInt] = await errorsOf(
    `mutation ($i: VisitInput!) { recordVisit(input: $i) }`,
    { i: { residentId: 'r1', note: '已入户', minutes: 'ten' } },
    'BAD_USER_INPUT',
  );
  assert.match(notInt!.message, /^变量 i\.minutes 的值无效:"ten" 不是整数/u);
  assert.equal(notInt!.extensions?.field, 'i.minutes');
  const [missing] = await errorsOf(`mutation ($i: VisitInput!) { recordVisit(input: $i) }`, { i: { residentId: 'r1' } }, 'BAD_USER_INPUT');
  assert.match(missing!.message, /^变量 \$i 的值无效:缺少必填字段 note\(String!\)/u);
  assert.equal(missing!.extensions?.field, 'i.note');
});

test('validation errors of a hand-written query are said in Chinese first', async () => {
  const cases: [string, RegExp][] = [
    [`{ elders { nmae } }`, /^Elder 没有字段 nmae;是否要填 "name"?/u],
    [`{ elders(level: 1) { name } }`, /^Query\.elders 没有参数 level/u],
    [`{ elder { name } }`, /^elder 缺少必填参数 id\(ID!\)/u],
    [`{ elders }`, /^elders\(\[Elder!\]!\)须选择子字段/u],
    [`{ elders(first: "ten") { name } }`, /^"ten" 不是整数/u],
    [`query ($x: Int) { elders { name } }`, /^变量 \$x 未被使用/u],
  ];
  for (const [source, expected] of cases) {
    const [e] = await errorsOf(source);
    assert.match(e!.message, expected, source);
    assert.match(e!.message, /\([A-Z].*\)$/s, `${source}: the English kept`);
  }
});

test('our own messages, already in Chinese, and other codes pass unchanged', () => {
  const ours = { message: 'purpose: 请说明用途 (state the purpose)', extensions: { code: 'BAD_USER_INPUT', field: 'purpose' } };
  assert.deepEqual(inChinese(ours), ours);
  const other = { message: 'internal error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  assert.deepEqual(inChinese(other), other);
  assert.match(
    inChinese({ message: 'Syntax Error: Expected Name, found <EOF>.', extensions: { code: 'GRAPHQL_PARSE_FAILED' } }).message,
    /^查询语法错误 \(Syntax/u,
  );
});
