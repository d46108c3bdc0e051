import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { MATRIX_FILE, authorizationMatrix } from './authorization-matrix.js';

test('docs/authorization.md is the matrix the policies give (npm run authz rewrites it)', () => {
  const generated = authorizationMatrix();
  assert.match(generated, /\| `Mutation\.moveHousehold` \| ✓ \| ✓ \| {2}\|/);
  assert.equal(readFileSync(MATRIX_FILE, 'utf8'), generated, 'docs/authorization.md is stale: run npm run authz');
});
