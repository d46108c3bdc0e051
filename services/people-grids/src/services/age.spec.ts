import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ageOn, elderTier, yearsBefore } from './age.js';

test('age counts a birthday only once it has come', () => {
  assert.equal(ageOn('1956-11-22', '2026-11-21'), 69);
  assert.equal(ageOn('1956-11-21', '2026-11-21'), 70);
  assert.equal(ageOn('2000-02-29', '2026-02-28'), 25);
});

test('elder tiers follow 6789', () => {
  assert.deepEqual([59, 60, 69, 70, 80, 89, 90, 101].map(elderTier), [
    null,
    'AGE_60',
    'AGE_60',
    'AGE_70',
    'AGE_80',
    'AGE_80',
    'AGE_90',
    'AGE_90',
  ]);
});

test('years before a date keep the day, 29 February falling back to the 28th', () => {
  assert.equal(yearsBefore('2026-11-21', 60), '1966-11-21');
  assert.equal(yearsBefore('2028-02-29', 1), '2027-02-28');
  assert.equal(yearsBefore('2028-02-29', 4), '2024-02-29');
});
