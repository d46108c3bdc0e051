import { baseEnvShape, internalAuthEnvShape, isBase64Key32, loadEnv, storageEnvShape } from '@jwh/platform';
import { z } from 'zod';

const key32 = z.string().refine(isBase64Key32, 'must be 32 random bytes, base64 (openssl rand -base64 32)');

/** Every variable this service reads (README lists them). */
export const envShape = {
  ...baseEnvShape,
  ...storageEnvShape,
  ...internalAuthEnvShape,
  /** AES-256-GCM key for national ID numbers at rest. */
  PII_ENCRYPTION_KEY: key32,
  /** HMAC key of the national ID lookup hash. */
  PII_HASH_KEY: key32,
  /** Size of the demo data set: `full` (~16,000 residents, `npm start`), `small` (tests) or `district` (~100,000 residents in 12 communities, benchmarks). Default full. */
  DEMO_SCALE: z.enum(['full', 'small', 'district']).default('full'),
  /** Service matters' subgraph URL: a leaving staff member's open requests are counted there. Optional: unset, they are not counted. */
  SERVICE_MATTERS_URL: z.string().url().optional(),
  /** Off-desk half-days a worker should reach per week (of 10). Default 5. */
  OFF_DESK_TARGET: z.coerce.number().int().min(0).max(10).default(5),
};

/** The only reader of process.env in this service; tests pass `overrides` (port, database prefix). */
export const loadEnvironment = (overrides: Record<string, string> = {}) =>
  loadEnv('people-grids', envShape, { ...process.env, ...overrides });
export type Environment = ReturnType<typeof loadEnvironment>;
