import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeCursor, encodeCursor, pageSize } from './pagination.js';

test('cursors round-trip and garbage is refused naming the field', () => {
  const id = '65f0c0ffee00000000000001';
  assert.equal(decodeCursor(encodeCursor(id)), id);
  assert.throws(
    () => decodeCursor('not-a-cursor'),
    (e: Error & { extensions?: Record<string, unknown> }) => e.extensions?.field === 'after',
  );
});

test('page size defaults to 20 and is capped at 200', () => {
  assert.equal(pageSize(undefined), 20);
  assert.equal(pageSize(200), 200);
  for (const bad of [0, -1, 201, 1.5]) assert.throws(() => pageSize(bad), /first/);
});
