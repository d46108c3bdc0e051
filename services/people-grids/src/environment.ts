import { baseEnvShape, internalAuthEnvShape, isBase64Key32, loadEnv, storageEnvShape } from '@jwh/shared';
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
};

/** The only reader of process.env in this service; tests pass `overrides` (port, database prefix). */
export const loadEnvironment = (overrides: Record<string, string> = {}) => loadEnv('people-grids', envShape, { ...process.env, ...overrides });
export type Environment = ReturnType<typeof loadEnvironment>;
