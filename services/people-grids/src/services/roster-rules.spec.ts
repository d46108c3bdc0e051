import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkPostHours, checkRotaEntries, checkWeekdays, postsOverlap } from './roster-rules.js';

const field = (f: string) => (e: { extensions?: { field?: string } }) => e.extensions?.field === f;

test("a post's hours: start before end, within 06:00–21:00", () => {
  assert.deepEqual(checkPostHours('07:00', '08:30', 'input'), { start: '07:00', end: '08:30' });
  assert.throws(() => checkPostHours('15:00', '10:00', 'input'), field('input.end'));
  assert.throws(() => checkPostHours('08:30', '08:30', 'input'), field('input.end'));
  assert.throws(() => checkPostHours('05:30', '07:00', 'input'), field('input.start'));
  assert.throws(() => checkPostHours('20:00', '22:00', 'input'), field('input.end'));
  assert.throws(() => checkPostHours('7:00', '08:00', 'input'), field('input.start'));
});

test('weekdays 1–7, each once; overlapping posts share a weekday and hours', () => {
  assert.deepEqual(checkWeekdays([5, 1, 3], 'w'), [1, 3, 5]);
  assert.throws(() => checkWeekdays([], 'w'), field('w'));
  assert.throws(() => checkWeekdays([1, 8], 'w'), field('w[1]'));
  assert.throws(() => checkWeekdays([2, 2], 'w'), field('w'));
  assert.ok(postsOverlap({ weekdays: [1, 3], start: '07:00', end: '08:30' }, { weekdays: [3], start: '08:00', end: '09:00' }));
  assert.ok(!postsOverlap({ weekdays: [1, 3], start: '07:00', end: '08:30' }, { weekdays: [3], start: '08:30', end: '09:00' }));
  assert.ok(!postsOverlap({ weekdays: [1], start: '07:00', end: '08:30' }, { weekdays: [2], start: '07:00', end: '08:30' }));
});

test('a rota: dates in the period, desks 1 and 2, one worker a desk, nobody at two desks at once', () => {
  const e = (date: string, part: string, desk: number, staffId: string) => ({ date, part, desk, staffId });
  checkRotaEntries(
    [e('2026-12-01', 'AM', 1, 'a'), e('2026-12-01', 'AM', 2, 'b'), e('2026-12-01', 'PM', 1, 'a')],
    '2026-12-01',
    '2026-12-07',
    'x',
  );
  assert.throws(() => checkRotaEntries([e('2026-12-08', 'AM', 1, 'a')], '2026-12-01', '2026-12-07', 'x'), field('x[0].date'));
  assert.throws(() => checkRotaEntries([e('2026-12-01', 'AM', 3, 'a')], '2026-12-01', '2026-12-07', 'x'), field('x[0].desk'));
  assert.throws(
    () => checkRotaEntries([e('2026-12-01', 'AM', 1, 'a'), e('2026-12-01', 'AM', 1, 'b')], '2026-12-01', '2026-12-07', 'x'),
    field('x[1].desk'),
  );
  assert.throws(
    () => checkRotaEntries([e('2026-12-01', 'AM', 1, 'a'), e('2026-12-01', 'AM', 2, 'a')], '2026-12-01', '2026-12-07', 'x'),
    field('x[1].staffId'),
  );
});
