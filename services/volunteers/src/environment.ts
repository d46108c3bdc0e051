import { baseEnvShape, internalAuthEnvShape, loadEnv, storageEnvShape } from '@jwh/platform';
import { z } from 'zod';

/** Every variable this service reads (README lists them). */
export const envShape = {
  ...baseEnvShape,
  ...storageEnvShape,
  ...internalAuthEnvShape,
  /** The people-grids subgraph (residents' ages are read from it with the caller's identity). */
  PEOPLE_GRIDS_URL: z.string().url(),
  /** Minimum age of a love card (爱心卡) holder. Default 70. */
  MEAL_CARD_MIN_AGE: z.coerce.number().int().min(50).max(100).default(70),
};

/** The only reader of process.env in this service; tests pass `overrides` (port, database prefix). */
export const loadEnvironment = (overrides: Record<string, string> = {}) =>
  loadEnv('volunteers', envShape, { ...process.env, ...overrides });
export type Environment = ReturnType<typeof loadEnvironment>;
