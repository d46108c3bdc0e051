import { scalarResolvers } from '@jwh/platform';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { serviceTypes } from './Query/serviceTypes.js';
import { matters } from './Query/matters.js';
import { matter } from './Query/matter.js';
import { serviceRequest } from './Query/serviceRequest.js';
import { serviceRequests } from './Query/serviceRequests.js';
import { serviceRequestStats } from './Query/serviceRequestStats.js';
import { suggestions } from './Query/suggestions.js';
import { jointMeetings } from './Query/jointMeetings.js';
import { openFollowUps } from './Query/openFollowUps.js';
import { appointmentSlots } from './Query/appointmentSlots.js';
import { createServiceRequest } from './Mutation/createServiceRequest.js';
import { advanceServiceRequest } from './Mutation/advanceServiceRequest.js';
import { handOverServiceRequests } from './Mutation/handOverServiceRequests.js';
import { createSuggestion } from './Mutation/createSuggestion.js';
import { advanceSuggestion } from './Mutation/advanceSuggestion.js';
import { replyToSuggestion } from './Mutation/replyToSuggestion.js';
import { rateSuggestion } from './Mutation/rateSuggestion.js';
import { escalateSuggestion } from './Mutation/escalateSuggestion.js';
import { scheduleJointMeeting } from './Mutation/scheduleJointMeeting.js';
import { decideAgendaItem } from './Mutation/decideAgendaItem.js';
import { completeFollowUp } from './Mutation/completeFollowUp.js';
import { scheduleJointMeetingSeries } from './Mutation/scheduleJointMeetingSeries.js';
import { scheduleNextJointMeeting } from './Mutation/scheduleNextJointMeeting.js';
import { tickMaterials } from './Mutation/tickMaterials.js';
import { startRequestFromAppointment } from './Mutation/startRequestFromAppointment.js';
import { publishAppointmentSlots } from './Mutation/publishAppointmentSlots.js';
import { bookAppointment } from './Mutation/bookAppointment.js';
import { cancelAppointment } from './Mutation/cancelAppointment.js';
import { addMatter } from './Mutation/addMatter.js';
import { updateMatter } from './Mutation/updateMatter.js';
import { retireMatter } from './Mutation/retireMatter.js';
import { ServiceType } from './ServiceType.js';
import { MatterVersion } from './MatterVersion.js';
import { ServiceRequest } from './ServiceRequest.js';
import { Resident } from './Resident.js';
import { Suggestion } from './Suggestion.js';
import { JointMeeting } from './JointMeeting.js';
import { AgendaItem } from './AgendaItem.js';
import { AppointmentSlot } from './AppointmentSlot.js';
import { Appointment } from './Appointment.js';
import { Material } from './Material.js';
import { Transition } from './Transition.js';
import { FollowUpPart } from './FollowUpPart.js';

/** Every resolver of this subgraph: `Query/<field>.ts`, `Mutation/<field>.ts` and `<Type>.ts`, each calling a service or a loader. */
export const resolvers: Resolvers = {
  ...scalarResolvers,
  Query: {
    serviceTypes,
    matters,
    matter,
    serviceRequest,
    serviceRequests,
    serviceRequestStats,
    suggestions,
    jointMeetings,
    openFollowUps,
    appointmentSlots,
  },
  Mutation: {
    createServiceRequest,
    advanceServiceRequest,
    tickMaterials,
    startRequestFromAppointment,
    handOverServiceRequests,
    createSuggestion,
    advanceSuggestion,
    replyToSuggestion,
    rateSuggestion,
    escalateSuggestion,
    scheduleJointMeeting,
    scheduleNextJointMeeting,
    scheduleJointMeetingSeries,
    decideAgendaItem,
    completeFollowUp,
    publishAppointmentSlots,
    bookAppointment,
    cancelAppointment,
    addMatter,
    updateMatter,
    retireMatter,
  },
  ServiceType,
  MatterVersion,
  ServiceRequest,
  Resident,
  Suggestion,
  JointMeeting,
  AgendaItem,
  AppointmentSlot,
  Appointment,
  Material,
  Transition,
  FollowUpPart,
};
