import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addWorkingDays, isWorkingDay, workingDaysBetween } from './calendar.js';

test('the National Day holiday is skipped and the make-up Saturday counts', () => {
  // 2026: 1–7 October off; Saturday 10 October is a make-up working day.
  assert.equal(isWorkingDay('2026-10-01'), false);
  assert.equal(isWorkingDay('2026-10-10'), true);
  assert.equal(addWorkingDays('2026-09-30', 1), '2026-10-08');
  assert.equal(addWorkingDays('2026-09-30', 3), '2026-10-10');
  assert.equal(addWorkingDays('2026-09-30', 5), '2026-10-13');
  assert.equal(workingDaysBetween('2026-09-30', '2026-10-10'), 3);
  assert.equal(workingDaysBetween('2026-09-30', '2026-09-30'), 0);
});
