import { setEngine, stableObjectId } from '@jwh/platform';
import { equalityOnly, gql, readsDuring, realEngine, subgraphUnderTest } from '@jwh/testkit';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startServiceMatters } from '../src/app.js';
import { loadEnvironment } from '../src/environment.js';
import { matterIdOf, matterVersionIdOf } from '../src/models/service-type.model.js';
import { moveLegacyCatalogue } from '../src/services/backfill.js';

// These tests read no resident, so people-grids is not running.
const t = subgraphUnderTest(loadEnvironment, startServiceMatters, {
  PEOPLE_GRIDS_URL: 'http://127.0.0.1:9/graphql',
  VOLUNTEERS_URL: 'http://127.0.0.1:9/graphql',
});

const UPDATE = `mutation ($i: UpdateMatterInput!) { updateMatter(input: $i) { version deadlineWorkingDays } }`;
const ONE = `query ($c: String!) { matter(code: $c) { id version deadlineWorkingDays versions { id version deadlineWorkingDays } } }`;

test('concurrent changes of one matter: each version is written once, numbered without gaps, and the matter holds the last', async () => {
  const code = 'PROPERTY_SERVICE';
  const days = [11, 12, 13, 14, 15, 16];
  const answers = await Promise.all(
    days.map(async (d) => (await gql(t.sg.url, UPDATE, { i: { code, deadlineWorkingDays: d, reason: `并发修改 ${d}` } }, t.asAdmin)).body),
  );
  const landed = answers.filter((a) => !a.errors);
  const refused = answers.filter((a) => a.errors);
  assert.ok(landed.length >= 1, 'at least one change lands');
  for (const a of refused) assert.equal(a.errors?.[0]?.extensions?.code, 'CONFLICT', JSON.stringify(a.errors));
  const { matter } = (await gql(t.sg.url, ONE, { c: code }, t.asAdmin)).body.data;
  assert.equal(matter.version, 1 + landed.length);
  assert.deepEqual(
    matter.versions.map((v: { version: number }) => v.version),
    Array.from({ length: 1 + landed.length }, (_, i) => i + 1),
  );
  assert.equal(matter.deadlineWorkingDays, matter.versions.at(-1).deadlineWorkingDays, 'the matter holds its last version');
  assert.deepEqual(
    landed.map((a) => a.data.updateMatter.version).sort(),
    matter.versions.slice(1).map((v: { version: number }) => v.version),
  );
});

test('a matter, its versions and a street’s catalogue: reads by id and equality reads on FerretDB', async () => {
  await realEngine(t.sg.conn, 'servicetypes');
  const conn = t.sg.conn;
  setEngine(conn, 'ferretdb-postgresql');
  try {
    const reads = await readsDuring(conn, async () => {
      const { body } = await gql(t.sg.url, ONE, { c: 'PENSION_CARD' }, t.asAdmin);
      assert.equal(body.data.matter.versions.length, 1);
      const all = await gql(t.sg.url, `{ matters(includeRetired: true) { code versions { version } } }`, undefined, t.asAdmin);
      assert.ok(all.body.data.matters.length >= 15);
    });
    const shapes = reads.filter((r) => ['servicetypes', 'matterversions'].includes(r.collection));
    assert.ok(shapes.length > 0);
    assert.ok(
      shapes.every((r) => equalityOnly(r.filter)),
      JSON.stringify(shapes),
    );
  } finally {
    setEngine(conn, await realEngine(conn, 'servicetypes'));
  }
});

test('a catalogue from before per-street catalogues moves into its street once, with the requests and bookings made under it', async () => {
  const m = t.sg.models;
  const street = '旧街道';
  const legacyRow = stableObjectId('catalogue-test:legacy-type');
  await m.ServiceType.collection.insertOne({
    _id: legacyRow,
    code: 'OLD_MATTER',
    name: '旧目录事项',
    requiredMaterials: ['身份证'],
    deadlineWorkingDays: 4,
    decidedBy: 'STREET',
    referTo: '街道政务服务中心',
    eligibility: { minAge: 60, localHukouRequired: false, requiredTag: null },
  } as never);
  const request = stableObjectId('catalogue-test:legacy-request');
  await m.ServiceRequest.collection.insertOne({
    _id: request,
    clientRequestId: 'catalogue-legacy',
    residentId: stableObjectId('catalogue-test:resident'),
    communityId: stableObjectId('catalogue-test:community'),
    typeCode: 'OLD_MATTER',
    channel: 'PHONE',
    status: 'RECEIVED',
    receivedAt: new Date('2026-03-31T17:00:00Z'),
    receivedMonth: '2026-04',
    dueDate: '2026-04-08',
  } as never);
  // This database's start ran the move already (it had nothing to move): forget it ran.
  await m.ServiceRequest.db.collection('_migrations').deleteOne({ _id: 'service-types.street' } as never);
  try {
    assert.equal(await moveLegacyCatalogue(m, street), 1);
    const matterId = matterIdOf(street, 'OLD_MATTER');
    const matter = await m.ServiceType.findById(matterId).lean().exec();
    assert.deepEqual(
      [matter?.street, matter?.code, matter?.version, matter?.deadlineWorkingDays, matter?.eligibility?.minAge],
      [street, 'OLD_MATTER', 1, 4, 60],
    );
    assert.equal(String(matter?.versionId), String(matterVersionIdOf(matterId, 1)));
    assert.equal((await m.MatterVersion.findById(matter?.versionId).lean().exec())?.deadlineWorkingDays, 4);
    assert.equal(await m.ServiceType.findById(legacyRow).lean().exec(), null, 'the old row is gone');
    const moved = await m.ServiceRequest.findById(request).lean().exec();
    assert.deepEqual([String(moved?.matterId), String(moved?.matterVersionId)], [String(matterId), String(matterVersionIdOf(matterId, 1))]);
    assert.equal(await moveLegacyCatalogue(m, street), 0, 'marked done: later starts read the marker only');
    // The demo street's matters were not touched.
    assert.equal((await m.ServiceType.findById(matterIdOf('东湖街道', 'PENSION_CARD')).lean().exec())?.street, '东湖街道');
  } finally {
    await m.ServiceRequest.deleteOne({ _id: request }).exec();
    await m.ServiceType.deleteOne({ _id: matterIdOf(street, 'OLD_MATTER') }).exec();
  }
});
