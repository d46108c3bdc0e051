// The reference web app (issue 17) in a real browser: Debian's Chromium driven by playwright-core
// (no browser download; scripts/ensure-chromium.sh installs it), against the whole federation on
// the full demo, through the gateway that serves the app. Each role signs in on the sign-in page
// and opens its screens; figures on the page are checked against the graph's own answers; a grid
// worker on a phone records a visit and takes a doorstep request that the community's screens then
// show; a partner is refused another partner's page; the public board needs no sign-in and shows
// no personal data; no request leaves for another host. Each screen's time until its data is shown
// and a screenshot go to .data/web-screens/ (kept out of git); docs/benchmarks.md quotes them.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { stableObjectId } from '@jwh/platform';
import { gql } from '@jwh/testkit';
import { chromium, type Browser, type BrowserContext, type Page, type Request } from 'playwright-core';
import { ROOT, stackModule, startTestStack, stopTestStack, type Stack } from './harness.js';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = join(ROOT, '.data', 'web-screens');
const DESKTOP = { width: 1366, height: 768 };
const PHONE = { width: 360, height: 740 };
const zh = new Intl.NumberFormat('zh-CN');
const id = (key: string) => String(stableObjectId(key));
const COMMUNITY = id('demo:community:0');
const GRID = id('demo:grid:0-0-0');

let stack: Stack;
let browser: Browser;
let origin: string;
/** Requests any page made to another origin than the app's (must stay empty). */
const offHost: string[] = [];
/** Time until each screen's data was shown, ms. */
const timings: { screen: string; role: string; ms: number }[] = [];
/** The app's files each measured page loaded: name and bytes as sent (gzipped). */
const bundles: Record<string, { file: string; bytes: number }[]> = {};

before(async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: run scripts/ensure-chromium.sh (CI's .ci/run does)`);
  mkdirSync(SHOTS, { recursive: true });
  stack = await startTestStack({ extraEnv: { DEMO_SCALE: 'full' } });
  origin = new URL(stack.gatewayUrl).origin;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
});
after(async () => {
  await browser?.close();
  if (stack) await stopTestStack(stack);
  if (timings.length) writeFileSync(join(SHOTS, 'timings.json'), `${JSON.stringify({ timings, bundles }, null, 2)}\n`);
});

/** The graph's own answer, as the demo user of `role`. */
async function graph<T = any>(role: keyof Stack['tokens'], query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const { body } = await gql(stack.gatewayUrl, query, variables, { authorization: `Bearer ${stack.tokens[role]}` });
  assert.deepEqual(body.errors ?? [], [], `the graph answered ${query.slice(0, 60)} with errors`);
  return body.data as T;
}

async function newPage(viewport = DESKTOP): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
  const problems: string[] = [];
  context.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== origin) offHost.push(url);
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return { context, page, problems };
}

async function signIn(page: Page, user: string) {
  await page.goto(`${origin}/app/`);
  await page.click(`[data-demo-user="${user}"]`);
  await page.waitForURL((u) => u.pathname !== '/app/' && u.pathname !== '/app');
}

/**
 * Opens `path` (or stays, when null) and waits until every section has its data (none loading,
 * at least one shown); records the time, saves a screenshot, and returns the sections' states.
 */
async function screen(page: Page, role: string, name: string, path: string | null, opts: { errorsAllowed?: boolean } = {}) {
  const t0 = Date.now();
  if (path) await page.goto(`${origin}${path}`);
  await page.waitForFunction(() => document.querySelector('[data-section]') && !document.querySelector('[data-state="loading"]'), null, {
    timeout: 30_000,
  });
  const ms = Date.now() - t0;
  timings.push({ screen: name, role, ms });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  const alerts = await page.$$eval('[role=alert]', (els) => els.map((e) => e.textContent ?? ''));
  if (!opts.errorsAllowed) assert.deepEqual(alerts, [], `${name}: the page shows errors`);
  return Object.fromEntries(
    await page.$$eval('[data-section]', (els) => els.map((e) => [(e as HTMLElement).dataset.section, (e as HTMLElement).dataset.state])),
  );
}

