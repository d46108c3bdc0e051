import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mealCardRefusal } from './meal-card-rule.js';

test('a love card needs the minimum age: 70 passes, 69 and 53 do not, an unknown age does not', () => {
  assert.equal(mealCardRefusal(70, 70), null);
  assert.equal(mealCardRefusal(91, 70), null);
  assert.match(mealCardRefusal(69, 70)!, /70/);
  assert.match(mealCardRefusal(53, 70)!, /53/);
  assert.match(mealCardRefusal(Number.NaN, 70)!, /age unknown/);
  assert.equal(mealCardRefusal(72, 75) !== null, true);
});
