import { ROLES, type Role } from '@jwh/platform';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEMO_USERS, ensureDevKeys, issueToken, rotateDevKey } from './dev-keys.js';

// `npm run token -- <ROLE> [--keys DIR] [--expires 12h] [--claims JSON] [--rotate]`: prints a token for the
// demo user of ROLE (its claims overridden by --claims, e.g. a new community's id in `community_ids`),
// signed with the development key in DIR (default .data/keys, where `npm start` keeps it).
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    keys: { type: 'string', default: fileURLToPath(new URL('../../../.data/keys', import.meta.url)) },
    expires: { type: 'string', default: '12h' },
    rotate: { type: 'boolean', default: false },
    claims: { type: 'string', default: '{}' },
  },
});
const role = positionals[0]?.toUpperCase() as Role | undefined;
if (!values.rotate && (!role || !ROLES.includes(role))) {
  process.stderr.write(`usage: npm run token -- <${ROLES.join('|')}> [--keys DIR] [--expires 12h] [--claims JSON] | --rotate\n`);
  process.exit(2);
}
await ensureDevKeys(values.keys);
if (values.rotate) process.stderr.write(`new signing key ${await rotateDevKey(values.keys)}; the previous one still verifies\n`);
let claims: Record<string, unknown>;
try {
  claims = JSON.parse(values.claims) as Record<string, unknown>;
} catch {
  process.stderr.write('--claims takes a JSON object, e.g. \'{"community_ids":["…"]}\'\n');
  process.exit(2);
}
if (role) process.stdout.write(`${await issueToken(values.keys, { ...DEMO_USERS[role], ...claims, role }, values.expires)}\n`);
