// The community's administration screens (管理, issue 17) in Debian's Chromium on the small demo:
// the secretary adds a room, a facility, a staff member, a fixed post and a household with a
// resident, each then in its list on the page and in the graph's own answer; bad input shows the
// Chinese error next to the field it names and writes nothing; a facility form sent again after its
// answer was lost (same idempotency key) writes one facility; residents' phones stay masked; a grid
// worker opening the tab sees no form; no request leaves for another host.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { stableObjectId } from '@jwh/platform';
import { gql } from '@jwh/testkit';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ROOT, startTestStack, stopTestStack, type Stack } from './harness.js';

const SHOTS = join(ROOT, '.data', 'web-screens');
const C = String(stableObjectId('demo:community:0'));
const run = Date.now().toString(36).slice(-5);

let stack: Stack;
let browser: Browser;
let appOrigin: string;
const foreign: string[] = [];
/** Time from a click on a part until its lists are shown, ms (.data/web-screens/admin-timings.json). */
const timings: { part: string; ms: number }[] = [];

before(async () => {
  assert.ok(fs.existsSync('/usr/bin/chromium'), 'Debian chromium is needed: scripts/ensure-chromium.sh');
  fs.mkdirSync(SHOTS, { recursive: true });
  stack = await startTestStack();
  appOrigin = new URL(stack.gatewayUrl).origin;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-dev-shm-usage'] });
});
after(async () => {
  fs.writeFileSync(join(SHOTS, 'admin-timings.json'), JSON.stringify(timings, null, 2) + '\n');
  await browser?.close();
  await (stack && stopTestStack(stack));
});

/** What the graph itself answers the demo user of `role` (no errors allowed). */
async function ask<T = any>(role: 'COMMUNITY_STAFF' | 'GRID_WORKER', query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const answer = await gql(stack.gatewayUrl, query, variables, { authorization: `Bearer ${stack.tokens[role]}` });
  assert.deepEqual(answer.body.errors ?? [], []);
  return answer.body.data as T;
}

