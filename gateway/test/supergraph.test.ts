import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { composeSupergraph } from '../src/compose.js';
import { SUPERGRAPH_FILE } from '../src/subgraphs.js';

test('the four subgraphs compose without errors', () => {
  const sdl = composeSupergraph();
  for (const graph of ['PEOPLE_GRIDS', 'SERVICE_MATTERS', 'VOLUNTEERS', 'EVALUATIONS'])
    assert.match(sdl, new RegExp(`${graph} @join__graph`));
});

test('the committed supergraph matches the subgraph schemas (run `npm run compose` after a schema change)', () => {
  assert.equal(readFileSync(SUPERGRAPH_FILE, 'utf8'), composeSupergraph());
});
