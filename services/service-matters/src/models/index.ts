import type { Connection } from 'mongoose';
import { appointmentSchema, appointmentSlotSchema } from './appointment.model.js';
import { jointMeetingSchema } from './joint-meeting.model.js';
import { requestMonthSchema, serviceRequestSchema } from './service-request.model.js';
import { stepClaimSchema } from './step-claim.model.js';
import { suggestionSchema } from './suggestion.model.js';
import { matterVersionSchema, serviceTypeSchema } from './service-type.model.js';

/** This service's models, registered on its own connection (database per service). */
export function registerModels(conn: Connection) {
  return {
    ServiceType: conn.model('ServiceType', serviceTypeSchema),
    MatterVersion: conn.model('MatterVersion', matterVersionSchema),
    ServiceRequest: conn.model('ServiceRequest', serviceRequestSchema),
    RequestMonth: conn.model('RequestMonth', requestMonthSchema),
    Suggestion: conn.model('Suggestion', suggestionSchema),
    JointMeeting: conn.model('JointMeeting', jointMeetingSchema),
    AppointmentSlot: conn.model('AppointmentSlot', appointmentSlotSchema),
    Appointment: conn.model('Appointment', appointmentSchema),
    StepClaim: conn.model('StepClaim', stepClaimSchema),
  };
}
export type Models = ReturnType<typeof registerModels>;
export type { AppointmentDoc, AppointmentSlotDoc } from './appointment.model.js';
