import { writeFileSync } from 'node:fs';
import { composeSupergraph } from './compose.js';
import { SUPERGRAPH_FILE } from './subgraphs.js';

// `npm run compose`: writes gateway/supergraph.graphql (committed; a test fails on drift).
writeFileSync(SUPERGRAPH_FILE, composeSupergraph());
process.stdout.write(`wrote ${SUPERGRAPH_FILE}\n`);
