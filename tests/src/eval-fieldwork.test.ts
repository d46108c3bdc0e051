import assert from 'node:assert/strict';
import { test } from 'node:test';
import { demoId as id, expectRefusal, roleClient } from '@jwh/testkit';
import { DEMO_USERS } from '@jwh/gateway/dev-keys';
import mongoose from 'mongoose';
import { as, stackForTests } from './harness.js';
import { env } from './environment.js';

// Evaluation field work as the seeds tell it: staff entering paper at a sitting and at the door, a
// respondent changing an answer before the interviewer leaves, and the walk lists and waves of a quarter.
const stack = stackForTests({ gatewayEnv: { RATE_LIMIT_PER_MINUTE: '100000' } });
const [community0, community1] = [0, 1].map((c) => id(`demo:community:${c}`)) as [string, string];

type Role = keyof typeof DEMO_USERS;
const client = roleClient<Role>(
  () => stack.gatewayUrl,
  (role) => as(stack, role),
);
const { call, ok } = client;
const worker = DEMO_USERS.GRID_WORKER.staff_id as string;
const secretary = DEMO_USERS.COMMUNITY_STAFF.staff_id as string;
let n = 0;
const key = () => `e2e-fieldwork-${Date.now()}-${n++}`;
const refused = expectRefusal;

/** The evaluations database of this run, for what the graph never shows (and to move a clock). */
async function withDb<T>(fn: (db: mongoose.mongo.Db) => Promise<T>): Promise<T> {
  const conn = await mongoose.createConnection(env.MONGO_URL, { dbName: `${stack.common.MONGO_DB_PREFIX}evaluations` }).asPromise();
  try {
    return await fn(conn.db!);
  } finally {
    await conn.close();
  }
}
const oid = (s: string) => new mongoose.Types.ObjectId(s);

// ---------------------------------------------------------------- seed 003: the representatives' sitting

const OPEN = `mutation ($input: OpenRepresentativeMeetingInput!) { openRepresentativeMeeting(input: $input) { id } }`;
const PAPER = `mutation ($input: EnterPaperBallotsInput!) { enterPaperBallots(input: $input) { id batchKey ballots present enteredBy enteredAt } }`;
const MEETING = `query ($c: ID!) { representativeMeetings(communityId: $c) { id ballotsCast paperBallots present status
  paperBatches { batchKey ballots enteredBy enteredByStaff { id name } } } }`;
const CLOSE = `mutation ($id: ID!) { closeRepresentativeMeeting(id: $id) { status ballotsCast paperBallots
  overall { notSatisfied satisfied verySatisfied } results { worker { id } counts { notSatisfied satisfied verySatisfied } } } }`;

/** 200 paper ballots as 美湖's representatives marked them: 99% very satisfied overall. */
function ballots(staff: string[]) {
  return Array.from({ length: 200 }, (_, i) => ({
    scores: [
      { staffId: staff[0], score: i % 10 === 0 ? 'SATISFIED' : 'VERY_SATISFIED' },
      { staffId: staff[1], score: i % 25 === 0 ? 'NOT_SATISFIED' : 'VERY_SATISFIED' },
    ],
    overall: i < 198 ? 'VERY_SATISFIED' : 'SATISFIED',
  }));
}

async function meetingOf(role: Role, communityId: string, meetingId: string) {
  return ((await ok(role, MEETING, { c: communityId })).representativeMeetings as any[]).find((m) => m.id === meetingId);
}