/** The app's own files (scripts, styles, the page) `page` loads while `load` runs, with their size as sent. */
async function filesLoaded(page: Page, load: () => Promise<unknown>) {
  const files: { file: string; bytes: number }[] = [];
  const seen: Promise<void>[] = [];
  const listener = (r: Request) =>
    void seen.push(
      (async () => {
        const path = new URL(r.url()).pathname;
        if (!path.startsWith('/app') || path.startsWith('/app/demo')) return;
        await r.response();
        files.push({ file: path.replace(/-[\w-]{8}\.(js|css)$/, '.$1'), bytes: (await r.sizes()).responseBodySize });
      })(),
    );
  page.on('requestfinished', listener);
  await load();
  page.off('requestfinished', listener);
  await Promise.all(seen);
  return files;
}

test('the first screen is small and draws no chart: ECharts comes with the first screen that draws', async () => {
  const { context, page } = await newPage();
  bundles['sign-in'] = await filesLoaded(page, async () => {
    await page.goto(`${origin}/app/`);
    await page.waitForSelector('[data-demo-user]');
  });
  const total = bundles['sign-in'].reduce((n, f) => n + f.bytes, 0);
  assert.ok(
    bundles['sign-in'].some((f) => f.file.endsWith('.js')),
    'the app script',
  );
  assert.ok(!bundles['sign-in'].some((f) => f.file.includes('echarts')), 'no chart library on the sign-in page');
  assert.ok(total > 10_000, `${total} bytes`);
  bundles.street = await filesLoaded(page, async () => {
    await page.click('[data-demo-user="street-admin"]');
    await page.waitForSelector('.chart[data-chart-ready="true"]', { timeout: 30_000 });
  });
  assert.ok(
    bundles.street.some((f) => f.file.includes('echarts')),
    'the chart library once a chart is drawn',
  );
  await context.close();
});

const text = async (page: Page, selector: string) => ((await page.textContent(selector)) ?? '').trim();

