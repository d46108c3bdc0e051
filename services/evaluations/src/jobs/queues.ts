import { QUEUE_NAMES } from '@jwh/contracts';
import { z } from 'zod';

/** Names of the queues this service owns (one place, as producers and workers must agree). */
export const QUEUES = {
  /** Sample draws, audit draws and the household counts of canvasses over buildings. */
  sampling: QUEUE_NAMES.sampling,
  /** Re-applies responses and reviews a crash left out of the running totals. */
  repair: QUEUE_NAMES.repair,
  /** The daily calendar run that schedules the survey and audit windows' reminders. */
  calendar: QUEUE_NAMES.evaluationsCalendar,
} as const;

const objectId = z.string().regex(/^[0-9a-f]{24}$/);
/** Payloads carry ids only (never personal data). */
export const drawPayload = z.object({ drawId: objectId });
export const auditPayload = z.object({ auditId: objectId });
export const canvassScopePayload = z.object({ canvassId: objectId });
