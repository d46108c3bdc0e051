import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mongo } from 'mongoose';
import { describeFilter } from './query-shapes.js';

const id = new mongo.BSON.ObjectId();

test('equalities are what FerretDB pushes down; everything else is named with its operator', () => {
  assert.deepEqual(describeFilter({ communityId: id, birthMonthDay: '11-26' }), { equality: ['birthMonthDay', 'communityId'], other: [] });
  assert.deepEqual(describeFilter({ _id: { $eq: id }, status: { $ne: 'DONE' } }), { equality: ['_id'], other: ['status:$ne'] });
  assert.deepEqual(describeFilter({ gridId: { $in: [id] }, name: /^王/, householdId: null }), {
    equality: [],
    other: ['gridId:$in', 'householdId:null', 'name:$regex'],
  });
  assert.deepEqual(describeFilter({ $or: [{ a: 1 }], tags: ['A'] }), { equality: [], other: ['$or', 'tags:array'] });
  assert.deepEqual(describeFilter({}), { equality: [], other: [] });
});
