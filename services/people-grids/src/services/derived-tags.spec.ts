import assert from 'node:assert/strict';
import { test } from 'node:test';
import { householdTags, isDerivedTag, sameTags } from './derived-tags.js';

const today = '2026-11-26';
const born = (age: number, monthDay = '01-01') => ({ birthDate: `${2026 - age}-${monthDay}` });

test('an elder alone is living alone and empty-nest; a younger person alone is neither', () => {
  assert.deepEqual(householdTags([born(75)], today), [['EMPTY_NEST', 'LIVING_ALONE']]);
  assert.deepEqual(householdTags([born(45)], today), [[]]);
});

test('an elderly couple is empty-nest; with a child at home, or three elders, it is not', () => {
  assert.deepEqual(householdTags([born(70), born(66)], today), [['EMPTY_NEST'], ['EMPTY_NEST']]);
  assert.deepEqual(householdTags([born(70), born(40)], today), [[], []]);
  assert.deepEqual(householdTags([born(70), born(66), born(90)], today), [[], [], []]);
});

test('age counts on the day: turning 60 tomorrow is not yet an elder', () => {
  assert.deepEqual(householdTags([{ birthDate: '1966-11-27' }], today), [[]]);
  assert.deepEqual(householdTags([{ birthDate: '1966-11-26' }], today), [['EMPTY_NEST', 'LIVING_ALONE']]);
});

test('manual tags are kept, stale derived ones dropped, the result sorted', () => {
  assert.deepEqual(householdTags([{ ...born(30), tags: ['LIVING_ALONE', 'UNEMPLOYED', 'LOW_INCOME'] }], today), [
    ['LOW_INCOME', 'UNEMPLOYED'],
  ]);
  assert.ok(isDerivedTag('EMPTY_NEST') && !isDerivedTag('LOW_INCOME'));
  assert.ok(sameTags(['B', 'A'], ['A', 'B']) && !sameTags(['A'], []));
});
