import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isValidNationalId, makeNationalId } from './national-id.js';

test('ID numbers carry a GB 11643 check character', () => {
  assert.equal(isValidNationalId('11010519491231002X'), true);
  assert.equal(isValidNationalId('110105194912310021'), false);
  const id = makeNationalId('420106', '1956-03-08', 17);
  assert.equal(id.length, 18);
  assert.equal(isValidNationalId(id), true);
});
