// The 6789 counts as a fast read (issue 17; seed 003, 美湖's "6789" 为老服务): `elderServices` counts
// from read models (the small grids' birth years, an occasion's delivery tallies) must answer exactly
// what counting the residents and the deliveries answers. Each report is compared with that count,
// made here from the collections themselves, for every service (several occasions, boundary birth
// years among them), before and after deliveries (one retried), a resident moved out, a household
// moved to another grid, and a tally the recount sets right.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import mongoose from 'mongoose';
import { FESTIVALS, festivalDate, localDate, addDays, type Festival, type Role } from '@jwh/platform';
import { demoId, roleClient } from '@jwh/testkit';
import { env } from './environment.js';
import { as, stackForTests } from './harness.js';
import { recountClient } from './recount.js';

const stack = stackForTests();
const { ok } = roleClient<Role>(
  () => stack.gatewayUrl,
  (who) => as(stack, who),
);
const recounts = recountClient(stack, 'elder-counts-test');

const community0 = demoId('demo:community:0');
const grid000 = demoId('demo:grid:0-0-0');
const today = localDate();
const year = Number(today.slice(0, 4));

let conn: mongoose.Connection | undefined;
after(async () => {
  await conn?.close();
  await recounts.close();
});
const db = async () => {
  conn ??= await mongoose.createConnection(env.MONGO_URL).asPromise();
  return conn.useDb(`${stack.common.MONGO_DB_PREFIX}people_grids`).db!;
};

/** The latest festival whose gifts may be recorded today (from two weeks ahead; this year's or last year's). */
const festival = (() => {
  const all = [year, year - 1].flatMap((y) => (Object.keys(FESTIVALS) as Festival[]).map((f) => ({ f, y, on: festivalDate(f, y) })));
  const started = all.filter((x) => addDays(x.on, -14) <= today).sort((a, b) => b.on.localeCompare(a.on))[0]!;
  return { service: 'FESTIVAL_GIFT', year: started.y, festival: started.f };
})();
/** The occasions delivered below. */
const DELIVERED = [
  { service: 'HAIRCUT', date: today },
  { service: 'CANTEEN_MEAL', date: today },
  { service: 'BIRTHDAY_CAKE', year },
  festival,
];
/** Every occasion compared: the delivered ones, and others whose boundary years fall elsewhere. */
const OCCASIONS: Record<string, unknown>[] = [
  ...DELIVERED,
  { service: 'HAIRCUT', date: `${year}-01-15` },
  { service: 'CANTEEN_MEAL', date: `${year}-03-01` },
  { service: 'CANTEEN_MEAL', date: `${year - 1}-12-31` },
  { service: 'BIRTHDAY_BANQUET', year },
  { service: 'FESTIVAL_GIFT', year, festival: 'MID_AUTUMN' },
];
const FLOOR: Record<string, number> = { HAIRCUT: 60, CANTEEN_MEAL: 70, BIRTHDAY_CAKE: 70, FESTIVAL_GIFT: 80, BIRTHDAY_BANQUET: 90 };

const REPORT = `query ($c: ID!, $o: ElderOccasionInput!) { elderServices(communityId: $c, occasion: $o) {
  occasion { service key ageOn } eligible delivered owed counts { grid { id } tier eligible delivered owed } } }`;
type Cell = { grid: { id: string } | null; tier: string; eligible: number; delivered: number; owed: number };
type Report = {
  occasion: { service: string; key: string; ageOn: string };
  eligible: number;
  delivered: number;
  owed: number;
  counts: Cell[];
};

const ageOn = (birth: string, on: string) => {
  const [by, bmd] = [Number(birth.slice(0, 4)), birth.slice(5)];
  return Number(on.slice(0, 4)) - by - (on.slice(5) < bmd ? 1 : 0);
};
const tierOf = (age: number) => (age >= 90 ? 'AGE_90' : age >= 80 ? 'AGE_80' : age >= 70 ? 'AGE_70' : 'AGE_60');

