// `npm run hygiene` (and `npm test`, after build and lint): the checks that keep the tree tidy.
// Each runs even when one before it failed; the script exits 1 when any did.
//   format     prettier --check . (config in package.json, skips in .prettierignore)
//   copies     jscpd over services/, gateway/, packages/, tests/, web/src/ (.jscpd.json): no copied code
//   dead code  knip (knip.json): unused files, exports and dependencies, undeclared dependencies (generated code included)
//   schemas    @graphql-eslint on every services/*/src/schema.graphql (eslint.schemas.config.mjs)
//   versions   one version range per dependency across the workspace's package.json files
// `node scripts/hygiene.mjs <name> …` runs only the named checks (format, copies, dead-code, schemas, versions).
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => join(ROOT, 'node_modules', '.bin', name);

/** Runs a tool from the root with its output shown; true when it exits 0. */
function tool(name, args) {
  const result = spawnSync(bin(name), args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, JSCPD_NO_TIPS: '1' } });
  return result.status === 0;
}

/** The workspace's package.json files: the root and every workspace package. */
function manifests() {
  const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const dirs = root.workspaces.flatMap((w) =>
    w.endsWith('/*')
      ? readdirSync(join(ROOT, w.slice(0, -2)), { withFileTypes: true })
          .filter((d) => d.isDirectory())
          .map((d) => join(w.slice(0, -2), d.name))
      : [w],
  );
  return [
    { path: 'package.json', json: root },
    ...dirs.flatMap((d) => {
      try {
        return [{ path: join(d, 'package.json'), json: JSON.parse(readFileSync(join(ROOT, d, 'package.json'), 'utf8')) }];
      } catch {
        return [];
      }
    }),
  ];
}

/** Every dependency is declared with one version range wherever it is declared (workspace packages aside). */
function oneVersionPerDependency() {
  const all = manifests();
  const workspaceNames = new Set(all.map((m) => m.json.name));
  const ranges = new Map();
  for (const { path, json } of all)
    for (const field of ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'])
      for (const [dep, range] of Object.entries(json[field] ?? {})) {
        if (workspaceNames.has(dep)) continue;
        const byRange = ranges.get(dep) ?? new Map();
        byRange.set(range, [...(byRange.get(range) ?? []), path]);
        ranges.set(dep, byRange);
      }
  const split = [...ranges].filter(([, byRange]) => byRange.size > 1);
  for (const [dep, byRange] of split)
    console.log(`${dep}: ${[...byRange].map(([range, paths]) => `${range} in ${paths.join(', ')}`).join('; ')}`);
  console.log(
    split.length
      ? `${split.length} dependencies declared with more than one version`
      : `one version per dependency (${ranges.size} dependencies)`,
  );
  return split.length === 0;
}

const CHECKS = {
  format: () => tool('prettier', ['--check', '--log-level', 'warn', '.']),
  copies: () => tool('jscpd', ['--config', '.jscpd.json']),
  // Not the .gitignore: the generated resolver types (gitignored) import the models' types and graphql.
  'dead-code': () => tool('knip', ['--no-progress', '--no-gitignore']),
  schemas: () => tool('eslint', ['--config', 'eslint.schemas.config.mjs', '--max-warnings', '0', 'services/*/src/schema.graphql']),
  versions: oneVersionPerDependency,
};

const only = process.argv.slice(2);
const unknown = only.filter((n) => !(n in CHECKS));
if (unknown.length) {
  console.error(`unknown checks: ${unknown.join(', ')} (known: ${Object.keys(CHECKS).join(', ')})`);
  process.exit(2);
}
const failed = [];
for (const [name, check] of Object.entries(CHECKS)) {
  if (only.length && !only.includes(name)) continue;
  process.stdout.write(`[hygiene] ${name}\n`);
  if (!check()) failed.push(name);
}
process.stdout.write(failed.length ? `[hygiene] FAILED: ${failed.join(', ')}\n` : '[hygiene] all clean\n');
process.exit(failed.length ? 1 : 0);
