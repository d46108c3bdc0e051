import { assertNoPii, type Redis } from '@jwh/shared';

/** The Redis stream the reminders read service-matters events from (capped). */
export const EVENTS_STREAM = 'events:service-matters';
const MAX_EVENTS = 100_000;

export type ServiceMatterEvent =
  | { type: 'request.changed'; requestId: string; status: string; dueDate: string; communityId: string; gridId: string | null }
  | { type: 'suggestion.changed'; suggestionId: string; status: string; replyDueDate: string | null; communityId: string };

/**
 * Appends an event (ids and dates only, never personal data) to the capped stream
 * `<prefix>:events:service-matters`; the reminders issue schedules from it.
 */
export async function emit(redis: Redis, prefix: string, event: ServiceMatterEvent): Promise<void> {
  assertNoPii(event);
  await redis.xadd(`${prefix}:${EVENTS_STREAM}`, 'MAXLEN', '~', String(MAX_EVENTS), '*', 'event', JSON.stringify({ ...event, at: new Date().toISOString() }));
}
