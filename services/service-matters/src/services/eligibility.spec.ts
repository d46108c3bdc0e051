import assert from 'node:assert/strict';
import { test } from 'node:test';
import { failedRule } from './eligibility.js';

test('the first failed rule is the reason', () => {
  const elder = { age: 72, hukou: 'LOCAL' as const, tags: [] };
  assert.equal(failedRule({ minAge: 60, localHukouRequired: true }, elder), null);
  assert.match(failedRule({ minAge: 60 }, { ...elder, age: 59 })!, /60/);
  assert.match(failedRule({ minAge: 60, localHukouRequired: true }, { ...elder, hukou: 'NON_LOCAL' })!, /本地户籍/);
  assert.match(failedRule({ requiredTag: 'DISABLED' }, elder)!, /DISABLED/);
  assert.equal(failedRule(null, elder), null);
});
