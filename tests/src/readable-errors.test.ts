// Issue 16, item 10: what staff read is Chinese first. graphql-js's own parse, validation and
// variable errors reach a dashboard through the gateway in Chinese with the English kept and the
// code unchanged; a bad variable names its field, as our own BAD_USER_INPUT errors do.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { demoId as id, gql } from '@jwh/testkit';
import { as, stackForTests } from './harness.js';

const stack = stackForTests();
const community0 = id('demo:community:0');
const HAS_CHINESE = /^[^(]*[\u4e00-\u9fff]/u;

test('seed 003: a dashboard asking for the birthdays of tier AGE_85 is told in Chinese which tiers there are', async () => {
  const literal = await gql(
    stack.gatewayUrl,
    `query ($c: ID!) { upcomingBirthdays(communityId: $c, days: 7, tier: AGE_85) { totalCount } }`,
    { c: community0 },
    as(stack, 'COMMUNITY_STAFF'),
  );
  const e = literal.body.errors?.[0];
  assert.equal(e?.extensions?.code, 'GRAPHQL_VALIDATION_FAILED', JSON.stringify(literal.body));
  assert.match(e!.message, /^“AGE_85” 不是 ElderTier 的取值;是否要填 "AGE_80"/u);
  assert.match(e!.message, /\(Value "AGE_85" does not exist in "ElderTier" enum\./, 'the English kept');

  const variable = await gql(
    stack.gatewayUrl,
    `query ($c: ID!, $t: ElderTier) { upcomingBirthdays(communityId: $c, days: 7, tier: $t) { totalCount } }`,
    { c: community0, t: 'AGE_85' },
    as(stack, 'COMMUNITY_STAFF'),
  );
  const v = variable.body.errors?.[0];
  assert.equal(v?.extensions?.code, 'BAD_USER_INPUT', JSON.stringify(variable.body));
  assert.equal(v?.extensions?.field, 't');
  assert.match(v!.message, /^变量 \$t 的值无效:“AGE_85” 不是 ElderTier 的取值/u);
});

test('seed 001: a mistyped field, a missing argument and a syntax error from a hand-written query are Chinese first', async () => {
  for (const [query, code] of [
    [`{ community(id: "x") { nmae } }`, 'GRAPHQL_VALIDATION_FAILED'],
    [`{ upcomingBirthdays(days: 7) { totalCount } }`, 'GRAPHQL_VALIDATION_FAILED'],
    [`{ community(id: "x") { name }`, 'GRAPHQL_PARSE_FAILED'],
  ] as const) {
    const res = await gql(stack.gatewayUrl, query, undefined, as(stack, 'COMMUNITY_STAFF'));
    const e = res.body.errors?.[0];
    assert.equal(e?.extensions?.code, code, `${query}: ${JSON.stringify(res.body)}`);
    assert.match(e!.message, HAS_CHINESE, `${query}: ${e!.message}`);
    assert.doesNotMatch(e!.message, /请求无效/u, `${query}: a sentence the gateway does not know: ${e!.message}`);
  }
});

test('seed 004: a follow-up item that does not exist is NOT_FOUND in Chinese and English', async () => {
  const res = await gql(
    stack.gatewayUrl,
    `mutation ($m: ID!, $i: ID!) { completeFollowUp(meetingId: $m, itemId: $i) { id } }`,
    { m: id('no-such-meeting'), i: id('no-such-item') },
    as(stack, 'COMMUNITY_STAFF'),
  );
  const e = res.body.errors?.[0];
  assert.equal(e?.extensions?.code, 'NOT_FOUND', JSON.stringify(res.body));
  assert.match(e!.message, /^未找到[\u4e00-\u9fff]+.*\(.+ not found\)$/u);
});
