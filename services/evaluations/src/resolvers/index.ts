import { surveyResponses } from './Query/surveyResponses.js';
import { SurveyResponse, WorkerReview } from './records.js';
import { Resident } from './Resident.js';
import { StaffMember } from './StaffMember.js';

export const resolvers = {
  Query: { surveyResponses },
  Resident,
  StaffMember,
  SurveyResponse,
  WorkerReview,
};
