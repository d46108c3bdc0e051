// The authorization matrix (docs/authorization.md), generated from the four subgraphs' policies:
// every root field of the graph × every role, and the services a field is granted to. The spec
// beside it fails when the committed file is not what the policies say (`npm run authz` rewrites it).
import { policy as evaluationsPolicy } from '@jwh/evaluations/policy';
import { policy as peopleGridsPolicy } from '@jwh/people-grids/policy';
import { policy as serviceMattersPolicy } from '@jwh/service-matters/policy';
import { policy as volunteersPolicy } from '@jwh/volunteers/policy';
import { ROLES, isAllowed, type Policy } from '@jwh/platform';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './paths.js';

const SUBGRAPHS: [string, Policy][] = [
  ['people-grids', peopleGridsPolicy],
  ['service-matters', serviceMattersPolicy],
  ['volunteers', volunteersPolicy],
  ['evaluations', evaluationsPolicy],
];

export const MATRIX_FILE = join(ROOT, 'docs/authorization.md');

/** The matrix as Markdown: one table per subgraph, queries then mutations, ✓ where a role may call the field. */
export function authorizationMatrix(): string {
  const lines = [
    '# Authorization matrix',
    '',
    'Generated from `services/*/src/policy.ts` by `npm run authz`; `npm test` fails when this file',
    'is stale. ✓: the role may call the root field (rows are then limited to its scope: street,',
    'community, grids, household, organisation). "services": subgraphs that may call it with their',
    'own identity. "anonymous": answered without a token (`public: true`: the notice board; the',
    'gateway answers a query of these fields only, `PUBLIC_ROOT_FIELDS`). Every cell is also tried',
    'through the gateway by `tests/src/access.test.ts`.',
  ];
  for (const [name, policy] of SUBGRAPHS) {
    const roots = Object.keys(policy)
      .filter((c) => c.startsWith('Query.') || c.startsWith('Mutation.'))
      .sort((a, b) => (a.split('.')[0] === b.split('.')[0] ? a.localeCompare(b) : a.startsWith('Query.') ? -1 : 1));
    lines.push(
      '',
      `## ${name}`,
      '',
      `| field | ${ROLES.join(' | ')} | anonymous | services |`,
      `|---|${ROLES.map(() => ':-:|').join('')}:-:|---|`,
    );
    for (const coord of roots) {
      const rule = policy[coord]!;
      const cells = ROLES.map((r) => (isAllowed(rule, r) ? '✓' : ''));
      lines.push(`| \`${coord}\` | ${cells.join(' | ')} | ${rule.public ? '✓' : ''} | ${(rule.services ?? []).join(', ')} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href && process.argv.includes('--write')) {
  writeFileSync(MATRIX_FILE, authorizationMatrix());
  console.log(`wrote ${MATRIX_FILE}`);
}
