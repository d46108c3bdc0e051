import { z } from 'zod';

/** Variables every process reads. Each service's `environment.ts` spreads these into its schema. */
export const baseEnvShape = {
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** HTTP port; 0 picks a free one (tests). */
  PORT: z.coerce.number().int().min(0).max(65535),
  /** Interface to listen on. Default 127.0.0.1: only the gateway faces clients (it listens on 0.0.0.0); set 0.0.0.0 in containers. */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Bearer token that reads /metrics and the detailed /health from another host (a Prometheus); without it only loopback may. */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
};

const jsonWith = (test: (v: Record<string, unknown>) => boolean) => (raw: string) => {
  try {
    return test(JSON.parse(raw) as Record<string, unknown>);
  } catch {
    return false;
  }
};

/** The gateway's, or a service's own, private Ed25519 JWK that signs identities (README, "Identities"). */
export const identitySigningKey = z.string().refine(
  jsonWith((k) => k.kty === 'OKP' && k.crv === 'Ed25519' && typeof k.d === 'string' && typeof k.kid === 'string'),
  'must be a private Ed25519 JWK with a kid',
);

/** Variables of a subgraph: the public keys its callers' identities are verified with, and its own key for its calls. */
export const internalAuthEnvShape = {
  /** JWKS (JSON) of the gateway's and the services' public identity keys. */
  IDENTITY_PUBLIC_KEYS: z.string().refine(
    jsonWith((j) => Array.isArray(j.keys) && j.keys.length > 0 && (j.keys as Record<string, unknown>[]).every((k) => !('d' in k))),
    'must be a JWKS of public keys',
  ),
  /** This service's own signing key (kid `svc:<name>`), for reading other subgraphs. */
  IDENTITY_SIGNING_KEY: identitySigningKey.optional(),
};

/** Variables of a process that stores data and runs jobs. */
export const storageEnvShape = {
  /** mongodb:// or mongodb+srv:// URL; the database name is per service, not in the URL. */
  MONGO_URL: z.string().regex(/^mongodb(\+srv)?:\/\/\S+$/, 'must be a mongodb:// or mongodb+srv:// URL'),
  /** Prefix of every database name (tests use a run id so runs never share data). Default empty. */
  MONGO_DB_PREFIX: z
    .string()
    .regex(/^[a-z0-9_]{0,32}$/, 'lower-case letters, digits and _ only')
    .default(''),
  REDIS_URL: z.string().regex(/^rediss?:\/\/\S+$/, 'must be a redis:// or rediss:// URL'),
  /** BullMQ key prefix (tests use a run id). Default `jwh`. */
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,40}$/)
    .default('jwh'),
  /** Load the deterministic demo data set when the database is empty. Default false. */
  SEED_DEMO: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
};

/**
 * Parses `source` (the caller passes `process.env`) against `shape`. Every problem is reported at
 * once, one line each naming the variable, and the process exits with code 1.
 */
export function loadEnv<T extends z.ZodRawShape>(
  processName: string,
  shape: T,
  source: Record<string, string | undefined>,
): z.infer<z.ZodObject<T>> {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ''));
  const result = z.object(shape).safeParse(cleaned);
  if (result.success) return result.data;
  for (const line of describeEnvErrors(result.error)) process.stderr.write(`[${processName}] ${line}\n`);
  process.exit(1);
}

/** One human line per invalid or missing variable. */
export function describeEnvErrors(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const name = issue.path.join('.') || '(environment)';
    const missing = issue.code === 'invalid_type' && /received undefined/.test(issue.message);
    return missing ? `configuration: ${name} is required but not set` : `configuration: ${name} is invalid: ${issue.message}`;
  });
}