test('the street admin: communities, coverage, rates, service figures, shares and scores, each equal to the graph', async () => {
  const { context, page, problems } = await newPage();
  await signIn(page, 'street-admin');
  const states = await screen(page, 'STREET_ADMIN', 'street', null);
  assert.equal(states.communities, 'ready');
  const { communities } = await graph<{ communities: { id: string; residentCount: number; householdCount: number }[] }>(
    'STREET_ADMIN',
    '{ communities { id residentCount householdCount } }',
  );
  assert.equal(communities.length, 2);
  for (const c of communities) {
    assert.equal(await text(page, `[data-residents="${c.id}"]`), zh.format(c.residentCount));
    assert.equal(await text(page, `[data-households="${c.id}"]`), zh.format(c.householdCount));
    const { ungriddedHouseholds } = await graph(
      'STREET_ADMIN',
      'query($c: ID!) { ungriddedHouseholds(communityId: $c, first: 1) { totalCount } }',
      { c: c.id },
    );
    const coverage = await text(page, `[data-ungridded="${c.id}"]`);
    assert.ok(
      ungriddedHouseholds.totalCount === 0
        ? coverage.startsWith('全部入格')
        : coverage.startsWith(`${zh.format(ungriddedHouseholds.totalCount)} 户未入格`),
      coverage,
    );
    for (const part of ['rates', 'service', 'offdesk', 'scores'])
      assert.ok(['ready', 'empty'].includes(states[`${part}-${c.id}`]!), `${part} of ${c.id}`);
  }
  const { serviceRequestStats, open } = await graph(
    'STREET_ADMIN',
    `query($c: ID!, $from: LocalDate!, $to: LocalDate!) { serviceRequestStats(communityId: $c, from: $from, to: $to) { total } open: serviceRequests(first: 1, filter: { communityId: $c, open: true }) { totalCount } }`,
    {
      c: COMMUNITY,
      from: `${new Date().getFullYear()}-01-01`,
      to: new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()),
    },
  );
  assert.equal(await text(page, `[data-section="service-${COMMUNITY}"] [data-figure="open"] .value`), zh.format(open.totalCount));
  assert.equal(
    await text(page, `[data-section="service-${COMMUNITY}"] [data-figure="total"] .value`),
    zh.format(serviceRequestStats.total),
  );
  // The rates with their intervals, drawn by ECharts fetched only now.
  assert.match(await text(page, `[data-section="rates-${COMMUNITY}"] [data-figure="satisfactionRate"] .value`), /%(.+–.+)/);
  await screen(page, 'STREET_ADMIN', 'street-evaluation', `/app/evaluation/${COMMUNITY}`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the secretary: every community screen, figures equal to the graph, the plan answers a click with the nearest facilities', async () => {
  const { context, page, problems } = await newPage();
  await signIn(page, 'secretary');
  assert.equal(new URL(page.url()).pathname, `/app/community/${COMMUNITY}`);
  let states = await screen(page, 'COMMUNITY_STAFF', 'community-grids', null);
  assert.equal(states.grids, 'ready');
  const { community } = await graph('COMMUNITY_STAFF', 'query($c: ID!) { community(id: $c) { residentCount householdCount } }', {
    c: COMMUNITY,
  });
  assert.equal(await text(page, '[data-figure="residents"] .value'), zh.format(community.residentCount));
  assert.equal(await text(page, '[data-figure="households"] .value'), zh.format(community.householdCount));

  states = await screen(page, 'COMMUNITY_STAFF', 'community-board', `/app/community/${COMMUNITY}/board`);
  assert.equal(states.board, 'ready');
  const { publicBoard } = await graph(
    'COMMUNITY_STAFF',
    'query($c: ID!) { publicBoard(communityId: $c) { duty { id } schedule { id } } }',
    { c: COMMUNITY },
  );
  assert.equal(await page.locator('[data-table="duty"] tbody tr').count(), publicBoard.duty.length);
  assert.equal(await page.locator('[data-table="schedule"] tbody tr').count(), publicBoard.schedule.length);

  states = await screen(page, 'COMMUNITY_STAFF', 'community-elders', `/app/community/${COMMUNITY}/elders`);
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const { elderServices } = await graph(
    'COMMUNITY_STAFF',
    'query($c: ID!, $d: LocalDate!) { elderServices(communityId: $c, occasion: { service: HAIRCUT, date: $d }) { eligible owed } }',
    { c: COMMUNITY, d: today },
  );
  assert.equal(await text(page, '[data-figure="owed"] .value'), zh.format(elderServices.owed));
  assert.equal(await text(page, '[data-figure="eligible"] .value'), zh.format(elderServices.eligible));

  states = await screen(page, 'COMMUNITY_STAFF', 'community-map', `/app/community/${COMMUNITY}/map`);
  assert.equal(states.map, 'ready');
  const { community: plan } = await graph('COMMUNITY_STAFF', 'query($c: ID!) { community(id: $c) { buildings { lat } } }', {
    c: COMMUNITY,
  });
  const placed = plan.buildings.filter((b: { lat: number | null }) => b.lat != null).length;
  assert.ok(placed > 0, 'the demo places its buildings');
  assert.match(await text(page, '[data-section="map"] .muted'), new RegExp(`共 ${zh.format(placed)} 栋楼`));
  const chart = page.locator('.chart');
  await page.waitForSelector('.chart[data-chart-ready="true"]');
  const box = (await chart.boundingBox())!;
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.waitForSelector('[data-section="nearest"][data-state="ready"] [data-table="nearest"] tbody tr');
  assert.ok((await page.locator('[data-table="nearest"] tbody tr').count()) > 0, 'nearest hydrants listed');
  await page.screenshot({ path: join(SHOTS, 'community-map.png'), fullPage: true });

  for (const [tab, name] of [
    ['rooms', 'community-rooms'],
    ['meetings', 'community-meetings'],
    ['requests', 'community-requests'],
    ['admin', 'community-admin'],
  ] as const)
    await screen(page, 'COMMUNITY_STAFF', name, `/app/community/${COMMUNITY}/${tab}`);
  const { staffMembers } = await graph('COMMUNITY_STAFF', 'query($c: ID!) { staffMembers(communityId: $c) { id } }', { c: COMMUNITY });
  assert.equal(await page.locator('[data-table="staff"] tbody tr').count(), staffMembers.length);

  states = await screen(page, 'COMMUNITY_STAFF', 'evaluation', `/app/evaluation/${COMMUNITY}`);
  assert.equal(states.waves, 'ready');
  states = await screen(page, 'COMMUNITY_STAFF', 'volunteers', `/app/volunteers/${COMMUNITY}`);
  const { pointsLeaderboard } = await graph(
    'COMMUNITY_STAFF',
    'query($c: ID!) { pointsLeaderboard(communityId: $c, period: MONTH, first: 10) { points resident { name } } }',
    {
      c: COMMUNITY,
    },
  );
  assert.ok(pointsLeaderboard.length > 0, 'the demo has volunteer hours this month');
  assert.deepEqual(
    await page.$$eval('[data-table="leaderboard"] [data-points]', (els) => els.map((e) => e.textContent)),
    pointsLeaderboard.map((e: { points: number }) => zh.format(e.points)),
  );
  const { volunteers } = await graph('COMMUNITY_STAFF', '{ volunteers(first: 1) { totalCount } }');
  assert.match(await text(page, '[data-section="volunteers"] .pager'), new RegExp(`(${volunteers.totalCount} 条)`));
  assert.deepEqual(problems, []);
  await context.close();
});

