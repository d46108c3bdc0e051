import { advanceServiceRequest } from './Mutation/advanceServiceRequest.js';
import { createServiceRequest } from './Mutation/createServiceRequest.js';
import { serviceRequest } from './Query/serviceRequest.js';
import { serviceRequestStats } from './Query/serviceRequestStats.js';
import { serviceRequests } from './Query/serviceRequests.js';
import { serviceTypes } from './Query/serviceTypes.js';
import { Resident } from './Resident.js';
import { ServiceRequest } from './ServiceRequest.js';
import { Appointment, AppointmentSlot, appointmentMutations, appointmentQueries } from './appointments.js';
import { ServiceType } from './ServiceType.js';
import { AgendaItem, JointMeeting, Suggestion, suggestionMutations, suggestionQueries } from './suggestions.js';

export const resolvers = {
  Query: { serviceTypes, serviceRequest, serviceRequests, serviceRequestStats, ...suggestionQueries, ...appointmentQueries },
  Mutation: { createServiceRequest, advanceServiceRequest, ...suggestionMutations, ...appointmentMutations },
  Appointment,
  AppointmentSlot,
  Suggestion,
  JointMeeting,
  AgendaItem,
  Resident,
  ServiceRequest,
  ServiceType,
};
