import { envShape as evaluationsEnv } from '@jwh/evaluations/environment';
import { envShape as gatewayEnv } from '@jwh/gateway/environment';
import { envShape as peopleGridsEnv } from '@jwh/people-grids/environment';
import { envShape as remindersEnv } from '@jwh/people-grids/reminders-environment';
import { envShape as serviceMattersEnv } from '@jwh/service-matters/environment';
import { envShape as volunteersEnv } from '@jwh/volunteers/environment';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import type { ZodType } from 'zod';
import { ROOT } from './paths.js';

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string; args: { PACKAGE: string; ENTRY: string } };
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}
const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const services = compose.services;

/** Each deployable in the compose file and the configuration schema its code parses. */
const APPS: Record<string, { pkg: string; entry: string; shape: Record<string, ZodType> }> = {
  'people-grids': { pkg: 'services/people-grids', entry: 'index', shape: peopleGridsEnv },
  'people-grids-worker': { pkg: 'services/people-grids', entry: 'worker', shape: peopleGridsEnv },
  'reminders-worker': { pkg: 'services/people-grids', entry: 'reminders-worker', shape: remindersEnv },
  'service-matters': { pkg: 'services/service-matters', entry: 'index', shape: serviceMattersEnv },
  volunteers: { pkg: 'services/volunteers', entry: 'index', shape: volunteersEnv },
  evaluations: { pkg: 'services/evaluations', entry: 'index', shape: evaluationsEnv },
  'evaluations-worker': { pkg: 'services/evaluations', entry: 'worker', shape: evaluationsEnv },
  gateway: { pkg: 'gateway', entry: 'index', shape: gatewayEnv },
};
const required = (shape: Record<string, ZodType>) => Object.keys(shape).filter((k) => !shape[k]!.safeParse(undefined).success);

test('every deployable is in the compose file, and nothing else but MongoDB and Redis', () => {
  assert.deepEqual(Object.keys(services).sort(), [...Object.keys(APPS), 'mongo', 'redis'].sort());
  assert.match(services.mongo!.image!, /^mongo:7/);
  assert.ok(services.mongo!.healthcheck!.test.join(' ').includes('rs.initiate'), 'MongoDB runs as a replica set');
  assert.match(services.redis!.image!, /^redis:7/);
  assert.ok(services.redis!.healthcheck);
});

