import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Types } from 'mongoose';
import type { Viewer } from './auth.js';
import { changeCursor, changeRecord, changeScope, checkChangeQuery, diffFields, monthsBack } from './change-log.js';

const admin: Viewer = { sub: 'a', role: 'STREET_ADMIN', street: '东湖街道', communityIds: ['c1'], gridIds: [] };

test('diffFields lists only what changed, renders ids, dates and lists, and masks personal data', () => {
  const id = new Types.ObjectId();
  const diff = diffFields(
    { name: '一网格', phone: '13812345678', gridIds: [], at: new Date('2026-11-01T00:00:00Z'), same: 1 },
    { name: '一网格(北)', phone: '13912345678', gridIds: [id], at: new Date('2026-11-02T00:00:00Z'), same: 1 },
    { phone: 'phone' },
  );
  assert.deepEqual(diff, [
    { field: 'name', before: '一网格', after: '一网格(北)' },
    { field: 'phone', before: '138****5678', after: '139****5678' },
    { field: 'gridIds', before: '[]', after: JSON.stringify([String(id)]) },
    { field: 'at', before: '2026-11-01T00:00:00.000Z', after: '2026-11-02T00:00:00.000Z' },
  ]);
  assert.deepEqual(diffFields(null, { nationalId: '110105194912310021' }, { nationalId: 'nationalId' }), [
    { field: 'nationalId', before: null, after: '110105********0021' },
  ]);
  assert.deepEqual(diffFields({ name: 'x' }, null), [{ field: 'name', before: 'x', after: null }]);
});

test('a record names who, which entity and where', () => {
  const r = changeRecord(
    { viewer: admin, requestId: 'r1' },
    { entityType: 'Grid', entityId: 'g1', communityId: 'c1', gridIds: ['g1', null], action: 'CREATE', after: { name: 'n' } },
  );
  assert.equal(r.actor, 'a');
  assert.equal(r.role, 'STREET_ADMIN');
  assert.deepEqual(r.gridIds, ['g1']);
  assert.deepEqual(r.fields, [{ field: 'name', before: null, after: 'n' }]);
});

test('scope: admins and staff read their communities, grid workers their grids, nobody else anything', () => {
  const rec = { communityId: 'c1', street: '东湖街道', gridIds: ['g1'] };
  assert.equal(changeScope(admin)(rec), true);
  assert.equal(changeScope(admin)({ ...rec, communityId: 'c2' }), false);
  assert.equal(changeScope(admin)({ communityId: null, street: '东湖街道', gridIds: [] }), true, 'street-wide');
  assert.equal(changeScope({ ...admin, street: '西湖街道' })({ communityId: null, street: '东湖街道', gridIds: [] }), false);
  const worker: Viewer = { sub: 'w', role: 'GRID_WORKER', communityIds: ['c1'], gridIds: ['g1'] };
  assert.equal(changeScope(worker)(rec), true);
  assert.equal(changeScope(worker)({ ...rec, gridIds: ['g2'] }), false);
  assert.equal(changeScope({ sub: 'r', role: 'RESIDENT', communityIds: ['c1'], gridIds: [] })(rec), false);
  assert.equal(changeScope({ sub: 'p', role: 'PARTNER', communityIds: ['c1'], gridIds: [] })(rec), false);
});

test('a change query takes one of entity and community, real dates in order, and the viewer’s community', () => {
  const c1 = String(new Types.ObjectId());
  const v = { ...admin, communityIds: [c1] };
  assert.throws(() => checkChangeQuery(v, {}), /entityId/);
  assert.throws(() => checkChangeQuery(v, { entityId: 'x', communityId: c1 }), /entityId/);
  assert.throws(() => checkChangeQuery(v, { communityId: String(new Types.ObjectId()) }), /not your community/);
  assert.throws(
    () => checkChangeQuery(v, { communityId: c1, from: '2026-02-30' }),
    (e: Error & { extensions?: { field?: string } }) => e.extensions?.field === 'from',
  );
  assert.throws(() => checkChangeQuery(v, { communityId: c1, from: '2026-11-02', to: '2026-11-01' }), /from/);
  checkChangeQuery(v, { communityId: c1, from: '2026-11-01', to: '2026-11-30' });
});

test('the cursor orders by time, then id, and refuses anything else', () => {
  const at = new Date('2026-11-26T01:00:00.000Z');
  const [a, b] = [new Types.ObjectId('ffffffffffffffffffffffff'), new Types.ObjectId('000000000000000000000000')];
  // A later record with a smaller id still comes first: time decides, the id only breaks ties.
  const key = (c: string) => Buffer.from(c, 'base64url').toString();
  assert.ok(key(changeCursor({ at: new Date(at.getTime() + 1), _id: b })) > key(changeCursor({ at, _id: a })));
  assert.ok(key(changeCursor({ at, _id: a })) > key(changeCursor({ at, _id: b })));
});

test('a community is read a month at a time, over at most a year', () => {
  assert.deepEqual(monthsBack('2025-11-27', '2026-02-03'), ['2026-02', '2026-01', '2025-12', '2025-11']);
  assert.deepEqual(monthsBack('2026-11-01', '2026-11-30'), ['2026-11']);
  const c1 = String(new Types.ObjectId());
  assert.throws(
    () => checkChangeQuery({ ...admin, communityIds: [c1] }, { communityId: c1, from: '2025-01-01', to: '2026-11-30' }),
    (e: Error & { extensions?: { field?: string } }) => e.extensions?.field === 'from',
  );
  const r = changeRecord({ viewer: admin }, { entityType: 'Grid', entityId: 'g', action: 'CREATE' }, new Date('2026-11-30T16:30:00Z'));
  assert.equal(r.month, '2026-12', 'the local month (Asia/Shanghai)');
});
