// Every NOT_FOUND a service raises names what was not found in Chinese too (issue 16: English-only
// "agenda item … not found"): each `what` passed to NotFoundError, loadExisting or existing in the
// services' sources has its Chinese name in the platform's table.
import { NOT_FOUND_NAMES } from '@jwh/platform';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from './paths.js';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const path = join(dir, d.name);
    if (d.isDirectory()) return d.name === '__generated__' ? [] : sources(path);
    return d.name.endsWith('.ts') && !d.name.endsWith('.spec.ts') ? [path] : [];
  });
}

test('every NOT_FOUND of the services has its Chinese name', () => {
  const names = new Set<string>();
  for (const service of readdirSync(join(ROOT, 'services'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)) {
    for (const file of sources(join(ROOT, 'services', service, 'src'))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/new NotFoundError\(\s*'([^']+)'/g)) names.add(m[1]!);
      for (const m of text.matchAll(/\b(?:loadExisting|existing)\([^;]*?,\s*'([a-z][a-z -]*)'\s*[,)]/g)) names.add(m[1]!);
    }
  }
  assert.ok(names.size >= 30, `found ${names.size} names`);
  assert.deepEqual(
    [...names].filter((n) => !NOT_FOUND_NAMES[n]),
    [],
    'add these to NOT_FOUND_NAMES in packages/platform/src/errors.ts',
  );
});
