import { seededRandom, stableObjectId, type Logger } from '@jwh/platform';
import type { Models } from '../models/index.js';

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

/** Demo volunteers: every third of the first 100 demo residents of people-grids. */
export async function seedDemoData(m: Models, logger: Logger): Promise<void> {
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
      pointsBalance: hours * 10,
      hoursServed: hours,
      joinedAt: new Date(Date.UTC(2025, n % 12, 1 + (n % 27))),
    });
  }
  await m.Volunteer.insertMany(volunteers);
  const rooms = [0, 1].flatMap((c) => [
    {
      _id: stableObjectId(`demo:room:${c}:activity`),
      communityId: stableObjectId(`demo:community:${c}`),
      name: '活动室',
      kind: 'ACTIVITY',
      equipment: ['镜子', '钢琴', '音响'],
      capacity: 40,
    },
    {
      _id: stableObjectId(`demo:room:${c}:reading`),
      communityId: stableObjectId(`demo:community:${c}`),
      name: '阅览室',
      kind: 'READING',
      equipment: ['书架'],
      capacity: 20,
    },
    {
      _id: stableObjectId(`demo:room:${c}:talk`),
      communityId: stableObjectId(`demo:community:${c}`),
      name: '谈心室',
      kind: 'TALK',
      equipment: [],
      capacity: 4,
    },
  ]);
  await m.Room.insertMany(rooms);
  // Two elder canteens of the alliance, each serving one community; the demo PARTNER token is canteen 0.
  const canteens = [0, 1].map((c) => ({
    _id: stableObjectId(`demo:org:canteen-${c}`),
    name: c === 0 ? '美湖幸福餐厅' : '凤凰山爱心餐厅',
    kind: 'ELDER_CANTEEN',
    services: ['老年助餐', '送餐上门'],
    communityIds: [stableObjectId(`demo:community:${c}`)],
  }));
  await m.Organization.insertMany([
    ...canteens,
    {
      _id: stableObjectId('demo:org:reading-club'),
      name: '美湖读书会',
      kind: 'CULTURE_SPORTS',
      registration: 'FILED',
      services: ['周末绘本课'],
      communityIds: [stableObjectId('demo:community:0')],
      roomId: stableObjectId('demo:room:0:reading'),
    },
  ]);
  await m.Alliance.create({ name: '爱心餐厅联盟', kind: 'ELDER_CANTEEN', memberOrgIds: canteens.map((c) => c._id) });
  // Love cards for some of the first demo residents (community 0), one suspended and one expired.
  await m.MealCard.insertMany(
    [0, 4, 8, 12, 16].map((n, i) => ({
      cardNo: `AX-DEMO-${String(n).padStart(4, '0')}`,
      residentId: stableObjectId(`demo:resident:${n}`),
      ...demoPlacement(n),
      validUntil: i === 4 ? '2025-12-31' : '2027-12-31',
      status: i === 3 ? 'SUSPENDED' : 'ACTIVE',
    })),
  );
  logger.info({ volunteers: volunteers.length }, 'demo data loaded');
}
