import { baseEnvShape, loadEnv } from '@jwh/shared';
import { z } from 'zod';

const subgraphUrl = z.string().url().regex(/^https?:\/\//, 'must be an http(s) URL');

/** Every variable the gateway reads (README lists them). */
export const envShape = {
  ...baseEnvShape,
  PORT: baseEnvShape.PORT.default(4000),
  SUBGRAPH_PEOPLE_GRIDS_URL: subgraphUrl,
  SUBGRAPH_SERVICE_MATTERS_URL: subgraphUrl,
  SUBGRAPH_VOLUNTEERS_URL: subgraphUrl,
  SUBGRAPH_EVALUATIONS_URL: subgraphUrl,
  /** Timeout of every subgraph call in ms (default 2000): a hung subgraph costs at most this. */
  SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(2_000),
};

/** The only reader of process.env in the gateway. */
export const loadEnvironment = () => loadEnv('gateway', envShape, process.env);
export type Environment = ReturnType<typeof loadEnvironment>;