test('the grid worker on a phone records a visit and takes a doorstep request, moves it along, and the community sees both', async () => {
  const { context, page, problems } = await newPage(PHONE);
  await signIn(page, 'grid-worker');
  const states = await screen(page, 'GRID_WORKER', 'worker', null);
  for (const part of ['me', 'households', 'backlog', 'figures']) assert.equal(states[part], 'ready', part);
  await page.screenshot({ path: join(SHOTS, 'worker-phone.png') });
  const { grid } = await graph(
    'GRID_WORKER',
    'query($g: ID!) { grid(id: $g) { households(first: 30) { totalCount nodes { id tags } } } }',
    { g: GRID },
  );
  assert.equal(await page.locator('[data-household]').count(), grid.households.nodes.length, 'a page of the grid’s households');
  const tagged = grid.households.nodes.find((h: { tags: string[] }) => h.tags.length > 0);
  if (tagged) assert.ok((await page.locator(`[data-household="${tagged.id}"] .tag`).count()) === tagged.tags.length, 'its tags');
  assert.match(await text(page, '[data-section="households"] .pager'), new RegExp(`(${grid.households.totalCount} 条)`));
  const before = await text(page, '[data-figure="visits"] .value');

  await page.locator('[data-household]').first().click();
  const address = await text(page, '[data-section="at-the-door"] h2');
  const note = `网页走访测试 ${Date.now().toString(36)}`;
  await page.fill('form[data-form="visit"] textarea[name="notes"]', note);
  await page.click('form[data-form="visit"] button[type="submit"]');
  await page.waitForSelector('form[data-form="visit"] .ok');
  await page.waitForFunction((b) => document.querySelector('[data-figure="visits"] .value')?.textContent !== b, before);

  await page.waitForSelector('form[data-form="request"] select[name="residentId"]');
  const resident = await page.$eval('form[data-form="request"] select[name="residentId"]', (s) => (s as HTMLSelectElement).value);
  for (const box of await page.locator('form[data-form="request"] input[name="material"]').all()) await box.check();
  await page.click('form[data-form="request"] button[type="submit"]');
  await page.waitForSelector('form[data-form="request"] .ok');
  await page.screenshot({ path: join(SHOTS, 'worker-request-taken.png'), fullPage: true });
  const { resident: r } = await graph(
    'GRID_WORKER',
    'query($r: ID!) { resident(id: $r) { name serviceRequests(first: 1) { id status channel type { name } } } }',
    { r: resident },
  );
  const request = r.serviceRequests[0];
  assert.equal(request.channel, 'DOORSTEP');
  // Move it along from the backlog: every material ticked at the door, so it can go on.
  const item = page.locator(`[data-request="${request.id}"]`);
  await item.locator('[data-advance]').click();
  await page.waitForFunction((rid) => !document.querySelector(`[data-request="${rid}"] [data-advance="MATERIALS_COLLECTED"]`), request.id);
  const { serviceRequest } = await graph('GRID_WORKER', 'query($id: ID!) { serviceRequest(id: $id) { status } }', { id: request.id });
  assert.equal(serviceRequest.status, 'MATERIALS_COLLECTED');
  assert.deepEqual(problems, []);
  await context.close();

  // The secretary sees the visit today and the request in the grid's open requests.
  const office = await newPage();
  await signIn(office.page, 'secretary');
  await screen(office.page, 'COMMUNITY_STAFF', 'community-requests-after', `/app/community/${COMMUNITY}/requests`);
  await office.page.waitForSelector(`[data-table="visits"] td:text("${note}")`);
  assert.match(await text(office.page, `[data-table="visits"] tr:has(td:text("${note}"))`), new RegExp(address.slice(0, 4)));
  await office.page.selectOption('[data-section="requests"] select[name="grid"]', GRID);
  for (let pageNo = 1; ; pageNo++) {
    await office.page.waitForSelector(`[data-section="requests"][data-state="ready"] [data-page="${pageNo}"]`);
    const row = office.page.locator(`[data-table="requests"] tr:has(td:text("${r.name}")):has(td:text("${request.type.name}"))`);
    if ((await row.count()) > 0) break;
    assert.ok(
      await office.page.isEnabled('[data-section="requests"] .pager button:text("下一页")'),
      'the request is on a page of the grid',
    );
    await office.page.click('[data-section="requests"] .pager button:text("下一页")');
  }
  assert.deepEqual(office.problems, []);
  await office.context.close();
});

