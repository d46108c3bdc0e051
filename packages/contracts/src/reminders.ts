import { createHash } from 'node:crypto';

/** Who a reminder is for: a staff member or a resident (ids of people-grids). */
export interface Recipient {
  type: 'STAFF' | 'RESIDENT';
  id: string;
}

/** A reminder to fire at `fireAt` about `entityId` (due at `dueAt`); `data` carries ids and dates only. */
export interface ReminderSpec {
  kind: string;
  entityId: string;
  recipient: Recipient;
  /** The due time the reminder is about (a deadline, a birthday, a shift), ISO 8601. */
  dueAt: string;
  fireAt: Date;
  data?: Record<string, string | number | boolean | null>;
}

export interface ReminderJob {
  kind: string;
  entityId: string;
  recipient: Recipient;
  dueAt: string;
  data: Record<string, string | number | boolean | null>;
}

const slotOf = (kind: string, entityId: string, recipient: Recipient) => `${kind}|${entityId}|${recipient.type}|${recipient.id}`;

/**
 * The job id of a reminder: derived from (kind, entity, recipient, due time), so a retry or a second
 * producer adds the same job (BullMQ ignores a duplicate id) and the notification it makes has one
 * id. Hashed: BullMQ ids may not contain `:` and should stay short.
 */
export function reminderJobId(kind: string, entityId: string, recipient: Recipient, dueAt: string): string {
  return `r-${createHash('sha256')
    .update(`${slotOf(kind, entityId, recipient)}|${dueAt}`)
    .digest('hex')
    .slice(0, 32)}`;
}
