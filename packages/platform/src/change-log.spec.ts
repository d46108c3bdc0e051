import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Types } from 'mongoose';
import type { Viewer } from './auth.js';
import { changeRecord, changeScope, checkChangeQuery, diffFields, mergeChangePages } from './change-log.js';
import { connectionOf } from './pagination.js';

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

test('pages of several sources merge newest first, with a next page when any source has one', () => {
  const ids = Array.from({ length: 6 }, () => new Types.ObjectId()).map((_id) => ({ _id }));
  const [a, b, c, d, e, f] = ids as [(typeof ids)[0], (typeof ids)[0], (typeof ids)[0], (typeof ids)[0], (typeof ids)[0], (typeof ids)[0]];
  const one = connectionOf([f, d, b], 2, 3);
  const two = connectionOf([e, c, a], 3, 3);
  const merged = mergeChangePages([one, two], 3);
  assert.deepEqual(
    merged.nodes.map((n: { _id: unknown }) => n._id),
    [f._id, e._id, d._id],
  );
  assert.equal(merged.pageInfo.hasNextPage, true);
  assert.equal(merged.totalCount, 6);
});
