import assert from 'node:assert/strict';
import { test } from 'node:test';
import { distanceMeters } from './facility.service.js';

test('haversine distance', () => {
  assert.equal(Math.round(distanceMeters(30.5435, 114.3421, 30.5435, 114.3421)), 0);
  const oneDegreeLat = distanceMeters(30, 114, 31, 114);
  assert.ok(Math.abs(oneDegreeLat - 111_195) < 100, String(oneDegreeLat));
});
