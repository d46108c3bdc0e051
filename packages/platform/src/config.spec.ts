import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { baseEnvShape, describeEnvErrors, storageEnvShape } from './config.js';

test('each missing or bad variable gets one line naming it', () => {
  const result = z.object({ ...baseEnvShape, ...storageEnvShape }).safeParse({ PORT: 'abc', MONGO_URL: 'postgres://x' });
  assert.equal(result.success, false);
  const lines = describeEnvErrors(result.error!);
  assert.ok(lines.some((l) => l.startsWith('configuration: PORT is invalid')));
  assert.ok(lines.some((l) => l.startsWith('configuration: MONGO_URL is invalid') && l.includes('mongodb://')));
  assert.ok(lines.includes('configuration: REDIS_URL is required but not set'));
  assert.equal(lines.length, 3);
});