test('a canteen sees its own month and masked card holders, and is refused another canteen’s page by URL', async () => {
  const { context, page, problems } = await newPage();
  await signIn(page, 'canteen');
  const own = id('demo:org:canteen-0');
  assert.equal(new URL(page.url()).pathname, `/app/canteen/${own}`);
  await screen(page, 'PARTNER', 'canteen', null);
  const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()).slice(0, 7);
  const { canteenMonth, canteenCardHolders } = await graph(
    'PARTNER',
    'query($m: String!) { canteenMonth(month: $m) { meals } canteenCardHolders { cardNo resident { name phone } } }',
    {
      m: month,
    },
  );
  assert.equal(await text(page, '[data-figure="meals"] .value'), zh.format(canteenMonth.meals));
  assert.equal(await page.locator('[data-table="card-holders"] tbody tr').count(), canteenCardHolders.length);
  const shown = await page.textContent('[data-table="card-holders"]');
  for (const h of canteenCardHolders) {
    assert.match(h.resident.phone ?? '', /\*/, 'the graph masks phones for partners');
    assert.ok(shown?.includes(h.resident.name), 'the masked name is what the page shows');
  }
  assert.doesNotMatch(shown ?? '', /1\d{10}/, 'no full phone number on the page');
  // The settlement downloads as the canteen's own workbook.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-download="settlement"]')]);
  assert.match(download.suggestedFilename(), /^助餐结算-\d{4}-\d{2}\.xlsx$/);
  const xlsx = await download.path();
  assert.ok(xlsx && statSync(xlsx).size > 1000, 'a workbook');

  const other = id('demo:org:canteen-1');
  await screen(page, 'PARTNER', 'canteen-other-refused', `/app/canteen/${other}`, { errorsAllowed: true });
  assert.equal(await page.getAttribute('[data-section="canteen-month"]', 'data-state'), 'error');
  assert.match(await text(page, '[data-section="canteen-month"] [role=alert]'), /无权/);
  assert.equal(await page.locator('[data-figure="meals"]').count(), 0, "nothing of the other canteen's month");
  assert.deepEqual(problems, []);
  await context.close();
});

