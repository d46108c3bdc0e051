import assert from 'node:assert/strict';
import { test } from 'node:test';
import { wilson } from './wilson.js';

const close = (a: number | null, b: number, eps = 1e-4) => assert.ok(a !== null && Math.abs(a - b) < eps, `${a} ≈ ${b}`);

test('Wilson 95% intervals match published values', () => {
  // 81 of 263 (Wilson 1927, as in Newcombe 1998): 0.2553 – 0.3662
  const a = wilson(81, 263);
  close(a.low, 0.2553);
  close(a.high, 0.3662);
  // 0 of 10: 0 – 0.2775; 10 of 10: 0.7225 – 1
  const b = wilson(0, 10);
  close(b.low, 0);
  close(b.high, 0.2775);
  const c = wilson(10, 10);
  close(c.low, 0.7225);
  close(c.high, 1);
  assert.deepEqual(wilson(0, 0), { rate: null, low: null, high: null, n: 0 });
});
