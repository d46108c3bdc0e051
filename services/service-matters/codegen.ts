import { subgraphCodegen } from '../../scripts/codegen-config.mjs';

// Parents of this subgraph's resolvers: the documents its services return.
export default subgraphCodegen({
  dir: import.meta.dirname,
  operations: true,
  references: ['Resident', 'StaffMember'],
  mappers: {
    ServiceType: '../models/service-type.model.js#ServiceTypeDoc',
    MatterVersion: '../models/service-type.model.js#MatterVersionDoc',
    ServiceRequest: '../models/service-request.model.js#ServiceRequestDoc',
    Suggestion: '../models/suggestion.model.js#SuggestionDoc',
    JointMeeting: '../models/joint-meeting.model.js#JointMeetingDoc',
    AgendaItem: '../models/joint-meeting.model.js#AgendaItemView',
    FollowUpPart: '../services/suggestion.service.js#PartView',
    Material: '../models/service-request.model.js#MaterialDoc',
    Transition: '../models/service-request.model.js#TransitionDoc',
    AppointmentSlot: '../models/appointment.model.js#AppointmentSlotDoc',
    Appointment: '../models/appointment.model.js#AppointmentDoc',
  },
});
