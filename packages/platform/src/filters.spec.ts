import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allOf } from './filters.js';

test('filters merge flat, narrowing $in against equalities', () => {
  assert.deepEqual(allOf({ communityId: { $in: ['c1'] } }, { name: 'x' }), { communityId: 'c1', name: 'x' });
  assert.deepEqual(allOf({ communityId: { $in: ['c1', 'c2'] } }, { communityId: 'c2', gridId: null }), { communityId: 'c2', gridId: null });
  assert.deepEqual(
    allOf({ communityId: { $in: ['c1'] } }, { communityId: 'c9' }),
    { communityId: { $in: [] } },
    'outside the scope: nothing',
  );
  assert.deepEqual(allOf({ at: { $gte: 1 } }, { at: { $lt: 5 } }), { at: { $gte: 1 }, $and: [{ at: { $lt: 5 } }] });
  assert.deepEqual(allOf({}, { $and: [{ a: 1 }] }, { b: 2 }), { b: 2, $and: [{ a: 1 }] });
  assert.deepEqual(allOf({ g: { $in: ['a', 'b'] } }, { g: { $in: ['b', 'c'] } }), { g: 'b' });
});
