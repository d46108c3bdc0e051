import { PUBLIC_ROOT_FIELDS } from '@jwh/contracts';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { MATRIX_FILE, authorizationMatrix } from './authorization-matrix.js';
import { POLICY } from './supergraph.js';

test('docs/authorization.md is the matrix the policies give (npm run authz rewrites it)', () => {
  const generated = authorizationMatrix();
  assert.match(generated, /\| `Mutation\.moveHousehold` \| ✓ \| ✓ \| {2}\|/);
  assert.match(
    generated,
    /\| `Query\.noticeBoard` \| ✓ \| ✓ \| ✓ \| ✓ \| ✓ \| ✓ \| ✓ \| {2}\|/,
    'the notice board: every role and anonymous',
  );
  assert.equal(readFileSync(MATRIX_FILE, 'utf8'), generated, 'docs/authorization.md is stale: run npm run authz');
});

test("the gateway's public root fields are exactly the policies' public rules (PUBLIC_ROOT_FIELDS)", () => {
  const publicRules = Object.entries(POLICY)
    .filter(([, rule]) => rule.public)
    .map(([coord]) => coord)
    .sort();
  assert.deepEqual(publicRules, PUBLIC_ROOT_FIELDS.map((f) => `Query.${f}`).sort());
});