test('seed 003: 美湖’s 200 representatives at one sitting: the street office enters the paper ballots in batches of 50; the results add up, a retried batch counts once, one attendance caps the count, nothing names a voter, and the rated community’s staff or a resident is refused', async () => {
  const staff = [worker, secretary];
  const roll = Array.from({ length: 210 }, (_, i) => id(`demo:resident:${i}`));
  const meeting = (
    await ok('COMMUNITY_STAFF', OPEN, {
      input: {
        clientRequestId: key(),
        communityId: community0,
        year: 2026,
        title: '2026年度社区工作人员述职',
        staffIds: staff,
        representativeIds: roll,
      },
    })
  ).openRepresentativeMeeting;
  const paper = ballots(staff);
  const batch = (k: number, extra: Record<string, unknown> = {}) => ({
    meetingId: meeting.id,
    batchKey: `A-${k + 1}`,
    present: 200,
    ballots: paper.slice(k * 50, k * 50 + 50),
    ...extra,
  });

  // Refusals write nothing: a ballot without every worker's score, more present than on the roll, a
  // resident, and the staff of another community (the sitting of 湖西, community 1).
  const unscored = batch(0, { ballots: [...paper.slice(0, 3), { ...paper[3], scores: paper[3]!.scores.slice(0, 1) }] });
  refused(await call('STREET_ADMIN', PAPER, { input: unscored }), 'BAD_USER_INPUT', 'input.ballots[3].scores');
  refused(await call('STREET_ADMIN', PAPER, { input: batch(0, { present: 211 }) }), 'BAD_USER_INPUT', 'input.present');
  // A key is a label, never a name that could say whose ballots a stack holds.
  refused(await call('STREET_ADMIN', PAPER, { input: batch(0, { batchKey: '张三的票' }) }), 'BAD_USER_INPUT', 'input.batchKey');
  // A stack of fewer than five that is not the sitting's last.
  refused(await call('STREET_ADMIN', PAPER, { input: batch(0, { ballots: paper.slice(0, 1) }) }), 'BAD_USER_INPUT', 'input.ballots');
  refused(await call('RESIDENT', PAPER, { input: batch(0) }), 'FORBIDDEN');
  // The community's staff are the ones the ballots rate: the street office types the paper in.
  refused(await call('COMMUNITY_STAFF', PAPER, { input: batch(0) }), 'FORBIDDEN');
  const elsewhere = (
    await ok('STREET_ADMIN', OPEN, {
      input: {
        clientRequestId: key(),
        communityId: community1,
        year: 2026,
        title: '2026年度述职',
        staffIds: [worker],
        representativeIds: roll.slice(0, 5),
      },
    })
  ).openRepresentativeMeeting;
  refused(
    await call('GRID_WORKER', PAPER, {
      input: {
        meetingId: elsewhere.id,
        batchKey: 'A-1',
        present: 5,
        ballots: [{ scores: [{ staffId: worker, score: 'SATISFIED' }], overall: 'SATISFIED' }],
      },
    }),
    'FORBIDDEN',
  );
  assert.equal((await meetingOf('STREET_ADMIN', community1, elsewhere.id)).ballotsCast, 0);
  assert.deepEqual(
    (({ ballotsCast, paperBallots, present, paperBatches }) => ({ ballotsCast, paperBallots, present, paperBatches }))(
      await meetingOf('COMMUNITY_STAFF', community0, meeting.id),
    ),
    { ballotsCast: 0, paperBallots: 0, present: null, paperBatches: [] },
  );

  // Four stacks of 50; the second is sent twice (the network dropped the answer), then once more typed in another order.
  const first = [(await ok('STREET_ADMIN', PAPER, { input: batch(0) })).enterPaperBallots];
  first.push((await ok('STREET_ADMIN', PAPER, { input: batch(1) })).enterPaperBallots);
  const retried = (await ok('STREET_ADMIN', PAPER, { input: batch(1) })).enterPaperBallots;
  assert.deepEqual(retried, first[1]);
  const reordered = batch(1, { ballots: [...paper.slice(50, 100)].reverse() });
  assert.equal((await ok('STREET_ADMIN', PAPER, { input: reordered })).enterPaperBallots.id, first[1].id);
  // Another stack under a key already used is refused.
  refused(await call('STREET_ADMIN', PAPER, { input: batch(1, { ballots: paper.slice(150, 200) }) }), 'CONFLICT');
  // The attendance declared with the first stack is the sitting's: a later stack cannot raise it.
  refused(await call('STREET_ADMIN', PAPER, { input: batch(2, { present: 210 }) }), 'BAD_USER_INPUT', 'input.present');
  assert.equal((await meetingOf('COMMUNITY_STAFF', community0, meeting.id)).ballotsCast, 100, 'a retried batch counts once');
  await ok('STREET_ADMIN', PAPER, { input: batch(2) });
  await ok('STREET_ADMIN', PAPER, { input: batch(3) });

  // A 201st ballot exceeds the 200 present, and is refused without counting.
  refused(await call('STREET_ADMIN', PAPER, { input: { ...batch(4), ballots: paper.slice(0, 5) } }), 'BAD_USER_INPUT', 'input.ballots');
  const entered = await meetingOf('COMMUNITY_STAFF', community0, meeting.id);
  assert.deepEqual([entered.ballotsCast, entered.paperBallots, entered.present], [200, 200, 200]);
  assert.deepEqual(
    entered.paperBatches.map((b: { batchKey: string; ballots: number; enteredBy: string }) => [b.batchKey, b.ballots, b.enteredBy]),
    [
      ['A-1', 50, 'demo-street-admin'],
      ['A-2', 50, 'demo-street-admin'],
      ['A-3', 50, 'demo-street-admin'],
      ['A-4', 50, 'demo-street-admin'],
    ],
  );
  // The demo street admin has no staff record to name.
  assert.deepEqual(
    entered.paperBatches.map((b: { enteredByStaff: unknown }) => b.enteredByStaff),
    [null, null, null, null],
  );
  // Representatives see the meeting, not who typed the batches in.
  refused(await call('RESIDENT', MEETING, { c: community0 }), 'FORBIDDEN');

  // A representative who was not at the sitting votes with its own login: online and paper count together.
  const CAST = `mutation ($input: CastBallotInput!) { castBallot(input: $input) { accepted } }`;
  const online = { meetingId: meeting.id, scores: staff.map((s) => ({ staffId: s, score: 'VERY_SATISFIED' })), overall: 'VERY_SATISFIED' };
  await ok('RESIDENT', CAST, { input: online });

  const closed = (await ok('COMMUNITY_STAFF', CLOSE, { id: meeting.id })).closeRepresentativeMeeting;
  assert.deepEqual([closed.ballotsCast, closed.paperBallots], [201, 200]);
  assert.deepEqual(closed.overall, { notSatisfied: 0, satisfied: 2, verySatisfied: 199 });
  assert.deepEqual(closed.results, [
    { worker: { id: staff[0] }, counts: { notSatisfied: 0, satisfied: 20, verySatisfied: 181 } },
    { worker: { id: staff[1] }, counts: { notSatisfied: 8, satisfied: 0, verySatisfied: 193 } },
  ]);

  // Nothing stored names a representative: the online voter's claim only, no ballot documents, batches hold counts and their enterer.
  await withDb(async (db) => {
    assert.equal(await db.collection('ballotclaims').countDocuments({ meetingId: oid(meeting.id) }), 1);
    const batches = await db
      .collection('paperballotbatches')
      .find({ meetingId: oid(meeting.id) })
      .toArray();
    assert.equal(batches.length, 4);
    const rollSet = new Set(roll);
    for (const b of batches) {
      assert.deepEqual(Object.keys(b).sort(), [
        '_id',
        'applied',
        'ballots',
        'batchKey',
        'createdAt',
        'digest',
        'enteredBy',
        'enteredByStaffId',
        'inc',
        'meetingId',
        'present',
        'seq',
        'updatedAt',
      ]);
      assert.ok(
        !JSON.stringify(b)
          .split(/[^0-9a-f]/)
          .some((s) => rollSet.has(s)),
        'no representative id in a batch',
      );
      assert.deepEqual(b.inc, [], 'a batch’s own counters are dropped once in the box');
    }
  });

  // A box as full as its roll refuses an online ballot, and the representative is not marked as having voted.
  const me = DEMO_USERS.RESIDENT.resident_id as string;
  const small = [me, ...roll.filter((r) => r !== me).slice(0, 4)];
  const sitting = (
    await ok('STREET_ADMIN', OPEN, {
      input: { clientRequestId: key(), communityId: community0, year: 2026, title: '补充述职', staffIds: staff, representativeIds: small },
    })
  ).openRepresentativeMeeting;
  await ok('STREET_ADMIN', PAPER, { input: { meetingId: sitting.id, batchKey: 'B-1', present: 5, ballots: paper.slice(0, 5) } });
  refused(await call('RESIDENT', CAST, { input: { ...online, meetingId: sitting.id } }), 'CONFLICT');
  await withDb(async (db) => assert.equal(await db.collection('ballotclaims').countDocuments({ meetingId: oid(sitting.id) }), 0));
});

