import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dateRange, isoWeekday, mondayOf, shanghaiDayRange } from './time.js';

test('Shanghai days, weeks and weekdays', () => {
  assert.equal(shanghaiDayRange('2026-11-21').start.toISOString(), '2026-11-20T16:00:00.000Z');
  assert.equal(mondayOf('2026-11-22'), '2026-11-16');
  assert.equal(mondayOf('2026-11-16'), '2026-11-16');
  assert.equal(isoWeekday('2026-11-22'), 7);
  assert.deepEqual(dateRange('2026-12-31', 2), ['2026-12-31', '2027-01-01']);
});
