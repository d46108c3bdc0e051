// The B1 dashboard operations (issue 12): a fixed list of everyday reads across the roles, run by
// the full-demo test (no errors on the full demo) and measured by `npm run bench -- dashboard`.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Role } from '@jwh/platform';
import { ROOT } from './paths.js';
import { gql } from '@jwh/testkit';

export type SubgraphName = 'people-grids' | 'service-matters' | 'volunteers' | 'evaluations';

/**
 * The ids and dates an operation needs, found through the graph at start (`discoverFixture`). Each
 * field is "the caller's own" where the role has one: a grid worker's own grid and staff record, a
 * resident's own record, a partner's own canteen; a street admin or community staff member uses the
 * community (and a grid of it) the others belong to.
 */
export interface Fixture {
  communityId: string;
  /** A small grid of `communityId`; for a grid worker, its own. */
  gridId: string;
  /** The grid worker's own staff record. */
  workerId: string;
  /** The resident's own record. */
  residentId: string;
  /** A closed survey wave of the community (rates by grid). */
  waveId: string;
  /** Today in Asia/Shanghai, YYYY-MM-DD. */
  today: string;
  /** This month, YYYY-MM. */
  month: string;
  /** This year, YYYY (a score or review period). */
  year: string;
  /** A week ago, YYYY-MM-DD (the last full week of recorded half-days). */
  weekAgo: string;
  /** Sixty days ago, YYYY-MM-DD (a worker's recent visits). */
  sixtyDaysAgo: string;
}

export interface EverydayOperation {
  /** The GraphQL operation name (also its metrics label: letters and digits only, at most 40). */
  name: string;
  /** What a dashboard user would call it. */
  title: string;
  role: Role;
  /**
   * Asked without a token (the public notice board): the full-demo test sends no Authorization;
   * `role` is then the role of the gateway's anonymous viewer (RESIDENT). The dashboard benchmark
   * still sends the role's token (its Hive Gateway and direct runs sign a user for every call).
   */
  anonymous?: boolean;
  /** A named query; its name equals `name`. */
  query: string;
  variables: (f: Fixture) => Record<string, unknown>;
  /** The subgraphs its query plan may call, the root field's owner first. */
  subgraphs: readonly SubgraphName[];
  /**
   * Paths into `data` the demo guarantees for the demo user of `role` (a non-null value, and a
   * non-empty list when it is a list). Not checked where the demo has nothing to show (activities,
   * canteen meals, notifications) or where the answer depends on the day (overdue requests).
   */
  nonEmpty: readonly string[];
}

interface BannerModule {
  EXAMPLE_QUERY: string;
  DEMO_RESIDENT_ID: string;
}
/** What `npm start` prints as the first query to try (README: "a ready-to-paste curl query"). */
const banner = (await import(pathToFileURL(join(ROOT, 'scripts/demo-banner.mjs')).href)) as BannerModule;
/** The demo resident the README's first query asks for (demo resident 0, with data in all four subgraphs). */
export const README_RESIDENT_ID = banner.DEMO_RESIDENT_ID;

const PG = 'people-grids';
const SM = 'service-matters';
const VOL = 'volunteers';
const EVAL = 'evaluations';