interface RawResident {
  _id: mongoose.Types.ObjectId;
  gridId: mongoose.Types.ObjectId | null;
  householdId: mongoose.Types.ObjectId;
  birthDate: string;
  departed?: boolean;
}
/** The community's active residents, from the collection. */
async function residents(): Promise<RawResident[]> {
  const rows = await (
    await db()
  )
    .collection('residents')
    .find(
      { communityId: new mongoose.Types.ObjectId(community0) },
      { projection: { gridId: 1, householdId: 1, birthDate: 1, departed: 1 } },
    )
    .toArray();
  return (rows as unknown as RawResident[]).filter((r) => !r.departed);
}
/** The eligible residents of an occasion (the way the counts were made before issue 17: ages 120 at most). */
const eligibleOf = (all: RawResident[], o: Report['occasion']) =>
  all.filter((r) => {
    const age = ageOn(r.birthDate, o.ageOn);
    return age >= FLOOR[o.service]! && Number(r.birthDate.slice(0, 4)) >= Number(o.ageOn.slice(0, 4)) - 120;
  });

/** The counts of an occasion made from the residents and the deliveries themselves, in a report's shape. */
async function counted(o: Report['occasion'], gridIds: string[] | null) {
  const deliveries = await (
    await db()
  )
    .collection('elderdeliveries')
    .find({ communityId: new mongoose.Types.ObjectId(community0), service: o.service, occasion: o.key })
    .toArray();
  const delivered = new Set(deliveries.map((d) => String(d.residentId)));
  const cells = new Map<string, Cell>();
  for (const r of eligibleOf(await residents(), o)) {
    const grid = r.gridId ? String(r.gridId) : null;
    if (gridIds && !gridIds.includes(grid ?? '')) continue;
    const tier = tierOf(ageOn(r.birthDate, o.ageOn));
    const key = `${grid}|${tier}`;
    const cell = cells.get(key) ?? { grid: grid ? { id: grid } : null, tier, eligible: 0, delivered: 0, owed: 0 };
    cell.eligible++;
    if (delivered.has(String(r._id))) cell.delivered++;
    else cell.owed++;
    cells.set(key, cell);
  }
  const counts = [...cells.values()];
  const sum = (k: 'eligible' | 'delivered' | 'owed') => counts.reduce((n, c) => n + c[k], 0);
  return { eligible: sum('eligible'), delivered: sum('delivered'), owed: sum('owed'), counts: sorted(counts) };
}
const sorted = (cells: Cell[]) => [...cells].sort((a, b) => `${a.grid?.id}|${a.tier}`.localeCompare(`${b.grid?.id}|${b.tier}`));

/** Every occasion's report, for the community's staff and the grid worker, equals the counts made from the rows. */
async function compareAll(when: string) {
  for (const occasion of OCCASIONS) {
    for (const [who, grids] of [
      ['COMMUNITY_STAFF', null],
      ['GRID_WORKER', [grid000]],
    ] as const) {
      const r = (await ok(who, REPORT, { c: community0, o: occasion })).elderServices as Report;
      const want = await counted(r.occasion, grids ? [...grids] : null);
      assert.deepEqual(
        { eligible: r.eligible, delivered: r.delivered, owed: r.owed, counts: sorted(r.counts) },
        want,
        `${when}: ${who} ${r.occasion.service} ${r.occasion.key}`,
      );
    }
  }
}

const RECORD = `mutation ($i: RecordElderDeliveryInput!) { recordElderDelivery(input: $i) { alreadyRecorded delivery { id } } }`;
const picked: RawResident[] = [];

test('before any delivery: every service and occasion counts what the residents count', async () => {
  await recounts.settled();
  const r = (await ok('COMMUNITY_STAFF', REPORT, { c: community0, o: DELIVERED[0] })).elderServices as Report;
  assert.ok(r.eligible > 50 && r.counts.length > 4, 'the demo has elders in several grids and tiers');
  await compareAll('before deliveries');
});

