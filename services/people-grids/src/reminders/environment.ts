import { baseEnvShape, loadEnv, storageEnvShape } from '@jwh/platform';
import { z } from 'zod';

/**
 * Every variable the reminders worker reads (README lists them). It holds no personal-data keys:
 * it reads names (masked in texts) but never national ID numbers.
 */
export const envShape = {
  ...baseEnvShape,
  ...storageEnvShape,
  /** Off-desk half-days a week below which a worker is reported (of 10). */
  OFF_DESK_TARGET: z.coerce.number().int().min(0).max(10).default(5),
  /** The webhook channel (an SMS or WeChat gateway behind it); without it, notifications stay in the app. */
  WEBHOOK_URL: z.string().url().optional(),
  /** HMAC-SHA256 key of the webhook signature (x-jwh-signature). */
  WEBHOOK_SECRET: z.string().min(32).optional(),
  /** Delivery attempts before a notification's channel is dead-lettered, and the first backoff (doubling). */
  DELIVERY_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(6),
  DELIVERY_BACKOFF_MS: z.coerce.number().int().min(10).max(600_000).default(2_000),
};

/** The only reader of process.env in the reminders worker. */
export function loadRemindersEnvironment(overrides: Record<string, string> = {}) {
  const env = loadEnv('reminders-worker', envShape, { ...process.env, ...overrides });
  if (env.WEBHOOK_URL && !env.WEBHOOK_SECRET) {
    process.stderr.write('[reminders-worker] WEBHOOK_SECRET: required with WEBHOOK_URL (32+ characters)\n');
    process.exit(1);
  }
  return env;
}
export type RemindersEnvironment = ReturnType<typeof loadRemindersEnvironment>;
