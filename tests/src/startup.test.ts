import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from './paths.js';

test('a bad or missing configuration value stops a process with one clear line naming it', () => {
  const run = spawnSync(process.execPath, [join(ROOT, 'services/people-grids/dist/src/index.js')], {
    env: {
      PATH: '',
      PORT: '4001',
      MONGO_URL: 'mysql://nope',
      REDIS_URL: 'redis://127.0.0.1:6379',
      IDENTITY_PUBLIC_KEYS: '{"keys":[{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","kid":"gateway"}]}',
      PII_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      PII_HASH_KEY: randomBytes(32).toString('base64'),
    },
    encoding: 'utf8',
    timeout: 10_000,
  });
  assert.equal(run.status, 1);
  const lines = run.stderr.trim().split('\n');
  assert.equal(lines.length, 1, run.stderr);
  assert.match(lines[0]!, /^\[people-grids\] configuration: MONGO_URL is invalid/);

  const gateway = spawnSync(process.execPath, [join(ROOT, 'gateway/dist/src/index.js')], {
    env: { PATH: '' },
    encoding: 'utf8',
    timeout: 10_000,
  });
  assert.equal(gateway.status, 1);
  assert.match(gateway.stderr, /SUBGRAPH_PEOPLE_GRIDS_URL is required but not set/);
});
