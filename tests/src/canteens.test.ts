import { DEMO_USERS, issueToken } from '@jwh/gateway/dev-keys';
import { stableObjectId } from '@jwh/platform';
import ExcelJS from 'exceljs';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { as, stackForTests } from './harness.js';
import { expectRefusal, gql } from '@jwh/testkit';

const stack = stackForTests();
const id = (key: string) => String(stableObjectId(key));
const month = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
let n = 0;
const key = () => `e2e-meal-${Date.now()}-${n++}`;
const REDEEM = `mutation ($i: RedeemMealCardInput!) { redeemMealCard(input: $i) { outcome redemption { id listPriceCents paidPriceCents } } }`;
const canteen1 = () => issueToken(stack.keysDir, { ...DEMO_USERS.PARTNER, sub: 'demo-canteen-1', org_id: id('demo:org:canteen-1') });

test('a canteen redeems a card at half price once per scan, and refuses suspended, expired, unknown and foreign cards with the reason', async () => {
  const scan = { clientRequestId: key(), cardNo: 'AX-DEMO-0009', listPriceCents: 2000 };
  const first = (await gql(stack.gatewayUrl, REDEEM, { i: scan }, as(stack, 'PARTNER'))).body.data.redeemMealCard;
  assert.equal(first.outcome, 'REDEEMED');
  assert.equal(first.redemption.paidPriceCents, 1000);
  const again = (await gql(stack.gatewayUrl, REDEEM, { i: scan }, as(stack, 'PARTNER'))).body.data.redeemMealCard;
  assert.equal(again.redemption.id, first.redemption.id, 'a retried scan charges once');
  for (const [cardNo, outcome] of [
    ['AX-DEMO-0022', 'SUSPENDED'],
    ['AX-DEMO-0030', 'EXPIRED'],
    ['AX-NOPE', 'UNKNOWN_CARD'],
  ]) {
    const r = (await gql(stack.gatewayUrl, REDEEM, { i: { clientRequestId: key(), cardNo, listPriceCents: 1500 } }, as(stack, 'PARTNER')))
      .body.data.redeemMealCard;
    assert.deepEqual(r, { outcome, redemption: null });
  }
  // 凤凰山's canteen serves only 凤凰山, but a 美湖 card is valid at every member of its alliance
  // (seed 002; the FOREIGN refusal: volunteers-fieldwork.test.ts).
  const alliance = await gql(
    stack.gatewayUrl,
    REDEEM,
    { i: { clientRequestId: key(), cardNo: 'AX-DEMO-0010', listPriceCents: 1500 } },
    { authorization: `Bearer ${await canteen1()}` },
  );
  assert.equal(alliance.body.data.redeemMealCard.outcome, 'REDEEMED');
  const bad = await gql(
    stack.gatewayUrl,
    REDEEM,
    { i: { clientRequestId: key(), cardNo: 'AX-DEMO-0010', listPriceCents: 5 } },
    as(stack, 'PARTNER'),
  );
  assert.equal(bad.body.errors?.[0]?.extensions?.field, 'input.listPriceCents');
});

test("a canteen reads its own month and its own card holders (masked), nothing of another canteen's or anyone else's", async () => {
  const MONTH = `query ($m: String!, $c: ID) { canteenMonth(month: $m, canteenId: $c) { canteenId meals listTotalCents paidTotalCents subsidyOwedCents } }`;
  const own = (await gql(stack.gatewayUrl, MONTH, { m: month() }, as(stack, 'PARTNER'))).body.data.canteenMonth;
  assert.equal(own.canteenId, id('demo:org:canteen-0'));
  assert.ok(own.meals >= 1);
  assert.equal(own.subsidyOwedCents, own.listTotalCents - own.paidTotalCents);
  // Another canteen's month, asked for by id: refused (issue 17: a page at another canteen's URL shows nothing).
  const other = await gql(
    stack.gatewayUrl,
    MONTH,
    { m: month(), c: id('demo:org:canteen-0') },
    { authorization: `Bearer ${await canteen1()}` },
  );
  expectRefusal(other.body, 'FORBIDDEN');
  const mine = (await gql(stack.gatewayUrl, MONTH, { m: month() }, { authorization: `Bearer ${await canteen1()}` })).body.data.canteenMonth;
  assert.deepEqual(
    { canteenId: mine.canteenId, meals: mine.meals },
    { canteenId: id('demo:org:canteen-1'), meals: 1 },
    'canteen 1 reads its own month (its one meal, on a 美湖 card)',
  );
  const staff = (await gql(stack.gatewayUrl, MONTH, { m: month(), c: id('demo:org:canteen-0') }, as(stack, 'COMMUNITY_STAFF'))).body.data
    .canteenMonth;
  assert.equal(staff.meals, own.meals);

  const holders = await gql(stack.gatewayUrl, `{ canteenCardHolders { cardNo resident { name phone } } }`, undefined, as(stack, 'PARTNER'));
  assert.equal(holders.body.errors, undefined, JSON.stringify(holders.body.errors));
  assert.ok(holders.body.data.canteenCardHolders.length >= 3);
  for (const h of holders.body.data.canteenCardHolders) {
    assert.match(h.resident.name, /^.\*+.?$/u, 'names masked for a canteen');
    if (h.resident.phone) assert.match(h.resident.phone, /^\d{3}\*{4}\d{4}$/);
  }
  const deeper = await gql(
    stack.gatewayUrl,
    `{ canteenCardHolders { resident { household { address } nationalId } } }`,
    undefined,
    as(stack, 'PARTNER'),
  );
  assert.ok(deeper.body.errors?.every((e) => e.extensions?.code === 'FORBIDDEN'));
  for (const q of [
    `{ residents { totalCount } }`,
    `{ serviceRequests { totalCount } }`,
    `{ volunteers { totalCount } }`,
    `query { rooms(communityId: "${id('demo:community:0')}") { id } }`,
    `{ suggestions { totalCount } }`,
  ]) {
    const r = await gql(stack.gatewayUrl, q, undefined, as(stack, 'PARTNER'));
    assert.equal(r.body.errors?.[0]?.extensions?.code, 'FORBIDDEN', q);
  }
});

