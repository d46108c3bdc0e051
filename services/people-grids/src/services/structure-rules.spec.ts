import { BadUserInputError } from '@jwh/platform';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkGeneratedStructure } from '../seed/check-generated.js';
import { DEMO_SCALES, generate } from '../seed/generator.js';
import { leftOver } from './staff-admin.service.js';
import { checkDutyPhone, checkGridPlacement, checkPostKinds, checkStaffGrids } from './structure-rules.js';

const fieldOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (err) {
    if (err instanceof BadUserInputError) return err.extensions.field as string;
    throw err;
  }
  return undefined;
};

test('a duty phone is a mobile number or a landline with its area code', () => {
  assert.equal(checkDutyPhone('139 0000 2222', 'p'), '13900002222');
  assert.equal(checkDutyPhone('027-87654321', 'p'), '027-87654321');
  for (const bad of ['12345', '1390000222', '23900002222', '87654321', '', null])
    assert.equal(
      fieldOf(() => checkDutyPhone(bad, 'p')),
      'p',
      String(bad),
    );
});

test('a small grid sits under a big grid of its community; a big grid under none', () => {
  const big = { _id: 'b', communityId: 'c', level: 'BIG' };
  assert.equal(
    fieldOf(() => checkGridPlacement('SMALL', 'c', big, true, 'parentId')),
    undefined,
  );
  assert.equal(
    fieldOf(() => checkGridPlacement('BIG', 'c', null, false, 'parentId')),
    undefined,
  );
  assert.equal(
    fieldOf(() => checkGridPlacement('SMALL', 'c', null, false, 'parentId')),
    'parentId',
  );
  assert.equal(
    fieldOf(() => checkGridPlacement('SMALL', 'other', big, true, 'parentId')),
    'parentId',
  );
  assert.equal(
    fieldOf(() => checkGridPlacement('SMALL', 'c', { ...big, level: 'SMALL' }, true, 'parentId')),
    'parentId',
  );
  assert.equal(
    fieldOf(() => checkGridPlacement('BIG', 'c', big, true, 'parentId')),
    'parentId',
  );
});

test("a member's grids are its community's, in use, of its role's level, without repeats", () => {
  const small = { _id: 's', communityId: 'c', level: 'SMALL' };
  const big = { _id: 'b', communityId: 'c', level: 'BIG' };
  assert.deepEqual(checkStaffGrids('GRID_WORKER', 'c', ['s'], [small], 'g'), ['s']);
  assert.equal(
    fieldOf(() => checkStaffGrids('GRID_WORKER', 'c', ['b'], [big], 'g')),
    'g[0]',
  );
  assert.equal(
    fieldOf(() => checkStaffGrids('COMMITTEE_MEMBER', 'c', ['s'], [small], 'g')),
    'g[0]',
  );
  assert.equal(
    fieldOf(() => checkStaffGrids('GRID_WORKER', 'c', ['s', 'x'], [small, null], 'g')),
    'g[1]',
  );
  assert.equal(
    fieldOf(() => checkStaffGrids('GRID_WORKER', 'c', ['s'], [{ ...small, retiredAt: new Date() }], 'g')),
    'g[0]',
  );
  assert.equal(
    fieldOf(() => checkStaffGrids('GRID_WORKER', 'c', ['s', 's'], [small, small], 'g')),
    'g',
  );
  assert.equal(
    fieldOf(() => checkPostKinds(['NIGHT_WATCH'], 'k')),
    'k',
  );
});

test('what a leaving member still holds is named, in Chinese and English', () => {
  assert.equal(leftOver({ grids: 0, openRequests: 0, schedule: 0, posts: 0, duty: 0 }), '');
  assert.equal(
    leftOver({ grids: 2, openRequests: 3, schedule: 0, posts: 1, duty: 0 }),
    '尚有 2 个网格、3 件未办结事项、1 个固定岗 (still holds 2 grids, 3 open requests, 1 fixed posts)',
  );
});

test('the demo structure passes the rules the mutations apply, at every scale', () => {
  for (const scale of ['small', 'full'] as const) checkGeneratedStructure(generate({ ...DEMO_SCALES[scale], today: '2026-11-26' }));
  const data = generate({ ...DEMO_SCALES.small, today: '2026-11-26' });
  const staff = data.staff.map((s, i) => (i === 3 ? { ...s, dutyPhone: '12345' } : s));
  assert.throws(() => checkGeneratedStructure({ ...data, staff }), /staff\[3\]\.dutyPhone/);
});
