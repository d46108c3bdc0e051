import { baseEnvShape, internalAuthEnvShape, loadEnv, storageEnvShape } from '@jwh/shared';

/** Every variable this service reads (README lists them). */
export const envShape = { ...baseEnvShape, ...storageEnvShape, ...internalAuthEnvShape };

/** The only reader of process.env in this service; tests pass `overrides` (port, database prefix). */
export const loadEnvironment = (overrides: Record<string, string> = {}) => loadEnv('service-matters', envShape, { ...process.env, ...overrides });
export type Environment = ReturnType<typeof loadEnvironment>;
