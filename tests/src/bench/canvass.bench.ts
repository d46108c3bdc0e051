// Canvasses on the full demo (issue 16, item 2): a canvass over a whole community (美湖, about 3,200
// households), answered door to door at many households, then its progress and results read through
// the gateway with its production deadline (2 s a subgraph). Progress and results read the per-grid
// tallies, so their time must not grow with the answers. Also: the background count of a buildings
// canvass, which streams the community's residents. Prints its measurements (`npm run bench -- canvass`).
import { parseArgs } from 'node:util';
import { demoId as id, roleClient } from '@jwh/testkit';
import { as, startTestStack, stopTestStack } from '../harness.js';

const { values: opts } = parseArgs({
  options: {
    scale: { type: 'string', default: 'full' },
    answers: { type: 'string', default: '600' },
    concurrency: { type: 'string', default: '4' },
  },
});
const community = id('demo:community:0');
const stack = await startTestStack({
  extraEnv: { DEMO_SCALE: opts.scale! },
  gatewayEnv: { SUBGRAPH_TIMEOUT_MS: '2000', RATE_LIMIT_PER_MINUTE: '1000000' },
  startTimeoutMs: 600_000,
});
const { call, ok } = roleClient<'COMMUNITY_STAFF'>(
  () => stack.gatewayUrl,
  (role) => as(stack, role),
);
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))]!;
const timed = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
  const t = performance.now();
  const out = await fn();
  return [out, performance.now() - t];
};
const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const QUESTIONS = [
  { key: 'lift', text: '您是否同意加装电梯?', type: 'SINGLE_CHOICE', options: ['同意', '不同意', '无所谓'] },
  { key: 'cost', text: '费用分摊方式', type: 'MULTIPLE_CHOICE', options: ['按楼层', '按面积', '政府补贴'], required: false },
  { key: 'note', text: '其他意见', type: 'TEXT', required: false },
];
const create = (level: string, extra: Record<string, unknown>) =>
  ok('COMMUNITY_STAFF', `mutation ($i: CreateCanvassInput!) { createCanvass(input: $i) { id scopeCounted } }`, {
    i: {
      clientRequestId: `bench-${level}-${Date.now()}`,
      title: '加装电梯意见征询',
      questions: QUESTIONS,
      scope: { level, communityId: community, ...extra },
      mode: 'DOOR_TO_DOOR',
      opensOn: today,
      closesOn: today,
    },
  });

try {
  // The community's households, from the residents' list as the secretary (the answers' targets).
  const households: { id: string; building: string | null }[] = [];
  const seen = new Set<string>();
  let after: string | null = null;
  for (;;) {
    const page: { nodes: { household: { id: string; building: string | null } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } =
      (
        await ok(
          'COMMUNITY_STAFF',
          `query ($c: ID, $a: String) { residents(first: 200, after: $a, filter: { communityId: $c }) { nodes { household { id building } } pageInfo { hasNextPage endCursor } } }`,
          { c: community, a: after },
        )
      ).residents;
    for (const r of page.nodes) {
      if (seen.has(r.household.id)) continue;
      seen.add(r.household.id);
      households.push(r.household);
    }
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }

  const [created, createMs] = await timed(() => create('COMMUNITY', {}));
  const canvassId = created.createCanvass.id as string;
  const targets = households.slice(0, Number(opts.answers));
  const answerMs: number[] = [];
  const failures: Record<string, number> = {};
  let next = 0;
  const [, allMs] = await timed(() =>
    Promise.all(
      Array.from({ length: Number(opts.concurrency) }, async () => {
        while (next < targets.length) {
          const h = targets[next++]!;
          const [body, ms] = await timed(() =>
            call('COMMUNITY_STAFF', `mutation ($i: AnswerCanvassInput!) { answerCanvass(input: $i) { id } }`, {
              i: {
                canvassId,
                householdId: h.id,
                answers: [
                  { key: 'lift', choices: [['同意', '同意', '不同意', '无所谓'][next % 4]] },
                  { key: 'cost', choices: ['按楼层'] },
                ],
              },
            }),
          );
          const code = body.errors?.[0]?.extensions?.code as string | undefined;
          if (code) failures[code] = (failures[code] ?? 0) + 1;
          else answerMs.push(ms);
        }
      }),
    ),
  );
  const read = async (query: string) => {
    const times: number[] = [];
    let data: Record<string, unknown> = {};
    for (let i = 0; i < 20; i++) {
      const [d, ms] = await timed(() => ok('COMMUNITY_STAFF', query, { id: canvassId }));
      times.push(ms);
      data = d;
    }
    return { data, p50: quantile(times, 0.5), p95: quantile(times, 0.95) };
  };
  const progress = await read(
    `query ($id: ID!) { canvass(id: $id) { progress { households reached percent grids { grid { id } households reached percent } } } }`,
  );
  const results = await read(
    `query ($id: ID!) { canvass(id: $id) { results { reached questions { key answered options { option count } } grids { grid { id } reached questions { key answered options { option count } } } } } }`,
  );
  const p = (progress.data.canvass as { progress: { households: number; reached: number; grids: unknown[] } }).progress;

  // A buildings canvass over every building of the community: the worker's count streams all residents.
  const buildings = [...new Set(households.map((h) => h.building).filter((b): b is string => !!b))].slice(0, 100);
  const [b] = await timed(() => create('BUILDINGS', { buildings }));
  const t0 = performance.now();
  for (;;) {
    const c = await ok('COMMUNITY_STAFF', `query ($id: ID!) { canvass(id: $id) { scopeCounted progress { households } } }`, {
      id: b.createCanvass.id,
    });
    if (c.canvass.scopeCounted) {
      console.log(
        `buildings count: ${buildings.length} buildings, ${c.canvass.progress.households} households in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
      );
      break;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  console.log(
    `scale ${opts.scale}: community of ${households.length} households (with residents), ${p.grids.length} small grids, ${p.households} households in scope`,
  );
  console.log(`createCanvass (COMMUNITY): ${createMs.toFixed(0)} ms`);
  console.log(
    `answerCanvass × ${answerMs.length} at concurrency ${opts.concurrency}: ${(allMs / 1000).toFixed(1)} s, ${(answerMs.length / (allMs / 1000)).toFixed(1)}/s, p50 ${quantile(answerMs, 0.5).toFixed(0)} ms, p95 ${quantile(answerMs, 0.95).toFixed(0)} ms`,
  );
  console.log(`answers refused or failed: ${JSON.stringify(failures)}`);
  console.log(`progress (reached ${p.reached}): p50 ${progress.p50.toFixed(0)} ms, p95 ${progress.p95.toFixed(0)} ms`);
  console.log(`results: p50 ${results.p50.toFixed(0)} ms, p95 ${results.p95.toFixed(0)} ms`);
} finally {
  await stopTestStack(stack);
}
