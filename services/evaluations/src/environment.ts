import { baseEnvShape, internalAuthEnvShape, loadEnv, storageEnvShape } from '@jwh/platform';
import { z } from 'zod';

/** Every variable this service reads (README lists them). */
export const envShape = {
  ...baseEnvShape,
  ...storageEnvShape,
  ...internalAuthEnvShape,
  /** People-grids: residents, visits and staff (draw populations, audit visits, the familiarity check). */
  PEOPLE_GRIDS_URL: z.string().url(),
  /** Service matters: who served whom (draw populations) and on-time rates (scores). */
  SERVICE_MATTERS_URL: z.string().url(),
};

/** The only reader of process.env in this service; tests pass `overrides` (port, database prefix). */
export const loadEnvironment = (overrides: Record<string, string> = {}) =>
  loadEnv('evaluations', envShape, { ...process.env, ...overrides });
export type Environment = ReturnType<typeof loadEnvironment>;
