import { z } from 'zod';

/**
 * What `npm run bench` (scripts/bench.mjs) passes to a service's benchmark: how engines.mjs
 * described the engines it provisioned. The only reader of process.env in the testkit.
 */
export const benchEnv = () =>
  z
    .object({
      BENCH_MONGO_ENGINE: z.string().default('not reported (run through `npm run bench`)'),
      BENCH_REDIS_ENGINE: z.string().default('not reported'),
    })
    .parse(process.env);