test('ops: queue counts equal to the graph, failed jobs, upcoming reminders, the queue board link', async () => {
  const { context, page, problems } = await newPage();
  await signIn(page, 'ops');
  const states = await screen(page, 'OPS', 'ops', null);
  assert.equal(states.queues, 'ready');
  const { queues } = await graph('OPS', '{ queues { name failed } }');
  assert.equal(await page.locator('[data-table="queues"] tbody tr').count(), queues.length);
  assert.equal(await page.getAttribute('a[href="/ops/queues"]', 'href'), '/ops/queues');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the public board needs no sign-in and shows no personal data', async () => {
  const { context, page, problems } = await newPage();
  const authorized: string[] = [];
  page.on('request', (r) => void (r.headers().authorization && authorized.push(r.url())));
  await page.goto(`${origin}/app/board`);
  await page.waitForSelector(`[data-community="${COMMUNITY}"]`);
  await page.click(`[data-community="${COMMUNITY}"]`);
  const states = await screen(page, 'ANONYMOUS', 'public-board', null);
  assert.equal(states['notice-board'], 'ready');
  const { body } = await gql(
    stack.gatewayUrl,
    'query($c: ID!) { noticeBoard(communityId: $c) { desks { desk } schedule { start } posts { place } } }',
    { c: COMMUNITY },
  );
  assert.deepEqual(body.errors ?? [], []);
  const board = body.data.noticeBoard;
  assert.ok(board.desks.length > 0, 'the demo has someone at the desks today');
  assert.equal(await page.locator('[data-table="desks"] tbody tr').count(), board.desks.length);
  assert.equal(await page.locator('[data-table="schedule"] tbody tr').count(), board.schedule.length);
  assert.equal(await page.locator('[data-table="posts"] tbody tr').count(), board.posts.length);
  const shown = (await page.textContent('main')) ?? '';
  assert.doesNotMatch(shown, /1\d{10}|\d{3}\*{4}\d{4}/, 'no phone number');
  assert.doesNotMatch(shown, /\d{17}[\dXx]/, 'no national ID number');
  assert.doesNotMatch(shown, /[0-9a-f]{24}/, 'no record ids');
  assert.deepEqual(authorized, [], 'no token was sent');
  assert.deepEqual(problems, []);
  await context.close();
});

// Last: it stops a subgraph for good.
test('a subgraph down: the street screen shows the rest and names the part missing', async () => {
  const evaluations = stack.processes.findLast((p) => p.procName === 'evaluations' && p.exitCode === null && p.signalCode === null);
  assert.ok(evaluations, 'the evaluations subgraph runs');
  await stackModule.stopProcess(evaluations, 'SIGKILL');
  const { context, page } = await newPage();
  await signIn(page, 'street-admin');
  const states = await screen(page, 'STREET_ADMIN', 'street-evaluations-down', null, { errorsAllowed: true });
  assert.equal(states.communities, 'ready', 'people-grids still answers');
  assert.equal(states[`service-${COMMUNITY}`], 'ready', 'service-matters still answers');
  assert.equal(states[`rates-${COMMUNITY}`], 'error');
  assert.match(await text(page, `[data-section="rates-${COMMUNITY}"] [role=alert]`), /「测评」暂时无法访问/);
  await context.close();
});

test('no request left for another host than the app’s own', () => {
  assert.deepEqual(offHost, []);
});