export const EVERYDAY_OPERATIONS: readonly EverydayOperation[] = [
  {
    name: 'ReadmeFirstQuery',
    title: "README's first query: a resident across the graph (street admin)",
    role: 'STREET_ADMIN',
    // Exactly what `npm start` prints, with an operation name.
    query: `query ReadmeFirstQuery ${banner.EXAMPLE_QUERY}`,
    variables: () => ({}),
    subgraphs: [PG, SM, VOL, EVAL],
    nonEmpty: ['resident.household.grid', 'resident.serviceRequests', 'resident.volunteer', 'resident.surveyResponses'],
  },
  {
    name: 'StreetOverview',
    title: 'street overview: communities with household and resident counts',
    role: 'STREET_ADMIN',
    query: `query StreetOverview { communities { id name householdCount residentCount } }`,
    variables: () => ({}),
    subgraphs: [PG],
    nonEmpty: ['communities'],
  },
  {
    name: 'CommunityGridTree',
    title: "a community's grid tree with its workers",
    role: 'COMMUNITY_STAFF',
    query: `query CommunityGridTree($c: ID!) {
      community(id: $c) {
        id name householdCount residentCount
        grids(level: BIG) {
          id name householdCount workers { id name role dutyPhone }
          children { id name householdCount outOfRange workers { id name role householdCount } }
        }
      }
    }`,
    variables: (f) => ({ c: f.communityId }),
    subgraphs: [PG],
    nonEmpty: ['community.grids'],
  },
  {
    name: 'CommunityBuildings',
    title: "the living map's plan: a community's buildings with their points and household counts",
    role: 'COMMUNITY_STAFF',
    query: `query CommunityBuildings($c: ID!) {
      community(id: $c) { id buildings { id name lat lng householdCount grid { id name } } }
    }`,
    variables: (f) => ({ c: f.communityId }),
    subgraphs: [PG],
    nonEmpty: ['community.buildings'],
  },
  {
    name: 'GridGaps',
    title: 'grids off the 300–350 norm and households outside every grid',
    role: 'COMMUNITY_STAFF',
    query: `query GridGaps($c: ID!) {
      gridsOutOfRange(communityId: $c) { id name householdCount }
      ungriddedHouseholds(communityId: $c, first: 20) { totalCount nodes { id address } }
    }`,
    variables: (f) => ({ c: f.communityId }),
    subgraphs: [PG],
    nonEmpty: ['ungriddedHouseholds.nodes'],
  },
  {
    name: 'GridResidents',
    title: "a grid's residents with their households (grid worker, own grid)",
    role: 'GRID_WORKER',
    query: `query GridResidents($g: ID!) {
      residents(first: 20, filter: { gridId: $g }) {
        totalCount pageInfo { hasNextPage endCursor }
        nodes { id name gender age elderTier tags phone household { id address members { id name age } } }
      }
    }`,
    variables: (f) => ({ g: f.gridId }),
    subgraphs: [PG],
    nonEmpty: ['residents.nodes'],
  },
  {
    name: 'MyGridHouseholds',
    title: "a grid worker's households with their tags (own grid, a page of 50)",
    role: 'GRID_WORKER',
    query: `query MyGridHouseholds($g: ID!) {
      grid(id: $g) {
        id householdCount
        households(first: 50) { totalCount pageInfo { hasNextPage endCursor } nodes { id building address memberCount tags } }
      }
    }`,
    variables: (f) => ({ g: f.gridId }),
    subgraphs: [PG],
    nonEmpty: ['grid.households.nodes'],
  },
  {
    name: 'EldersOfTier',
    title: 'elders of a tier (80+) in a community, with where they live',
    role: 'COMMUNITY_STAFF',
    query: `query EldersOfTier($c: ID!) {
      residents(first: 50, filter: { communityId: $c, elderTier: AGE_80 }) {
        totalCount pageInfo { hasNextPage endCursor }
        nodes { id name age gender tags phone household { address grid { name } } }
      }
    }`,
    variables: (f) => ({ c: f.communityId }),
    subgraphs: [PG],
    nonEmpty: ['residents.nodes'],
  },
  {
    name: 'BirthdaysThisWeek',
    title: 'birthdays in the next 7 days',
    role: 'COMMUNITY_STAFF',
    query: `query BirthdaysThisWeek($c: ID!) {
      upcomingBirthdays(communityId: $c, days: 7, first: 100) {
        totalCount
        nodes { date turningAge tier resident { id name household { address grid { name } } } }
      }
    }`,
    variables: (f) => ({ c: f.communityId }),
    subgraphs: [PG],
    nonEmpty: ['upcomingBirthdays.nodes'],
  },
  {
    name: 'ElderBirthdaysOfMyGrid',
    title: "a grid worker's 70+ birthdays this week (cakes to order)",
    role: 'GRID_WORKER',
    query: `query ElderBirthdaysOfMyGrid($c: ID!) {
      upcomingBirthdays(communityId: $c, days: 7, tier: AGE_70, first: 50) { totalCount nodes { date turningAge resident { name household { address } } } }
    }`,
    variables: (f) => ({ c: f.communityId }),
    subgraphs: [PG],
    nonEmpty: [],
  },
  {
    name: 'ElderHaircutsOwedOfMyGrid',
    title: "a grid worker's 60+ still owed this month's free haircut (6789 walk list)",
    role: 'GRID_WORKER',
    query: `query ElderHaircutsOwedOfMyGrid($c: ID!, $g: ID!, $d: LocalDate!) {
      elderServices(communityId: $c, occasion: { service: HAIRCUT, date: $d }) {
        eligible delivered owed counts { grid { id } tier eligible delivered owed }
        owedResidents(gridId: $g) { tier age resident { id name household { address } } }
      }
    }`,
    variables: (f) => ({ c: f.communityId, g: f.gridId, d: f.today }),
    subgraphs: [PG],
    nonEmpty: ['elderServices.counts', 'elderServices.owedResidents'],
  },
  {
    name: 'ElderGiftsOfCommunity',
    title: 'the community’s 80+ 重阳 gifts: owed and delivered per grid and tier',
    role: 'COMMUNITY_STAFF',
    query: `query ElderGiftsOfCommunity($c: ID!, $y: Int!) {
      elderServices(communityId: $c, occasion: { service: FESTIVAL_GIFT, year: $y, festival: DOUBLE_NINTH }) {
        occasion { label } eligible delivered owed counts { grid { id name } tier eligible delivered owed }
      }
    }`,
    variables: (f) => ({ c: f.communityId, y: Number(f.year) }),
    subgraphs: [PG],
    nonEmpty: ['elderServices.counts'],
  },
  {
    name: 'CommunityElderServices',
    title: 'the community’s 60+ haircuts this month (the web app’s 6789 screen): owed and delivered per grid and tier',
    role: 'COMMUNITY_STAFF',
    query: `query CommunityElderServices($c: ID!, $d: LocalDate!) {
      elderServices(communityId: $c, occasion: { service: HAIRCUT, date: $d }) {
        occasion { label } eligible delivered owed counts { grid { id name } tier eligible delivered owed }
      }
    }`,
    variables: (f) => ({ c: f.communityId, d: f.today }),
    subgraphs: [PG],
    nonEmpty: ['elderServices.counts'],
  },
  {
    name: 'ResidentSearch',
    title: 'residents by name prefix',
    role: 'COMMUNITY_STAFF',
    query: `query ResidentSearch { residents(first: 20, filter: { namePrefix: "王" }) { totalCount nodes { id name age household { address } } } }`,
    variables: () => ({}),
    subgraphs: [PG],
    nonEmpty: ['residents.nodes'],
  },
  {
    name: 'PublicBoard',
    title: "today's public board (宣传栏)",
    role: 'RESIDENT',
    query: `query PublicBoard($c: ID!) {
      publicBoard(communityId: $c) {
        date
        schedule { start end place task staff { name role } }
        posts { place weekdays start end staff { name } }
        duty { part desk staff { name dutyPhone } }
      }
    }`,
    variables: (f) => ({ c: f.communityId }),
    subgraphs: [PG],
    nonEmpty: ['publicBoard.schedule', 'publicBoard.duty'],
  },
  {
    name: 'NoticeBoardToday',
    title: "today's notice board, without signing in (挂牌上岗, 日程公示)",
    role: 'RESIDENT',
    anonymous: true,
    query: `query NoticeBoardToday($c: ID!) {
      noticeBoard(communityId: $c) {
        communityName street date
        schedule { start end place task staff { name role } }
        posts { place start end staff { name role } }
        desks { part desk staff { name role } }
      }
    }`,
    variables: (f) => ({ c: f.communityId }),
    subgraphs: [PG],
    nonEmpty: ['noticeBoard.schedule', 'noticeBoard.desks'],
  },
  {
    name: 'StaffDirectory',
    title: "a community's staff cards (resident)",
    role: 'RESIDENT',
    query: `query StaffDirectory($c: ID!) { staffMembers(communityId: $c) { id name role dutyPhone grids { name } posts { place weekdays start end } } }`,
    variables: (f) => ({ c: f.communityId }),
    subgraphs: [PG],
    nonEmpty: ['staffMembers'],
  },
  {
    name: 'WorkerVisits',
    title: "a grid worker's visits of the last 60 days",
    role: 'GRID_WORKER',
    query: `query WorkerVisits($me: ID!, $from: LocalDate!, $to: LocalDate!) {
      visits(filter: { staffId: $me, from: $from, to: $to }, first: 20) { totalCount nodes { id at placeType topics followUps household { address } } }
    }`,
    variables: (f) => ({ me: f.workerId, from: f.sixtyDaysAgo, to: f.today }),
    subgraphs: [PG],
    nonEmpty: ['visits.nodes'],
  },
  {
    name: 'OffDeskShares',
    title: "workers' off-desk shares of last week",
    role: 'COMMUNITY_STAFF',
    query: `query OffDeskShares($c: ID!, $w: LocalDate!) { offDeskShares(communityId: $c, weekOf: $w) { staff { id name } weekStart offDesk onDesk share meetsTarget } }`,
    variables: (f) => ({ c: f.communityId, w: f.weekAgo }),
    subgraphs: [PG],
    nonEmpty: ['offDeskShares'],
  },
  {
    name: 'NearestHydrants',
    title: 'the nearest fire hydrants to a point',
    role: 'GRID_WORKER',
    query: `query NearestHydrants { nearestFacilities(type: FIRE_HYDRANT, lat: 30.5435, lng: 114.3421, first: 5) { distanceMeters facility { id name status grid { name } } } }`,
    variables: () => ({}),
    subgraphs: [PG],
    nonEmpty: ['nearestFacilities'],
  },
  {
    name: 'WorkerBacklog',
    title: "a grid worker's open requests in its grid",
    role: 'GRID_WORKER',
    query: `query WorkerBacklog($g: ID!) {
      serviceRequests(first: 50, filter: { gridId: $g, open: true }) { totalCount nodes { id status receivedAt dueDate overdue type { name } resident { name } } }
    }`,
    variables: (f) => ({ g: f.gridId }),
    subgraphs: [SM, PG],
    nonEmpty: ['serviceRequests.nodes'],
  },
  {
    name: 'WorkerOverdue',
    title: "a grid worker's overdue requests",
    role: 'GRID_WORKER',
    query: `query WorkerOverdue { serviceRequests(first: 50, filter: { overdue: true }) { totalCount nodes { id status dueDate type { name deadlineWorkingDays } } } }`,
    variables: () => ({}),
    subgraphs: [SM],
    nonEmpty: [],
  },
  {
    name: 'WorkerDueSoon',
    title: "a grid worker's requests due within 5 working days",
    role: 'GRID_WORKER',
    query: `query WorkerDueSoon { serviceRequests(first: 50, filter: { dueWithinWorkingDays: 5 }) { totalCount nodes { id status dueDate type { name } } } }`,
    variables: () => ({}),
    subgraphs: [SM],
    nonEmpty: [],
  },
  {
    name: 'RequestStats',
    title: "a community's request statistics this year",
    role: 'COMMUNITY_STAFF',
    query: `query RequestStats($c: ID!, $from: LocalDate!, $to: LocalDate!) {
      serviceRequestStats(communityId: $c, from: $from, to: $to) {
        total delivered onTimeRate medianWorkingDays firstContactResolutionRate referralRate
        byType { typeCode total referred referralRate }
        byWorker { staffId total delivered onTime onTimeRate }
      }
    }`,
    variables: (f) => ({ c: f.communityId, from: `${f.year}-01-01`, to: f.today }),
    subgraphs: [SM],
    nonEmpty: ['serviceRequestStats.byType'],
  },
  {
    name: 'ServiceCatalogue',
    title: 'the doorstep service catalogue (resident)',
    role: 'RESIDENT',
    query: `query ServiceCatalogue { serviceTypes { code name deadlineWorkingDays decidedBy requiredMaterials eligibility { minAge localHukouRequired } } }`,
    variables: () => ({}),
    subgraphs: [SM],
    nonEmpty: ['serviceTypes'],
  },
  {
    name: 'ActivitiesWithSeats',
    title: "a community's activities with seats taken and waitlist (resident)",
    role: 'RESIDENT',
    query: `query ActivitiesWithSeats($c: ID!) { activities(communityId: $c) { id title place startsAt capacity confirmed waitlisted signupOpensAt status } }`,
    variables: (f) => ({ c: f.communityId }),
    subgraphs: [VOL],
    nonEmpty: [],
  },
  {
    name: 'Volunteers',
    title: 'volunteers with skills, points and who they are',
    role: 'COMMUNITY_STAFF',
    query: `query Volunteers { volunteers(first: 50) { totalCount nodes { id skills availability pointsBalance hoursServed resident { name } } } }`,
    variables: () => ({}),
    subgraphs: [VOL, PG],
    nonEmpty: ['volunteers.nodes'],
  },
  {
    name: 'PointsLeaderboard',
    title: "a community's volunteers' points leaderboard this month",
    role: 'COMMUNITY_STAFF',
    query: `query PointsLeaderboard($c: ID!) { pointsLeaderboard(communityId: $c, period: MONTH) { rank points hours activitiesAttended resident { name } } }`,
    variables: (f) => ({ c: f.communityId }),
    subgraphs: [VOL, PG],
    nonEmpty: ['pointsLeaderboard'],
  },
  {
    name: 'CanteenMonth',
    title: "an elder canteen's month and its card holders (partner)",
    role: 'PARTNER',
    query: `query CanteenMonth($m: String!) {
      canteenMonth(month: $m) { canteenId month meals listTotalCents paidTotalCents subsidyOwedCents redemptions { at paidPriceCents card { cardNo } } }
      canteenCardHolders { cardNo status validUntil resident { name phone } }
    }`,
    variables: (f) => ({ m: f.month }),
    subgraphs: [VOL, PG],
    nonEmpty: ['canteenMonth', 'canteenCardHolders'],
  },
  {
    name: 'RatesByGrid',
    title: 'new three rates of a wave by grid',
    role: 'COMMUNITY_STAFF',
    query: `query RatesByGrid($w: ID!) {
      threeRates(waveId: $w, level: GRID) {
        scopeId responses
        meetingRate { rate low high n } conversationRate { rate n } familiarityRate { rate n } satisfactionRate { rate low high n }
      }
    }`,
    variables: (f) => ({ w: f.waveId }),
    subgraphs: [EVAL],
    nonEmpty: ['threeRates'],
  },
  {
    name: 'WorkerScores',
    title: "a community's worker scores this year",
    role: 'COMMUNITY_STAFF',
    query: `query WorkerScores($c: ID!, $p: String!) { workerScores(communityId: $c, period: $p) { worker { id name role } offDeskShare onTimeRate reviewScore auditScore total } }`,
    variables: (f) => ({ c: f.communityId, p: f.year }),
    subgraphs: [EVAL, PG],
    nonEmpty: ['workerScores'],
  },
  {
    name: 'MyReviewSummary',
    title: "a grid worker's own card and review counts",
    role: 'GRID_WORKER',
    query: `query MyReviewSummary($me: ID!, $p: String!) {
      staffMember(id: $me) { id name householdCount grids { name } reviewSummary(period: $p) { excellent good fair poor valid invalid score } }
    }`,
    variables: (f) => ({ me: f.workerId, p: f.year }),
    subgraphs: [PG, EVAL],
    nonEmpty: ['staffMember.reviewSummary'],
  },
  {
    name: 'MyOwnRecord',
    title: "a resident's own record with its requests",
    role: 'RESIDENT',
    query: `query MyOwnRecord($me: ID!) {
      resident(id: $me) {
        id name age phone
        household { address grid { name } members { name } }
        serviceRequests { id status dueDate type { name } timeline { to at } }
        volunteer { pointsBalance hoursServed }
        mealCard { cardNo status validUntil }
      }
    }`,
    variables: (f) => ({ me: f.residentId }),
    subgraphs: [PG, SM, VOL],
    nonEmpty: ['resident.household', 'resident.serviceRequests'],
  },
  {
    name: 'OpsQueues',
    title: 'ops: job queues and the next reminders',
    role: 'OPS',
    query: `query OpsQueues { queues { name waiting delayed active completed failed paused } upcomingReminders(first: 20) { jobId kind fireAt recipientType } }`,
    variables: () => ({}),
    subgraphs: [PG],
    nonEmpty: ['queues'],
  },
  {
    name: 'PiiAccessLog',
    title: 'the personal-data access log (street admin)',
    role: 'STREET_ADMIN',
    query: `query PiiAccessLog { piiAccessLog(first: 20) { totalCount nodes { at actor role residentId field purpose } } }`,
    variables: () => ({}),
    subgraphs: [PG],
    nonEmpty: [],
  },
];

