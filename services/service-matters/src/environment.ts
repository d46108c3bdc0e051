import { baseEnvShape, internalAuthEnvShape, loadEnv, storageEnvShape } from '@jwh/platform';
import { z } from 'zod';

/** Every variable this service reads (README lists them). */
export const envShape = {
  ...baseEnvShape,
  ...storageEnvShape,
  ...internalAuthEnvShape,
  /** The people-grids subgraph (residents are read from it with the caller's identity). */
  PEOPLE_GRIDS_URL: z.string().url(),
  /**
   * The street a database's catalogue from before per-street catalogues belongs to: moved into it
   * once at start, with the requests and bookings made under it (services/backfill.ts). Default the demo street.
   */
  LEGACY_CATALOGUE_STREET: z.string().min(1).max(60).default('东湖街道'),
  /** The volunteers subgraph (a joint meeting's units and owners are its registered organisations). */
  VOLUNTEERS_URL: z.string().url(),
};

/** The only reader of process.env in this service; tests pass `overrides` (port, database prefix). */
export const loadEnvironment = (overrides: Record<string, string> = {}) =>
  loadEnv('service-matters', envShape, { ...process.env, ...overrides });
export type Environment = ReturnType<typeof loadEnvironment>;
