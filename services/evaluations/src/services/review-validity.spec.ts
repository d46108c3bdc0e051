import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isReviewValid } from './review-validity.js';

test('excellent and poor need a reason; good and fair do not', () => {
  assert.equal(isReviewValid('EXCELLENT', null), false);
  assert.equal(isReviewValid('POOR', ' '), false);
  assert.equal(isReviewValid('POOR', '多次上门未见人'), true);
  assert.equal(isReviewValid('GOOD', null), true);
  assert.equal(isReviewValid('FAIR', undefined), true);
});
