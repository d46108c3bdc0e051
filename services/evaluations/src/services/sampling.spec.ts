import assert from 'node:assert/strict';
import { test } from 'node:test';
import { draw, rank, type Candidate } from './sampling.js';

function* population(n: number): Generator<Candidate> {
  for (let i = 0; i < n; i++) yield { id: `r${i}`, householdId: `h${Math.floor(i / 3)}`, stratum: `g${i % 4}` };
}
const plan = (seed: string, exclude?: Set<string>) => ({ seed, perStratum: { g0: 10, g1: 10, g2: 5, g3: 0 }, exclude });

test('the same seed and population give the same sample; another seed another', async () => {
  const a = await draw(population(2_000), plan('2026-Q4 上证指数收盘 3312.45'));
  const b = await draw(population(2_000), plan('2026-Q4 上证指数收盘 3312.45'));
  const c = await draw(population(2_000), plan('another published value'));
  const ids = (d: typeof a) => Object.values(d.strata).flatMap((s) => s.sample.map((x) => x.id));
  assert.deepEqual(ids(a), ids(b));
  assert.notDeepEqual(ids(a), ids(c));
  assert.equal(a.seen, 2_000);
});

test('stratum sizes as planned, one respondent per household, recent respondents excluded, ranks verifiable', async () => {
  const first = await draw(population(2_000), plan('seed-1'));
  assert.deepEqual(Object.fromEntries(Object.entries(first.strata).map(([k, v]) => [k, v.sample.length])), {
    g0: 10,
    g1: 10,
    g2: 5,
    g3: 0,
  });
  const all = Object.values(first.strata).flatMap((s) => s.sample);
  assert.equal(new Set(all.map((x) => x.householdId)).size, all.length);
  for (const x of all) assert.equal(x.rank, rank('seed-1', x.id));
  const excluded = new Set(all.map((x) => x.id));
  const next = await draw(population(2_000), plan('seed-1', excluded));
  assert.ok(
    Object.values(next.strata)
      .flatMap((s) => s.sample)
      .every((x) => !excluded.has(x.id)),
  );
  assert.equal(first.strata.g0!.reserve.length, 5, 'replacements come from the same stratum, in rank order');
});

test('a large population streams through bounded memory', async () => {
  async function* big() {
    for (let i = 0; i < 200_000; i++) yield { id: `r${i}`, householdId: `h${i}`, stratum: 's' };
  }
  const before = process.memoryUsage().heapUsed;
  const d = await draw(big(), { seed: 'x', perStratum: { s: 100 } });
  assert.equal(d.strata.s!.sample.length, 100);
  assert.ok(process.memoryUsage().heapUsed - before < 50 * 2 ** 20);
});
