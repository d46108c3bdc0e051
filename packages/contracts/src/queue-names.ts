/**
 * Every BullMQ queue of the system, in one place: producers, workers, the ops fields, queue metrics
 * and the bull-board UI must agree on them.
 */
export const QUEUE_NAMES = {
  gridStats: 'people-grids.grid-stats',
  registerImport: 'people-grids.register-import',
  /** The one reminders queue: every domain schedules into it, people-grids' delivery worker fires. */
  reminders: 'reminders.fire',
  /** A fired reminder's notification on one channel (people-grids' delivery worker). */
  deliveries: 'reminders.deliver',
  /** People-grids' calendar runs (birthdays, rota, liaison days, off-desk checks). */
  calendar: 'reminders.calendar',
  sampling: 'evaluations.sampling',
  repair: 'evaluations.repair',
  /** Evaluations' calendar run (the quarterly survey and audit windows). */
  evaluationsCalendar: 'evaluations.calendar',
} as const;
export const ALL_QUEUES: readonly string[] = Object.values(QUEUE_NAMES);
