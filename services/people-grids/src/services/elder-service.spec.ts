import type { BadUserInputError } from '@jwh/platform';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { occasionOf, occasionOfDelivery } from './elder-service.service.js';
import { hasNotBegun } from './half-day.service.js';

test('festival gifts fall on their lunar dates (chinese-days) and open two weeks ahead', () => {
  const dates = (['DRAGON_BOAT', 'MID_AUTUMN', 'DOUBLE_NINTH'] as const).map(
    (festival) => occasionOf({ service: 'FESTIVAL_GIFT', year: 2026, festival }, 'o').ageOn,
  );
  assert.deepEqual(dates, ['2026-06-19', '2026-09-25', '2026-10-18']);
  const gift = occasionOf({ service: 'FESTIVAL_GIFT', year: 2026, festival: 'DOUBLE_NINTH' }, 'o');
  assert.deepEqual(
    { key: gift.key, label: gift.label, startsOn: gift.startsOn },
    { key: 'DOUBLE_NINTH:2026', label: '2026年重阳节礼品', startsOn: '2026-10-04' },
  );
});

test('occasions: a haircut a month (ages on its last day), a lunch a day, birthdays by the age turned; a stored key reads back', () => {
  const haircut = occasionOf({ service: 'HAIRCUT', date: '2028-02-10' }, 'o');
  assert.deepEqual({ key: haircut.key, ageOn: haircut.ageOn, floor: haircut.floor }, { key: '2028-02', ageOn: '2028-02-29', floor: 60 });
  assert.equal(occasionOf({ service: 'CANTEEN_MEAL', date: '2026-11-26' }, 'o').key, '2026-11-26');
  const banquet = occasionOf({ service: 'BIRTHDAY_BANQUET', year: 2026 }, 'o');
  assert.deepEqual({ key: banquet.key, ageOn: banquet.ageOn, floor: banquet.floor }, { key: '2026', ageOn: '2026-12-31', floor: 90 });
  for (const o of [haircut, banquet, occasionOf({ service: 'FESTIVAL_GIFT', year: 2025, festival: 'MID_AUTUMN' }, 'o')])
    assert.deepEqual(occasionOfDelivery({ service: o.service, occasion: o.key }), o);
  assert.throws(
    () => occasionOf({ service: 'FESTIVAL_GIFT', year: 2026 }, 'input.occasion'),
    (e: BadUserInputError) => e.extensions.field === 'input.occasion.festival',
  );
  assert.throws(
    () => occasionOf({ service: 'BIRTHDAY_CAKE' }, 'input.occasion'),
    (e: BadUserInputError) => e.extensions.field === 'input.occasion.year',
  );
});

test('a half-day has begun from its morning; this afternoon from noon (Asia/Shanghai)', () => {
  const at = (iso: string) => new Date(iso);
  assert.equal(hasNotBegun('2026-11-27', 'AM', at('2026-11-26T10:00:00+08:00')), true);
  assert.equal(hasNotBegun('2026-11-26', 'AM', at('2026-11-26T08:00:00+08:00')), false);
  assert.equal(hasNotBegun('2026-11-26', 'PM', at('2026-11-26T11:59:00+08:00')), true);
  assert.equal(hasNotBegun('2026-11-26', 'PM', at('2026-11-26T12:00:00+08:00')), false);
  assert.equal(hasNotBegun('2026-11-25', 'PM', at('2026-11-26T00:10:00+08:00')), false);
});