test('love cards are issued to residents of 70 and over only; the demo resident (53) holds none', async () => {
  const elders = await gql(
    stack.gatewayUrl,
    `{ residents(first: 5, filter: { elderTier: AGE_80 }) { nodes { id age } } young: residents(first: 5, filter: { elderTier: AGE_60 }) { nodes { id age } } }`,
    undefined,
    as(stack, 'COMMUNITY_STAFF'),
  );
  const elder = elders.body.data.residents.nodes.find(
    (r: { id: string }) => ![9, 10, 13, 22, 30].some((k) => id(`demo:resident:${k}`) === r.id),
  );
  const issue = `mutation ($i: IssueMealCardInput!) { issueMealCard(input: $i) { cardNo validUntil status } }`;
  const card = await gql(stack.gatewayUrl, issue, { i: { residentId: elder.id, validUntil: '2028-12-31' } }, as(stack, 'COMMUNITY_STAFF'));
  assert.equal(card.body.errors, undefined, JSON.stringify(card.body.errors));
  assert.equal(card.body.data.issueMealCard.status, 'ACTIVE');
  const young = await gql(
    stack.gatewayUrl,
    issue,
    { i: { residentId: elders.body.data.young.nodes[0].id, validUntil: '2028-12-31' } },
    as(stack, 'COMMUNITY_STAFF'),
  );
  assert.equal(young.body.errors?.[0]?.extensions?.field, 'input.residentId');
  assert.match(young.body.errors![0]!.message, /70/);
  const mine = await gql(
    stack.gatewayUrl,
    `query ($r: ID!) { resident(id: $r) { mealCard { cardNo } } }`,
    { r: id('demo:resident:0') },
    as(stack, 'RESIDENT'),
  );
  assert.equal(mine.body.data.resident.mealCard, null, 'the demo resident is 53: no love card');
});

test("the monthly settlement exports to XLSX: a canteen's own meals and the subsidy owed", async () => {
  const url = `${stack.gatewayUrl.replace('/graphql', '')}/exports/volunteers/canteens/settlement.xlsx?month=${month()}`;
  const res = await fetch(url, { headers: as(stack, 'PARTNER') });
  assert.equal(res.status, 200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
  const rows = book.worksheets[0]!.getSheetValues().slice(1) as unknown[][];
  assert.match(String(rows[0]![1]), /美湖幸福餐厅/);
  assert.equal(rows[1]![1], '时间(北京时间)');
  // Meal times in local time, as the canteen's staff read them (not 2026-11-25T20:54:28Z).
  const times = rows.slice(2, -1).map((r) => String(r[1]));
  assert.ok(times.length > 0);
  for (const t of times) assert.match(t, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  const total = rows.at(-1)!;
  assert.equal(total[1], '合计');
  assert.equal(Number(total[5]), Number(total[3]) - Number(total[4]));
  const other = await fetch(url, { headers: { authorization: `Bearer ${await canteen1()}` } });
  const otherBook = new ExcelJS.Workbook();
  await otherBook.xlsx.load(Buffer.from(await other.arrayBuffer()) as unknown as ArrayBuffer);
  assert.match(
    String((otherBook.worksheets[0]!.getSheetValues()[1] as unknown[])[1]),
    /凤凰山爱心餐厅/,
    'another canteen gets its own settlement',
  );
  const bad = await fetch(url.replace(/month=[^&]+/, 'month=2026-13'), { headers: as(stack, 'PARTNER') });
  assert.equal(bad.status, 400);
});
