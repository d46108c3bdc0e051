import { z } from 'zod';

/**
 * What `npm run bench -- dashboard` gets from scripts/bench.mjs: the engines it provisioned and
 * how engines.mjs described them. The only reader of process.env in the benchmark.
 */
export const benchEnv = () =>
  z
    .object({
      MONGO_URL: z.string().regex(/^mongodb(\+srv)?:\/\//),
      REDIS_URL: z.string().regex(/^rediss?:\/\//),
      BENCH_MONGO_ENGINE: z.string().default('not reported (run through `npm run bench -- dashboard`)'),
      BENCH_REDIS_ENGINE: z.string().default('not reported'),
    })
    .parse(process.env);

/** The Hive Gateway process of the benchmark (hive-gateway.ts), configured by the benchmark. */
export const hiveEnv = () =>
  z
    .object({
      PORT: z.coerce.number().int().min(1).max(65_535),
      /** The supergraph with the subgraphs' URLs of this run. */
      SUPERGRAPH_FILE: z.string().min(1),
      JWKS_FILE: z.string().min(1),
      /** The gateway's identity key of this run (the subgraphs know only its public half). */
      IDENTITY_SIGNING_KEY: z.string().min(1),
      JWT_ISSUER: z.string().default('jwh-demo-idp'),
      JWT_AUDIENCE: z.string().default('jwh-graph'),
      SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).default(2_000),
    })
    .parse(process.env);
