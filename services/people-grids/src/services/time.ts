/**
 * @deprecated The clock is @jwh/platform's (`isoWeekday`, `mondayOf`, …); this re-export is kept
 * only for src/reminders until they move out, then goes.
 */
export { isoWeekday, mondayOf } from '@jwh/platform';
