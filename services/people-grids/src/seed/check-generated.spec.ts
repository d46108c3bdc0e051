import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkGeneratedMap } from './check-generated.js';
import { FULL, SMALL, generate } from './generator.js';

test('the demo living map, fixed posts and reception rota pass the rules of the mutations (full and small scales)', () => {
  for (const scale of [SMALL, FULL]) {
    const data = generate({ ...scale, today: '2026-11-26' });
    assert.doesNotThrow(() => checkGeneratedMap(data));
    assert.ok(data.posts.every((p) => p.start < p.end));
  }
});

test('a post ending before it starts, a rota with one worker at both desks or a facility off the map is refused', () => {
  const data = generate({ ...SMALL, today: '2026-11-26' });
  const post = data.posts[0]!;
  assert.throws(
    () => checkGeneratedMap({ ...data, posts: [{ ...post, start: '15:00', end: '10:00' }] }),
    (e: { extensions?: { field?: string } }) => e.extensions?.field === 'posts[0].end',
  );
  assert.throws(
    () => checkGeneratedMap({ ...data, posts: [{ ...post, start: '08:30', end: '08:30' }] }),
    (e: { extensions?: { field?: string } }) => e.extensions?.field === 'posts[0].end',
  );
  const [a, b] = data.duty;
  assert.throws(() => checkGeneratedMap({ ...data, duty: [a!, { ...b!, staffId: a!.staffId }] }), /staffId/);
  assert.throws(() => checkGeneratedMap({ ...data, facilities: [{ ...data.facilities[0]!, lat: 91 }] }), /lat/);
});
