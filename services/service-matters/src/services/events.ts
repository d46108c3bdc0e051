import { emitEvent, type Redis } from '@jwh/platform';

/** The Redis stream the reminders read service-matters events from (capped). */
export const EVENTS_STREAM = 'events:service-matters';

export type ServiceMatterEvent =
  | { type: 'request.changed'; requestId: string; status: string; dueDate: string; communityId: string; gridId: string | null; takenBy: string | null }
  | { type: 'suggestion.changed'; suggestionId: string; status: string; replyDueDate: string | null; communityId: string }
  | { type: 'followup.changed'; meetingId: string; itemId: string; followUpDate: string | null; done: boolean; communityId: string };

/** Appends an event (ids and dates only) to `<prefix>:events:service-matters`; the reminders schedule from it. */
export async function emit(redis: Redis, prefix: string, event: ServiceMatterEvent): Promise<void> {
  await emitEvent(redis, prefix, 'service-matters', event);
}