// ---------------------------------------------------------------- the quarter's waves and walk lists

const CREATE_WAVE = `mutation ($input: CreateSurveyWaveInput!) { createSurveyWave(input: $input) { id status resurvey { reason by earlierWaveIds } } }`;
const WAVES = `query ($c: ID!) { surveyWaves(communityId: $c, period: "2026-Q4") { id } }`;
const START = `mutation ($w: ID!, $seed: String!) { startSampleDraw(waveId: $w, seed: $seed) { id } }`;
const PROGRESS = `query ($id: ID!) { sampleDraw(id: $id) { status failure populationSize progress { phase seen total percent } strata { key planned drawn } } }`;
const ITEMS = `query ($id: ID!, $stratum: String, $status: DrawItemStatus, $first: Int, $after: String) { sampleDraw(id: $id) {
  items(stratum: $stratum, status: $status, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { id stratum kind rank status } } } }`;

interface Item {
  id: string;
  stratum: string;
  kind: string;
  rank: string;
  status: string;
}
const waveInput = (extra: Record<string, unknown> = {}) => ({
  clientRequestId: key(),
  title: '2026年第四季度新三率调查',
  period: '2026-Q4',
  scope: { level: 'COMMUNITY', communityIds: [community0] },
  plan: { perGrid: { size: 3 }, excludeRecentWaves: 0, spare: 2 },
  ...extra,
});