for (const [name, app] of Object.entries(APPS)) {
  test(`${name}: build, entry, environment, ports, health check and dependencies match the code`, () => {
    const s = services[name]!;
    assert.ok(s.build, 'built from this repository');
    assert.ok(existsSync(join(ROOT, s.build.context, s.build.dockerfile)), 'its Dockerfile exists');
    assert.equal(s.build.args.PACKAGE, app.pkg);
    assert.equal(s.build.args.ENTRY, `dist/src/${app.entry}.js`);
    assert.ok(existsSync(join(ROOT, app.pkg, 'src', `${app.entry}.ts`)), 'its entry point exists');

    const env = s.environment ?? {};
    const known = Object.keys(app.shape);
    for (const key of Object.keys(env)) assert.ok(known.includes(key), `${key} is not read by ${app.pkg}`);
    for (const key of required(app.shape)) assert.ok(key in env, `${key} is required by ${app.pkg} but not set`);
    for (const [key, schema] of Object.entries(app.shape)) {
      if (!(key in env)) continue;
      // Secrets are interpolated from the deployment's environment and must be required there.
      if (env[key]!.startsWith('${'))
        assert.match(env[key]!, new RegExp(`^\\$\\{([A-Z_]+_)?${key}:\\?`), `${key} must be required at deploy time`);
      // A password inside a URL is a deploy-time variable too: validate the URL around it.
      else
        assert.ok(
          schema.safeParse(env[key]!.replace(/\$\{[A-Z_]+:\?[^}]*\}/g, 'secret')).success,
          `${key}=${env[key]} does not pass the code's validation`,
        );
    }
    for (const secret of ['IDENTITY_SIGNING_KEY', 'PII_ENCRYPTION_KEY', 'PII_HASH_KEY']) {
      if (secret in env) assert.ok(env[secret]!.startsWith('${'), `${secret} must not be written into the compose file`);
    }
    const holdsPii = 'PII_ENCRYPTION_KEY' in env;
    assert.equal(
      holdsPii,
      ['people-grids', 'people-grids-worker'].includes(name),
      'personal-data keys go only to the processes that read or write ID numbers',
    );
    assert.equal(env.NODE_ENV, 'production');

    assert.equal(s.ports, name === 'gateway' ? s.ports : undefined, 'only the gateway publishes a port');
    if (name === 'gateway') assert.deepEqual(s.ports, [`${env.PORT}:${env.PORT}`]);
    assert.ok(s.healthcheck?.test.join(' ').includes(`127.0.0.1:${env.PORT}/health`), 'health check asks its own /health');

    const deps = Object.keys(s.depends_on ?? {}).sort();
    if (name === 'gateway') {
      assert.deepEqual(deps, ['evaluations', 'people-grids', 'redis', 'service-matters', 'volunteers']);
      for (const sub of deps.filter((d) => d !== 'redis')) {
        const url = env[`SUBGRAPH_${sub.toUpperCase().replace('-', '_')}_URL`];
        assert.equal(url, `http://${sub}:${services[sub]!.environment!.PORT}/graphql`);
      }
    } else {
      // Storage, and each subgraph it reads (its URL variable points at that service's port).
      const reads = Object.entries(env).filter(([k]) => /^[A-Z_]+_URL$/.test(k) && !['MONGO_URL', 'REDIS_URL'].includes(k));
      const readsFrom = reads.map(([k]) => k.replace(/_URL$/, '').toLowerCase().replace('_', '-'));
      assert.deepEqual(deps, ['mongo', 'redis', ...readsFrom].sort());
      for (const [k, url] of reads) {
        const sub = k.replace(/_URL$/, '').toLowerCase().replace('_', '-');
        assert.equal(url, `http://${sub}:${services[sub]!.environment!.PORT}/graphql`);
      }
      assert.match(env.MONGO_URL!, /replicaSet=rs0/);
      // S15: each service signs in as its own MongoDB user (named as its database) and as Redis's `jwh` user.
      const db = app.pkg.replace('services/', '').replace('-', '_');
      const password = `${db.toUpperCase()}_MONGO_PASSWORD`;
      assert.equal(env.MONGO_URL, `mongodb://${db}:\${${password}:?set ${password}}@mongo:27017/?replicaSet=rs0&authSource=admin`);
      assert.equal(env.REDIS_URL, 'redis://jwh:${REDIS_PASSWORD:?set REDIS_PASSWORD}@redis:6379');
    }
    for (const dep of Object.values(s.depends_on ?? {})) assert.equal(dep.condition, 'service_healthy');
  });
}

test('S15: MongoDB and Redis take only clients that sign in, each service only into its own database', () => {
  const mongo = services.mongo as ComposeService & { command: string[]; volumes: string[] };
  assert.ok(mongo.command.includes('--auth') && mongo.command.includes('--keyFile'), 'MongoDB runs with authentication');
  const init = readFileSync(join(ROOT, 'deploy/mongo-init.js'), 'utf8');
  assert.ok(mongo.volumes.some((v) => v.startsWith('./deploy/mongo-init.js:/docker-entrypoint-initdb.d/')));
  for (const db of ['people_grids', 'service_matters', 'volunteers', 'evaluations']) {
    assert.ok(init.includes(`['${db}', '${db.toUpperCase()}_MONGO_PASSWORD']`), `a user for ${db}`);
    assert.ok(mongo.environment![`${db.toUpperCase()}_MONGO_PASSWORD`]!.startsWith('${'), 'its password is a deploy-time secret');
  }
  assert.match(init, /roles: \[\{ role: 'readWrite', db: name \}\]/, 'each user may use its own database only');
  const redisScript = readFileSync(join(ROOT, 'deploy/redis-users.sh'), 'utf8');
  assert.match(redisScript, /--user default off/, 'Redis has no password-less default user');
  assert.match(redisScript, /--user jwh on ">\$\{REDIS_PASSWORD\}" '~jwh:\*'/, 'the services may touch the queue keys only');
  assert.match(redisScript, /'-flushall' '-flushdb' '-config'/);
  for (const name of Object.keys(APPS)) assert.match(services[name]!.environment!.REDIS_URL!, /^redis:\/\/jwh:\$\{REDIS_PASSWORD/);
});
