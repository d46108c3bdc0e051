import assert from 'node:assert/strict';
import { test } from 'node:test';
import { birthdayWindow } from './birthday.service.js';

test('birthday windows cross the year and keep 29 February on the 28th in common years', () => {
  const w = birthdayWindow('2026-12-30', 4);
  assert.deepEqual(
    [...w.entries()],
    [
      ['12-30', '2026-12-30'],
      ['12-31', '2026-12-31'],
      ['01-01', '2027-01-01'],
      ['01-02', '2027-01-02'],
    ],
  );
  assert.equal(birthdayWindow('2027-02-27', 3).get('02-29'), '2027-02-28');
  assert.equal(birthdayWindow('2028-02-27', 4).get('02-29'), '2028-02-29');
});
