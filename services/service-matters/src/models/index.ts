import type { Connection } from 'mongoose';
import { serviceRequestSchema } from './service-request.model.js';
import { serviceTypeSchema } from './service-type.model.js';

/** This service's models, registered on its own connection (database per service). */
export function registerModels(conn: Connection) {
  return {
    ServiceType: conn.model('ServiceType', serviceTypeSchema),
    ServiceRequest: conn.model('ServiceRequest', serviceRequestSchema),
  };
}
export type Models = ReturnType<typeof registerModels>;
export type { ServiceRequestDoc } from './service-request.model.js';
export type { ServiceTypeDoc } from './service-type.model.js';