/** The value at a dotted path of `data` (undefined when a step is missing). */
export function valueAt(data: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((v, key) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), data);
}

/** The `nonEmpty` paths of `op` that `data` lacks (null, missing or an empty list). */
export function missingData(op: EverydayOperation, data: unknown): string[] {
  return op.nonEmpty.filter((path) => {
    const v = valueAt(data, path);
    return v === null || v === undefined || (Array.isArray(v) && v.length === 0);
  });
}

/** Claims of a JWT, read without verifying it (a client knows who it is). */
export function claimsOf(token: string): Record<string, unknown> {
  const payload = token.split('.')[1];
  if (!payload) throw new Error('not a JWT');
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** Asks the gateway as `token`; throws with the errors when there are any. */
async function ask<T = any>(gatewayUrl: string, token: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const { status, body } = await gql<T>(gatewayUrl, query, variables, { authorization: `Bearer ${token}` });
  if (status !== 200 || body.errors?.length || !body.data)
    throw new Error(`fixture discovery: ${query.slice(0, 80)}… answered ${status} ${JSON.stringify(body.errors ?? body)}`);
  return body.data;
}

const shanghaiDate = (d: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);

/** Today, this month, this year and the windows the operations use, in Asia/Shanghai. */
export function dates(now = new Date()): Pick<Fixture, 'today' | 'month' | 'year' | 'weekAgo' | 'sixtyDaysAgo'> {
  const today = shanghaiDate(now);
  const daysAgo = (n: number) => shanghaiDate(new Date(now.getTime() - n * 86_400_000));
  return { today, month: today.slice(0, 7), year: today.slice(0, 4), weekAgo: daysAgo(7), sixtyDaysAgo: daysAgo(60) };
}

/**
 * Finds the fixture through the graph, as the demo users: the community staff member's community,
 * the grid worker's own grid and record, the resident's own record and a closed survey wave of the
 * community. Throws when one of them is missing (the demo data did not load).
 */
export async function discoverFixture(gatewayUrl: string, tokens: Record<Role, string>): Promise<Fixture> {
  const worker = claimsOf(tokens.GRID_WORKER);
  const resident = claimsOf(tokens.RESIDENT);
  const [staffView, workerView, residentView] = await Promise.all([
    ask<{ communities: { id: string }[] }>(gatewayUrl, tokens.COMMUNITY_STAFF, `query FixtureCommunity { communities { id } }`),
    ask<{ staffMember: { id: string; grids: { id: string; community: { id: string } }[] } | null }>(
      gatewayUrl,
      tokens.GRID_WORKER,
      `query FixtureWorker($me: ID!) { staffMember(id: $me) { id grids { id community { id } } } }`,
      { me: worker.staff_id },
    ),
    ask<{ resident: { id: string } | null }>(gatewayUrl, tokens.RESIDENT, `query FixtureResident($me: ID!) { resident(id: $me) { id } }`, {
      me: resident.resident_id,
    }),
  ]);
  const communityId = staffView.communities[0]?.id;
  const grid = workerView.staffMember?.grids[0];
  if (!communityId || !grid || !residentView.resident)
    throw new Error('fixture discovery: the demo users see no community, grid or own record');
  const waves = await ask<{ surveyWaves: { id: string; status: string }[] }>(
    gatewayUrl,
    tokens.COMMUNITY_STAFF,
    `query FixtureWaves($c: ID!) { surveyWaves(communityId: $c) { id status } }`,
    { c: communityId },
  );
  const wave = waves.surveyWaves.find((w) => w.status === 'CLOSED') ?? waves.surveyWaves[0];
  if (!wave) throw new Error('fixture discovery: no survey wave in the community');
  return {
    communityId,
    gridId: grid.id,
    workerId: workerView.staffMember!.id,
    residentId: residentView.resident.id,
    waveId: wave.id,
    ...dates(),
  };
}
