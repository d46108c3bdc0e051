import { baseEnvShape, loadEnv, storageEnvShape } from '@jwh/shared';

/** Every variable this service reads (README lists them). */
export const envShape = { ...baseEnvShape, ...storageEnvShape };

/** The only reader of process.env in this service. */
export const loadEnvironment = () => loadEnv('people-grids', envShape, process.env);
export type Environment = ReturnType<typeof loadEnvironment>;
