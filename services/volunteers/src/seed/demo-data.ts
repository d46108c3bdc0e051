import { seededRandom, stableObjectId, type ChangeRecordModel, type Logger } from '@jwh/platform';
import type { Models } from '../models/index.js';
import { issueCardTo } from '../services/canteen.service.js';
import { LEDGER_KINDS, POINTS_PER_HOUR } from '../services/points-ledger.js';
import { seedRegistry } from './registry.js';

const SKILLS = ['理发', '家电维修', '陪护', '读书会', '法律咨询', '心理疏导', '书法', '交通引导'];

/**
 * Where demo resident `n` (n < 100) lives, by people-grids' generator contract: small grid 0-0-0 of
 * community 0; household 0 holds residents 0 and 1 (the other households are not part of the
 * contract: their residents' rows carry no household, so only they themselves and staff see them).
 */
const demoPlacement = (n: number) => ({
  communityId: stableObjectId('demo:community:0'),
  gridId: stableObjectId('demo:grid:0-0-0'),
  householdId: n < 2 ? stableObjectId('demo:household:0') : null,
});

const stringPlacement = (n: number) => {
  const p = demoPlacement(n);
  return { communityId: String(p.communityId), gridId: String(p.gridId), householdId: p.householdId ? String(p.householdId) : null };
};

/**
 * Demo residents of 70 and over and their ages the day the demo is generated (people-grids'
 * generator, seed 20261121: residents 0–99 of small grid 0-0-0; ages only grow afterwards). The
 * end-to-end test `admin-orgs` reads every card holder's age from people-grids and fails when this
 * contract no longer holds.
 */
export const DEMO_ELDERS = [
  { n: 9, age: 82 },
  { n: 10, age: 73 },
  { n: 13, age: 73 },
  { n: 22, age: 80 },
  { n: 30, age: 74 },
] as const;
/** The love card's minimum age the demo cards are issued under (MEAL_CARD_MIN_AGE's default). */
const DEMO_CARD_MIN_AGE = 70;

const DAY_MS = 86_400_000;

/**
 * The confirmed hours behind demo volunteer `n`'s balance, as the ledger holds them: a few this
 * month (at the seed's own time), the rest five weeks and half a year before. The points
 * leaderboards are built from it at start (services/leaderboard-tally.ts).
 */
function demoLedger(volunteerId: string, n: number, hours: number) {
  const now = Date.now();
  const thisMonth = Math.min(hours, 1 + (n % 5));
  const earlier = Math.floor((hours - thisMonth) / 2);
  const parts = [
    { hours: hours - thisMonth - earlier, at: new Date(now - 160 * DAY_MS) },
    { hours: earlier, at: new Date(now - 35 * DAY_MS) },
    { hours: thisMonth, at: new Date(now) },
  ].filter((p) => p.hours > 0);
  let balance = 0;
  return parts.map((p, i) => {
    balance += p.hours * POINTS_PER_HOUR;
    return {
      idempotencyKey: `${LEDGER_KINDS.EARNED}demo:${n}:${i}`,
      volunteerId,
      delta: p.hours * POINTS_PER_HOUR,
      hours: p.hours,
      reason: `服务 ${p.hours} 小时`,
      balanceAfter: balance,
      at: p.at,
    };
  });
}

/** Demo volunteers: every third of the first 100 demo residents of people-grids, with the ledger of their hours. */
export async function seedDemoData(m: Models, logger: Logger, { changeLog }: { changeLog: ChangeRecordModel }): Promise<void> {
  if ((await m.Volunteer.estimatedDocumentCount()) > 0) return;
  const rnd = seededRandom(7);
  const volunteers = [];
  for (let n = 0; n < 100; n += 3) {
    const hours = Math.floor(rnd() * 60);
    volunteers.push({
      _id: stableObjectId(`demo:volunteer:${n}`),
      residentId: stableObjectId(`demo:resident:${n}`),
      personKey: `resident:${stableObjectId(`demo:resident:${n}`)}`,
      ...demoPlacement(n),
      availability: [['WEEKDAY_EVENING', 'WEEKEND'], ['WEEKEND'], ['WEEKDAY_DAYTIME', 'WEEKEND']][n % 3],
      skills: [SKILLS[n % SKILLS.length]!, SKILLS[(n * 7 + 3) % SKILLS.length]!].filter((s, i, a) => a.indexOf(s) === i),
      pointsBalance: hours * POINTS_PER_HOUR,
      hoursServed: hours,
      joinedAt: new Date(Date.UTC(2025, n % 12, 1 + (n % 27))),
    });
  }
  await m.Volunteer.insertMany(volunteers);
  await m.PointsEntry.insertMany(volunteers.flatMap((v, i) => demoLedger(String(v._id), i * 3, v.hoursServed)));
  await seedRegistry(m, changeLog);
  // Love cards under the one rule (meal-card-rule.ts), to 70+ demo residents of community 0 (ages by
  // the generator's contract, DEMO_ELDERS); one suspended and one expired.
  const cards = DEMO_ELDERS.slice(0, 5);
  for (const [i, { n, age }] of cards.entries()) {
    await issueCardTo(
      { models: m },
      { id: String(stableObjectId(`demo:resident:${n}`)), age, ...stringPlacement(n) },
      i === 4 ? '2025-12-31' : '2027-12-31',
      DEMO_CARD_MIN_AGE,
      `AX-DEMO-${String(n).padStart(4, '0')}`,
    );
  }
  await m.MealCard.updateOne({ cardNo: `AX-DEMO-${String(cards[3]!.n).padStart(4, '0')}` }, { $set: { status: 'SUSPENDED' } }).exec();
  logger.info({ volunteers: volunteers.length }, 'demo data loaded');
}
