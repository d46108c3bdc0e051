import type { Connection } from 'mongoose';
import { volunteerSchema } from './volunteer.model.js';

/** This service's models, registered on its own connection (database per service). */
export function registerModels(conn: Connection) {
  return {
    Volunteer: conn.model('Volunteer', volunteerSchema),
  };
}
export type Models = ReturnType<typeof registerModels>;
export type { VolunteerDoc } from './volunteer.model.js';