/** Starts a draw and polls it (every 25 ms) to the end, keeping every progress seen while it ran. */
async function drawAndWatch(waveId: string, seed: string) {
  const drawId = (await ok('STREET_ADMIN', START, { w: waveId, seed })).startSampleDraw.id as string;
  const running: { phase: string; seen: number; total: number | null; percent: number | null }[] = [];
  const deadline = Date.now() + 120_000;
  for (;;) {
    const d = (await ok('STREET_ADMIN', PROGRESS, { id: drawId })).sampleDraw;
    if (d.status === 'RUNNING') running.push(d.progress);
    if (d.status === 'DONE') return { drawId, done: d, running };
    assert.notEqual(d.status, 'FAILED', d.failure);
    assert.ok(Date.now() < deadline, 'draw finished in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

const byStratumRank = (a: Item, b: Item) => (a.stratum === b.stratum ? (a.rank < b.rank ? -1 : 1) : a.stratum < b.stratum ? -1 : 1);
const itemsOf = async (drawId: string, args: Record<string, unknown> = {}) =>
  (await ok('STREET_ADMIN', ITEMS, { id: drawId, first: 200, ...args })).sampleDraw.items as { totalCount: number; nodes: Item[] };

let drawn: Promise<{ waveId: string; drawId: string }> | null = null;
/** The quarter's wave of community 0, drawn once for the tests below (each may run alone). */
function quarterWave() {
  drawn ??= (async () => {
    const wave = (await ok('STREET_ADMIN', CREATE_WAVE, { input: waveInput() })).createSurveyWave;
    const { drawId } = await drawAndWatch(wave.id, '2026-12-31 上证综指收盘 3401.27');
    return { waveId: wave.id as string, drawId };
  })();
  return drawn;
}

test('seed 000: one wave per community and quarter unless a declared re-survey; the draw shows a total and a percent while it runs; the walk list is the sample in rank order, the reserve only when asked for', async () => {
  const { waveId, drawId } = await quarterWave();

  // A second wave of the quarter is refused (it would be a redraw with another seed), and writes nothing.
  const before = (await ok('STREET_ADMIN', WAVES, { c: community0 })).surveyWaves.length;
  refused(await call('STREET_ADMIN', CREATE_WAVE, { input: waveInput() }), 'BAD_USER_INPUT', 'input.resurvey');
  refused(await call('STREET_ADMIN', CREATE_WAVE, { input: waveInput({ resurvey: true }) }), 'BAD_USER_INPUT', 'input.resurveyReason');
  assert.equal((await ok('STREET_ADMIN', WAVES, { c: community0 })).surveyWaves.length, before);
  const again = (
    await ok('STREET_ADMIN', CREATE_WAVE, { input: waveInput({ resurvey: true, resurveyReason: '首轮问卷版本有误,街道决定重新调查' }) })
  ).createSurveyWave;
  assert.deepEqual(again.resurvey, { reason: '首轮问卷版本有误,街道决定重新调查', by: 'demo-street-admin', earlierWaveIds: [waveId] });

  // Another community's wave of the quarter is its own; it draws with a total from the start.
  const other = (await ok('STREET_ADMIN', CREATE_WAVE, { input: waveInput({ scope: { level: 'COMMUNITY', communityIds: [community1] } }) }))
    .createSurveyWave;
  const { done, running } = await drawAndWatch(other.id, '2026-12-31 深证成指收盘 10522.18');
  assert.ok(running.length > 0, 'the draw was seen running');
  for (const p of running) {
    assert.ok(p.total !== null && p.total > 0, `a total while ${p.phase}: ${JSON.stringify(p)}`);
    assert.ok(p.percent !== null && p.percent >= 0 && p.percent <= 99, JSON.stringify(p));
  }
  assert.deepEqual([done.progress.total, done.progress.seen, done.progress.percent], [done.populationSize, done.populationSize, 100]);

  // The walk list: the sample, stratum by stratum in rank order, no reserve.
  const strata = (await ok('STREET_ADMIN', PROGRESS, { id: drawId })).sampleDraw.strata as { key: string; drawn: number }[];
  const walk = await itemsOf(drawId);
  assert.equal(
    walk.totalCount,
    strata.reduce((s, x) => s + x.drawn, 0),
  );
  assert.ok(walk.nodes.every((i) => i.status === 'SELECTED'));
  assert.deepEqual(walk.nodes, [...walk.nodes].sort(byStratumRank));
  const stratum = strata[0]!.key;
  const list = (await itemsOf(drawId, { stratum })).nodes;
  assert.deepEqual(
    list,
    walk.nodes.filter((i) => i.stratum === stratum),
  );
  assert.equal(list.length, 3);
  // Page by page, the same order.
  const page1 = (await ok('STREET_ADMIN', ITEMS, { id: drawId, stratum, first: 2 })).sampleDraw.items;
  const page2 = (await ok('STREET_ADMIN', ITEMS, { id: drawId, stratum, first: 2, after: page1.pageInfo.endCursor })).sampleDraw.items;
  assert.deepEqual([...page1.nodes, ...page2.nodes], list);
  assert.equal(page2.pageInfo.hasNextPage, false);
  // The reserve, when asked for: after the sample in rank order.
  const reserve = (await itemsOf(drawId, { stratum, status: 'RESERVE' })).nodes;
  assert.equal(reserve.length, 2);
  assert.ok(reserve[0]!.rank > list.at(-1)!.rank && reserve[0]!.rank < reserve[1]!.rank);

  // After a replacement the first reserve walks in the replaced household's stead, still in rank order.
  await ok('STREET_ADMIN', `mutation ($i: ID!, $r: String!) { replaceDrawItem(itemId: $i, reason: $r) { id } }`, {
    i: list[1]!.id,
    r: '三次上门无人应答',
  });
  const after = (await itemsOf(drawId, { stratum })).nodes;
  assert.deepEqual(
    after.map((i) => i.id),
    [list[0]!.id, list[2]!.id, reserve[0]!.id],
  );
  assert.deepEqual(
    (await itemsOf(drawId, { stratum, status: 'REPLACED' })).nodes.map((i) => i.id),
    [list[1]!.id],
  );
});

// ---------------------------------------------------------------- seed 000: paper and a changed answer

const SUBMIT = `mutation ($input: SubmitSurveyResponseInput!) { submitSurveyResponse(input: $input) { id channel enteredBy satisfaction } }`;
const ENTER = `mutation ($input: EnterPaperSurveyResponseInput!) { enterPaperSurveyResponse(input: $input) { id channel enteredBy enteredByStaff { id } satisfaction sawMember } }`;
const CORRECT = `mutation ($input: CorrectSurveyResponseInput!) { correctSurveyResponse(input: $input) { id satisfaction
  corrections { changes { field before after } by at reason } } }`;
const RATES = `query ($w: ID!) { threeRates(waveId: $w, level: WAVE) { responses satisfaction { basic satisfied verySatisfied } satisfactionRate { successes n } } }`;

const sheet = (satisfaction: string) => ({ sawMember: true, sawWhere: ['HOME'], talkedWithMember: false, satisfaction });
const rates = async (waveId: string) => (await ok('STREET_ADMIN', RATES, { w: waveId })).threeRates[0];

test('seed 000: the respondent changes 基本满意 to 满意 before the interviewer leaves: the correction is recorded and the rates follow; later, or by someone else, it is refused naming the field; staff type in a paper questionnaire', async () => {
  const { waveId, drawId } = await quarterWave();
  const [door, paperItem] = (await itemsOf(drawId)).nodes.filter((i) => i.kind === 'GRID').slice(-2);
  const start = await rates(waveId);

  // At the door: 见过 (at home), never talked, 基本满意.
  const answered = (await ok('STREET_ADMIN', SUBMIT, { input: { drawItemId: door!.id, newThreeRates: sheet('BASIC') } }))
    .submitSurveyResponse;
  assert.deepEqual([answered.channel, answered.enteredBy, answered.satisfaction], ['INTERVIEW', 'demo-street-admin', 'BASIC']);
  const counted = await rates(waveId);
  assert.equal(counted.satisfaction.basic, start.satisfaction.basic + 1);

  // Someone else may not change what the interviewer wrote down.
  const fix = { responseId: answered.id, newThreeRates: sheet('SATISFIED'), reason: '想起居委会给母亲送过长寿面' };
  refused(await call('RESIDENT', CORRECT, { input: fix }), 'NOT_FOUND');
  refused(await call('COMMUNITY_STAFF', CORRECT, { input: fix }), 'FORBIDDEN');
  refused(await call('GRID_WORKER', CORRECT, { input: fix }), 'FORBIDDEN');
  assert.deepEqual(await rates(waveId), counted);

  // "停下,有点低,我给你换下": the interviewer corrects it before leaving.
  const corrected = (await ok('STREET_ADMIN', CORRECT, { input: fix })).correctSurveyResponse;
  assert.equal(corrected.satisfaction, 'SATISFIED');
  assert.equal(corrected.corrections.length, 1);
  const [c] = corrected.corrections;
  assert.deepEqual(c.changes, [{ field: 'satisfaction', before: 'BASIC', after: 'SATISFIED' }]);
  assert.deepEqual([c.by, c.reason], ['demo-street-admin', '想起居委会给母亲送过长寿面']);
  assert.ok(Math.abs(Date.parse(c.at) - Date.now()) < 60_000);
  const moved = await rates(waveId);
  assert.equal(moved.responses, counted.responses, 'a correction is not another response');
  assert.deepEqual(moved.satisfaction, {
    ...counted.satisfaction,
    basic: counted.satisfaction.basic - 1,
    satisfied: counted.satisfaction.satisfied + 1,
  });
  assert.equal(moved.satisfactionRate.successes, counted.satisfactionRate.successes + 1);
  // The same correction sent again changes nothing more.
  assert.equal((await ok('STREET_ADMIN', CORRECT, { input: fix })).correctSurveyResponse.corrections.length, 1);
  assert.deepEqual(await rates(waveId), moved);

  // Half an hour later the interviewer has left: refused, nothing changes.
  await withDb((db) =>
    db.collection('surveyresponses').updateOne({ _id: oid(answered.id) }, { $set: { createdAt: new Date(Date.now() - 31 * 60_000) } }),
  );
  const late = await call('STREET_ADMIN', CORRECT, { input: { ...fix, newThreeRates: sheet('VERY_SATISFIED') } });
  refused(late, 'BAD_USER_INPUT', 'input.responseId');
  assert.match(late.errors![0]!.message, /30 分钟.*30 minutes/);
  assert.deepEqual(await rates(waveId), moved);
  // The correction already made, sent again late (a retry), is answered and changes nothing.
  assert.equal((await ok('STREET_ADMIN', CORRECT, { input: fix })).correctSurveyResponse.corrections.length, 1);

  // A paper questionnaire typed in by the street office (never by the community's staff, whom it
  // rates): recorded as paper, with who typed it.
  refused(
    await call('COMMUNITY_STAFF', ENTER, { input: { drawItemId: paperItem!.id, newThreeRates: sheet('VERY_SATISFIED') } }),
    'FORBIDDEN',
  );
  refused(await call('GRID_WORKER', ENTER, { input: { drawItemId: paperItem!.id, newThreeRates: sheet('VERY_SATISFIED') } }), 'FORBIDDEN');
  refused(await call('RESIDENT', ENTER, { input: { drawItemId: paperItem!.id, newThreeRates: sheet('VERY_SATISFIED') } }), 'FORBIDDEN');
  refused(
    await call('STREET_ADMIN', ENTER, {
      input: { drawItemId: paperItem!.id, newThreeRates: { ...sheet('VERY_SATISFIED'), sawWhere: [] } },
    }),
    'BAD_USER_INPUT',
  );
  assert.deepEqual(await rates(waveId), moved);
  const typed = (await ok('STREET_ADMIN', ENTER, { input: { drawItemId: paperItem!.id, newThreeRates: sheet('VERY_SATISFIED') } }))
    .enterPaperSurveyResponse;
  assert.deepEqual(
    [typed.channel, typed.enteredBy, typed.enteredByStaff, typed.satisfaction],
    ['PAPER', 'demo-street-admin', null, 'VERY_SATISFIED'],
  );
  assert.equal(
    (await ok('STREET_ADMIN', ENTER, { input: { drawItemId: paperItem!.id, newThreeRates: sheet('VERY_SATISFIED') } }))
      .enterPaperSurveyResponse.id,
    typed.id,
  );
  const withPaper = await rates(waveId);
  assert.equal(withPaper.responses, moved.responses + 1);
  assert.equal(withPaper.satisfaction.verySatisfied, moved.satisfaction.verySatisfied + 1);
  const stored = await withDb((db) => db.collection('surveyresponses').findOne({ _id: oid(typed.id) }));
  assert.deepEqual([stored!.channel, stored!.submittedBy], ['PAPER', 'demo-street-admin']);
});

test('seed 000: during fieldwork a worker’s review summary says the results wait for the end of the review (采集中), and is FINAL once the quarter’s waves close', async () => {
  await quarterWave();
  const SUMMARY = `query ($s: ID!, $p: String!) { staffMember(id: $s) { reviewSummary(period: $p) { status note valid } } }`;
  const summary = async (role: Role, period: string) => (await ok(role, SUMMARY, { s: worker, p: period })).staffMember.reviewSummary;
  const mine = await summary('GRID_WORKER', '2026-Q4');
  assert.equal(mine.status, 'FIELDWORK');
  assert.match(mine.note, /^采集中,结果待审核结束后公布/);
  assert.equal((await summary('STREET_ADMIN', '2026-Q4')).status, 'FIELDWORK');
  // The demo's third quarter is closed.
  const q3 = await summary('GRID_WORKER', '2026-Q3');
  assert.deepEqual([q3.status, q3.note], ['FINAL', null]);

  for (const c of [community0, community1])
    for (const w of (await ok('STREET_ADMIN', WAVES, { c })).surveyWaves as { id: string }[]) {
      const status = (await ok('STREET_ADMIN', `query ($id: ID!) { surveyWave(id: $id) { status } }`, { id: w.id })).surveyWave.status;
      if (status === 'OPEN') await ok('STREET_ADMIN', `mutation ($id: ID!) { closeSurveyWave(id: $id) { status } }`, { id: w.id });
    }
  // A wave planned but not drawn (the re-survey) is no fieldwork yet.
  const closed = await summary('GRID_WORKER', '2026-Q4');
  assert.deepEqual([closed.status, closed.note], ['FINAL', null]);
});
