import { subgraphCodegen } from '../../scripts/codegen-config.mjs';

// Parents of this subgraph's resolvers: the documents its services return.
export default subgraphCodegen({
  dir: import.meta.dirname,
  operations: true,
  references: ['Resident', 'StaffMember', 'Household', 'Grid', 'Community', 'Visit'],
  mappers: {
    Survey: '../models/survey.model.js#SurveyDoc',
    SurveyWave: '../models/index.js#WaveDoc',
    SampleDraw: '../models/index.js#DrawDoc',
    DrawItem: '../models/index.js#DrawItemDoc',
    SurveyResponse: '../models/index.js#SurveyResponseDoc',
    WorkerReview: '../models/index.js#WorkerReviewDoc',
    Audit: '../models/audit.model.js#AuditDoc',
    AuditItem: '../models/audit.model.js#AuditItemDoc',
    RepresentativeMeeting: '../models/vote.model.js#MeetingDoc',
    PaperBallotBatch: '../models/vote.model.js#PaperBallotBatchDoc',
    SelfAssessment: '../models/assessment.model.js#SelfAssessmentDoc',
    Canvass: '../models/canvass.model.js#CanvassDoc',
    CanvassAnswer: '../models/canvass.model.js#CanvassAnswerDoc',
  },
});