/** A page signed in as the demo user `user`, at `width`×`height`, its foreign requests and script errors recorded. */
async function signedIn(user: string, width = 1366, height = 768) {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const errors: string[] = [];
  context.on('request', (r) => {
    const u = new URL(r.url());
    if (u.protocol.startsWith('http') && u.origin !== appOrigin) foreign.push(r.url());
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${appOrigin}/app/`);
  await page.click(`[data-demo-user="${user}"]`);
  await page.waitForURL((u) => !/^\/app\/?$/.test(u.pathname));
  return { context, page, errors };
}

/** Opens a part of the admin tab and waits until none of its sections is loading; no part shows an error unless `alertsAllowed`. */
async function openPart(page: Page, part: string, alertsAllowed = false) {
  const t0 = Date.now();
  await page.click(`[data-part="${part}"]`);
  await page.waitForSelector(`[data-admin="${part}"]`);
  await settled(page);
  timings.push({ part, ms: Date.now() - t0 });
  if (!alertsAllowed)
    assert.deepEqual(await page.$$eval('[role=alert]', (els) => els.map((e) => e.textContent)), [], `${part} shows errors`);
}
const settled = (page: Page) =>
  page.waitForFunction(() => !!document.querySelector('[data-section]') && !document.querySelector('[data-state="loading"]'), null, {
    timeout: 30_000,
  });

const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `admin-${name}.png`), fullPage: true });

/** Submits a form and waits for its outcome: `.ok` or an error. */
async function send(page: Page, form: string, expect: 'ok' | 'error') {
  await page.click(`form[data-form="${form}"] button[type="submit"]`);
  await page.waitForSelector(`form[data-form="${form}"] ${expect === 'ok' ? '.ok' : '[role=alert]'}`);
}

/** A valid national ID number (check digit and birth date right), different each call. */
function nationalId(): string {
  const day = String(1 + Math.floor(Math.random() * 28)).padStart(2, '0');
  const body = `110105${1950 + Math.floor(Math.random() * 50)}03${day}${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  return body + '10X98765432'[sum % 11];
}

test('the secretary keeps the community: room, facility, staff, post, household and resident, each in its list and in the graph', async () => {
  const { context, page, errors } = await signedIn('secretary');
  await page.goto(`${appOrigin}/app/community/${C}/admin`);
  await settled(page);
  const { staffMembers } = await ask('COMMUNITY_STAFF', 'query($c: ID!) { staffMembers(communityId: $c) { id } }', { c: C });
  assert.equal(await page.locator('[data-table="staff"] tbody tr').count(), staffMembers.length);
  await shot(page, 'staff');

  // A room: a capacity of 0 is refused on the page, next to the field, and nothing is sent.
  await openPart(page, 'rooms');
  const room = `测试活动室${run}`;
  await page.fill('form[data-form="room-add"] input[name="name"]', room);
  await page.fill('form[data-form="room-add"] input[name="capacity"]', '0');
  await send(page, 'room-add', 'error');
  assert.match((await page.textContent('[data-field-error="capacity"]')) ?? '', /容纳人数.*1–500/);
  const roomsOf = async () =>
    (
      await ask<{ rooms: { name: string; capacity: number }[] }>(
        'COMMUNITY_STAFF',
        'query($c: ID!) { rooms(communityId: $c) { name capacity } }',
        { c: C },
      )
    ).rooms;
  assert.ok(!(await roomsOf()).some((r) => r.name === room), 'nothing written');
  await page.fill('form[data-form="room-add"] input[name="capacity"]', '24');
  await send(page, 'room-add', 'ok');
  await page.waitForSelector(`[data-table="rooms"] td:text("${room}")`);
  assert.equal((await roomsOf()).find((r) => r.name === room)?.capacity, 24);
  // The graph's own refusal: the same name again with another capacity is a conflict on input.name.
  await page.fill('form[data-form="room-add"] input[name="name"]', room);
  await page.fill('form[data-form="room-add"] input[name="capacity"]', '30');
  await send(page, 'room-add', 'error');
  assert.match((await page.textContent('[data-field-error="name"]')) ?? '', /场地名称.*同名/);
  assert.match((await page.textContent('form[data-form="room-add"] [role=alert]')) ?? '', /input\.name/);
  assert.equal((await roomsOf()).filter((r) => r.name === room).length, 1);
  await shot(page, 'rooms');

  // A facility whose first answer is lost: sent again with the same key, it is written once.
  await openPart(page, 'facilities');
  const facility = `测试消防栓${run}`;
  await page.fill('form[data-form="facility-add"] input[name="name"]', facility);
  await page.fill('form[data-form="facility-add"] input[name="location.lat"]', '30.5123');
  await page.fill('form[data-form="facility-add"] input[name="location.lng"]', '114.3456');
  await page.selectOption('form[data-form="facility-add"] select[name="gridId"]', { index: 1 });
  let lost = 0;
  await page.route('**/graphql', async (route) => {
    if (lost === 0 && (route.request().postData() ?? '').includes('AddFacility')) {
      lost++;
      await route.fetch();
      return route.abort('connectionreset');
    }
    return route.fallback();
  });
  await send(page, 'facility-add', 'error');
  assert.equal(lost, 1);
  await page.unroute('**/graphql');
  await send(page, 'facility-add', 'ok');
  await page.fill('input[name="facility-search"]', facility);
  await page.waitForSelector(`[data-table="facilities"] td:text("${facility}")`);
  const { community } = await ask('COMMUNITY_STAFF', 'query($c: ID!) { community(id: $c) { grids(level: BIG) { facilities { name } } } }', {
    c: C,
  });
  const named = community.grids
    .flatMap((g: { facilities: { name: string }[] }) => g.facilities)
    .filter((f: { name: string }) => f.name === facility);
  assert.equal(named.length, 1, 'one facility for two sends of one form');
  await shot(page, 'facilities');

  // A staff member: an empty name is refused next to the field; then added, with a fixed post.
  await openPart(page, 'staff');
  const member = `测试员${run}`;
  await page.fill('form[data-form="staff-add"] input[name="dutyPhone"]', '13800138000');
  await send(page, 'staff-add', 'error');
  assert.match((await page.textContent('[data-field-error="name"]')) ?? '', /姓名.*必填/);
  await page.fill('form[data-form="staff-add"] input[name="name"]', member);
  await page.locator('form[data-form="staff-add"] input[name="gridIds"]').first().check();
  await page.check('form[data-form="staff-add"] input[name="postKinds"][value="PUBLIC_POST"]');
  await send(page, 'staff-add', 'ok');
  await page.waitForSelector(`[data-table="staff"] td:text("${member}")`);
  const staffNow = await ask<{ staffMembers: { id: string; name: string; postKinds: string[] }[] }>(
    'COMMUNITY_STAFF',
    'query($c: ID!) { staffMembers(communityId: $c) { id name postKinds } }',
    { c: C },
  );
  const added = staffNow.staffMembers.find((s) => s.name === member);
  assert.deepEqual(added?.postKinds, ['PUBLIC_POST']);

  await openPart(page, 'posts');
  const place = `测试岗${run}`;
  await page.fill('form[data-form="post-add"] input[name="place"]', place);
  await page.fill('form[data-form="post-add"] input[name="start"]', '19:00');
  await page.fill('form[data-form="post-add"] input[name="end"]', '20:30');
  await page.selectOption('form[data-form="post-add"] select[name="staffId"]', added!.id);
  await send(page, 'post-add', 'ok');
  await page.waitForSelector(`[data-table="posts"] td:text("${place}")`);
  const { staffMember } = await ask('COMMUNITY_STAFF', 'query($id: ID!) { staffMember(id: $id) { posts { place start end weekdays } } }', {
    id: added!.id,
  });
  assert.deepEqual(staffMember.posts, [{ place, start: '19:00', end: '20:30', weekdays: [1, 2, 3, 4, 5] }]);
  await shot(page, 'posts');

  // A household, then a resident: a bad ID number is the graph's refusal on input.nationalId, nothing written.
  await openPart(page, 'households');
  const address = `美湖社区测试${run}栋1单元101室`;
  await page.fill('form[data-form="household-add"] input[name="address"]', address);
  await page.fill('form[data-form="household-add"] input[name="building"]', `测试${run}栋`);
  await page.selectOption('form[data-form="household-add"] select[name="gridId"]', { index: 1 });
  await send(page, 'household-add', 'ok');
  await page.waitForSelector(`[data-section="household"][data-state="ready"] [data-household-address]:text("${address}")`);
  const resident = `测试居民${run}`;
  const goodId = nationalId();
  const badId = goodId.slice(0, 17) + (goodId[17] === '0' ? '1' : '0');
  await page.fill('form[data-form="resident-add"] input[name="name"]', resident);
  await page.fill('form[data-form="resident-add"] input[name="nationalId"]', badId);
  await page.fill('form[data-form="resident-add"] input[name="phone"]', '13912345678');
  await send(page, 'resident-add', 'error');
  assert.match((await page.textContent('[data-field-error="nationalId"]')) ?? '', /身份证号.*无效/);
  assert.match((await page.textContent('form[data-form="resident-add"] [role=alert]')) ?? '', /input\.nationalId/);
  const search = `query($c: ID!, $p: String!) { residents(first: 5, filter: { communityId: $c, namePrefix: $p }) { totalCount nodes { name household { address } } } }`;
  assert.equal((await ask('COMMUNITY_STAFF', search, { c: C, p: resident })).residents.totalCount, 0, 'nothing written');
  await page.fill('form[data-form="resident-add"] input[name="nationalId"]', goodId);
  await send(page, 'resident-add', 'ok');
  await page.waitForSelector(`[data-table="members"] td:text("${resident}")`);
  const shown = (await page.textContent('[data-section="household"]')) ?? '';
  assert.ok(shown.includes('139****5678'), 'the phone as the graph masks it');
  assert.ok(
    !shown.includes('13912345678') && !shown.includes(goodId) && !shown.includes(goodId.slice(6, 14)),
    'no phone or ID number in full',
  );
  const { residents } = await ask('COMMUNITY_STAFF', search, { c: C, p: resident });
  assert.deepEqual(residents.nodes, [{ name: resident, household: { address } }]);
  await page.fill('form[data-form="resident-search"] input[name="prefix"]', resident);
  await page.click('form[data-form="resident-search"] button[type="submit"]');
  await page.waitForSelector(`[data-table="residents"] td:text("${resident}")`);
  await shot(page, 'households');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the secretary changes and retires a room, registers an organisation, creates a grid and sets next week’s reception rota', async () => {
  const { context, page, errors } = await signedIn('secretary');
  await page.goto(`${appOrigin}/app/community/${C}/admin?part=rooms`);
  await settled(page);
  const room = `测试谈心室${run}`;
  await page.fill('form[data-form="room-add"] input[name="name"]', room);
  await page.selectOption('form[data-form="room-add"] select[name="kind"]', 'TALK');
  await page.fill('form[data-form="room-add"] input[name="capacity"]', '8');
  await send(page, 'room-add', 'ok');
  const row = page.locator(`[data-table="rooms"] tr:has(td:text("${room}"))`);
  await row.locator('button:text("修改")').click();
  await page.fill('form[data-form="room-edit"] input[name="capacity"]', '12');
  await send(page, 'room-edit', 'ok');
  await page.waitForSelector(`[data-table="rooms"] tr:has(td:text("${room}")) td:text("12 人")`);
  const rooms = async () =>
    (
      await ask<{ rooms: { name: string; capacity: number }[] }>(
        'COMMUNITY_STAFF',
        'query($c: ID!) { rooms(communityId: $c) { name capacity } }',
        { c: C },
      )
    ).rooms;
  assert.equal((await rooms()).find((r) => r.name === room)?.capacity, 12);
  await page.click('form[data-form="room-edit"] button:text("取消")');
  await row.locator('button:text("停用")').click();
  await page.fill('form[data-form="room-retire"] input[name="reason"]', '改作储物间');
  await send(page, 'room-retire', 'ok');
  await page.waitForFunction(
    (name) => ![...document.querySelectorAll('[data-table="rooms"] td')].some((td) => td.textContent === name),
    room,
  );
  assert.ok(!(await rooms()).some((r) => r.name === room), 'a retired room leaves the list');

  await openPart(page, 'organizations');
  const org = `测试志愿社${run}`;
  await page.fill('form[data-form="organization-add"] input[name="name"]', org);
  await page.fill('form[data-form="organization-add"] input[name="contactName"]', '张老师');
  await page.fill('form[data-form="organization-add"] input[name="contactPhone"]', '027-87654321');
  await page.fill('form[data-form="organization-add"] input[name="services"]', '助老、陪读');
  await send(page, 'organization-add', 'ok');
  await page.waitForSelector(`[data-table="organizations"] td:text("${org}")`);
  const { organizations } = await ask('COMMUNITY_STAFF', 'query($c: ID!) { organizations(communityId: $c) { name services } }', { c: C });
  assert.deepEqual(
    organizations.find((o: { name: string }) => o.name === org),
    { name: org, services: ['助老', '陪读'] },
  );

  await openPart(page, 'grids');
  const grid = `测试网格${run}`;
  await page.fill('form[data-form="grid-add"] input[name="name"]', grid);
  await page.selectOption('form[data-form="grid-add"] select[name="parentId"]', { index: 1 });
  await send(page, 'grid-add', 'ok');
  await page.waitForSelector(`[data-table="grid-list"] td:text("${grid}")`);
  const { community } = await ask('COMMUNITY_STAFF', 'query($c: ID!) { community(id: $c) { grids(level: SMALL) { name } } }', { c: C });
  assert.ok(community.grids.some((g: { name: string }) => g.name === grid));
  await shot(page, 'grids');

  await openPart(page, 'posts');
  await page.click('[data-section="rota"] button:text("下一周")');
  await settled(page);
  const desk1 = page.locator('form[data-form="rota"] select').first();
  const [date] = (await desk1.getAttribute('name'))!.split('|');
  const desk2 = await page.inputValue(`form[data-form="rota"] select[name="${date}|AM|2"]`);
  const choices = await desk1.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  const chosen = choices.find((v) => v && v !== desk2 && v !== '')!;
  await desk1.selectOption(chosen);
  await send(page, 'rota', 'ok');
  const { publicBoard } = await ask(
    'COMMUNITY_STAFF',
    'query($c: ID!, $d: LocalDate!) { publicBoard(communityId: $c, date: $d) { duty { part desk staff { id } } } }',
    {
      c: C,
      d: date,
    },
  );
  assert.equal(publicBoard.duty.find((s: { part: string; desk: number }) => s.part === 'AM' && s.desk === 1)?.staff.id, chosen);
  await shot(page, 'rota');
  assert.deepEqual(errors, []);
  await context.close();
});

test('on a phone (360 wide) the admin forms fit the screen', async () => {
  const { context, page, errors } = await signedIn('secretary', 360, 740);
  await page.goto(`${appOrigin}/app/community/${C}/admin?part=facilities`);
  await settled(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
  const box = await page.locator('form[data-form="facility-add"] input[name="name"]').boundingBox();
  assert.ok(box && box.x >= 0 && box.x + box.width <= 360, 'the name field is on the screen');
  await shot(page, 'phone');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a grid worker opening the admin tab sees no form (and the graph would refuse it anyway)', async () => {
  const { context, page, errors } = await signedIn('grid-worker');
  await page.goto(`${appOrigin}/app/community/${C}/admin`);
  await settled(page);
  assert.equal(await page.locator('[data-admin] form').count(), 0);
  assert.match((await page.textContent('[data-admin]')) ?? '', /只读/);
  await openPart(page, 'rooms', true);
  assert.equal(await page.locator('[data-admin] form').count(), 0);
  await shot(page, 'grid-worker');
  const { body } = await gql(
    stack.gatewayUrl,
    'mutation($c: ID!) { createRoom(input: { communityId: $c, name: "网格员的房间", kind: TALK, capacity: 5 }) { id } }',
    { c: C },
    { authorization: `Bearer ${stack.tokens.GRID_WORKER}` },
  );
  assert.equal(body.errors?.[0]?.extensions?.code, 'FORBIDDEN');
  assert.deepEqual(errors, []);
  await context.close();
});

test('no request left for another host than the app’s own', () => {
  assert.deepEqual(foreign, []);
});