test('after deliveries (one retried, one by the grid worker): delivered and owed per grid and tier still equal the rows', async () => {
  const all = await residents();
  for (const occasion of DELIVERED) {
    const o = ((await ok('COMMUNITY_STAFF', REPORT, { c: community0, o: occasion })).elderServices as Report).occasion;
    const eligible = eligibleOf(all, o).sort((a, b) => String(a._id).localeCompare(String(b._id)));
    // A spread across grids and tiers, and the boundary birth year (those just of the floor's age).
    const boundary = eligible.filter((e) => Number(e.birthDate.slice(0, 4)) === Number(o.ageOn.slice(0, 4)) - FLOOR[o.service]!);
    const step = Math.max(1, Math.floor(eligible.length / 8));
    const chosen = [...new Set([...boundary.slice(0, 2), ...eligible.filter((_, i) => i % step === 0).slice(0, 8)])];
    for (const r of chosen) {
      const d = (await ok('COMMUNITY_STAFF', RECORD, { i: { residentId: String(r._id), occasion } })).recordElderDelivery;
      assert.equal(d.alreadyRecorded, false);
    }
    // A retry, and a second worker: counted once.
    const again = (await ok('COMMUNITY_STAFF', RECORD, { i: { residentId: String(chosen[0]!._id), occasion } })).recordElderDelivery;
    assert.equal(again.alreadyRecorded, true);
    picked.push(...chosen);
  }
  // The grid worker delivers a haircut in its grid too.
  const haircut = ((await ok('GRID_WORKER', REPORT, { c: community0, o: DELIVERED[0] })).elderServices as Report).occasion;
  const mine = eligibleOf(all, haircut).filter((r) => String(r.gridId) === grid000 && !picked.includes(r));
  assert.ok(mine.length, 'the worker has elders to serve');
  const d = (await ok('GRID_WORKER', RECORD, { i: { residentId: String(mine.at(-1)!._id), occasion: DELIVERED[0] } })).recordElderDelivery;
  assert.equal(d.alreadyRecorded, false);
  await compareAll('after deliveries');
});

test('a delivered resident moved out and a delivered household moved to another grid: the counts follow them', async () => {
  const [leaving, moving] = [picked[0]!, picked.find((r, i) => i > 0 && String(r.householdId) !== String(picked[0]!.householdId))!];
  await ok('COMMUNITY_STAFF', `mutation ($i: RecordResidentMovedOutInput!) { recordResidentMovedOut(input: $i) { id } }`, {
    i: { id: String(leaving._id), date: today, reason: '随子女迁往外区' },
  });
  const target = String(moving.gridId) === grid000 ? demoId('demo:grid:0-0-1') : grid000;
  await ok('COMMUNITY_STAFF', `mutation ($i: MoveHouseholdInput!) { moveHousehold(input: $i) { id } }`, {
    i: { householdId: String(moving.householdId), toGridId: target, reason: '网格调整' },
  });
  await compareAll('after a move-out and a household move');
  // The writers kept every read model: the recount finds nothing to set right.
  const { changed } = await recounts.recount(community0);
  assert.deepEqual({ grids: changed.grids, tallies: changed.tallies }, { grids: 0, tallies: 0 });
});

test('a tally left wrong (a crash between the delivery and its count) is set right by the recount', async () => {
  const r = (await ok('COMMUNITY_STAFF', REPORT, { c: community0, o: DELIVERED[0] })).elderServices as Report;
  const cell = r.counts.find((c) => c.delivered > 0)!;
  await (
    await db()
  )
    .collection<{ _id: string }>('elderdeliverytallies')
    .updateOne(
      { _id: `${community0}:${r.occasion.service}:${r.occasion.key}` },
      { $inc: { [`cells.${cell.grid?.id ?? 'none'}.${cell.tier}`]: -1 } },
    );
  const wrong = (await ok('COMMUNITY_STAFF', REPORT, { c: community0, o: DELIVERED[0] })).elderServices as Report;
  assert.equal(wrong.delivered, r.delivered - 1, 'the report reads the tally');
  const { changed } = await recounts.recount(community0);
  assert.equal(changed.tallies, 1);
  await compareAll('after the recount');
});
