import assert from 'node:assert/strict';
import { test } from 'node:test';
import { combine, DEFAULT_WEIGHTS } from './assessment.service.js';
import { periodDates } from './periods.js';

test('a score weighs the parts that have data', () => {
  assert.equal(combine({ offDeskShare: 0.5, onTimeRate: 1, reviewScore: 0.8, auditScore: 1 }, DEFAULT_WEIGHTS), 81.5);
  // Without audits, the other three weights are rescaled: (0.25·0.5 + 0.25·1 + 0.3·0.8) / 0.8.
  assert.equal(combine({ offDeskShare: 0.5, onTimeRate: 1, reviewScore: 0.8, auditScore: null }, DEFAULT_WEIGHTS), 76.9);
  assert.equal(combine({ offDeskShare: null, onTimeRate: null, reviewScore: null, auditScore: null }, DEFAULT_WEIGHTS), null);
  assert.equal(
    combine({ offDeskShare: 0, onTimeRate: 1, reviewScore: null, auditScore: null }, { offDesk: 1, onTime: 0, reviews: 0, audit: 0 }),
    0,
  );
});

test('periods: quarters and years', () => {
  assert.deepEqual(periodDates('2026-Q4'), { from: '2026-10-01', to: '2026-12-31', quarters: ['2026-Q4'] });
  assert.deepEqual(periodDates('2024-Q1'), { from: '2024-01-01', to: '2024-03-31', quarters: ['2024-Q1'] });
  assert.equal(periodDates('2026').quarters.length, 4);
  assert.throws(() => periodDates('2026-Q5'), /period/);
  // S12: a year outside the evaluations' era is bad input, not dates no engine reads (0000 → months 0-02 …).
  for (const bad of ['0000', '0000-Q1', '1999', '2100-Q4']) assert.throws(() => periodDates(bad, 'period'), /period/, bad);
});
