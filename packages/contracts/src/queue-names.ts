/**
 * Every BullMQ queue of the system, in one place: producers, workers, the ops fields, queue metrics
 * and the bull-board UI must agree on them.
 */
export const QUEUE_NAMES = {
  gridStats: 'people-grids.grid-stats',
  registerImport: 'people-grids.register-import',
  reminders: 'reminders.fire',
  deliveries: 'reminders.deliver',
  calendar: 'reminders.calendar',
  sampling: 'evaluations.sampling',
  repair: 'evaluations.repair',
} as const;
export const ALL_QUEUES: readonly string[] = Object.values(QUEUE_NAMES);
