import { scalarResolvers } from '@jwh/platform';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { surveys } from './Query/surveys.js';
import { surveyWaves } from './Query/surveyWaves.js';
import { surveyWave } from './Query/surveyWave.js';
import { sampleDraw } from './Query/sampleDraw.js';
import { surveyResponses } from './Query/surveyResponses.js';
import { threeRates } from './Query/threeRates.js';
import { threeRatesTrend } from './Query/threeRatesTrend.js';
import { audits } from './Query/audits.js';
import { audit } from './Query/audit.js';
import { representativeMeetings } from './Query/representativeMeetings.js';
import { selfAssessments } from './Query/selfAssessments.js';
import { scoreWeights } from './Query/scoreWeights.js';
import { workerScores } from './Query/workerScores.js';
import { createSurvey } from './Mutation/createSurvey.js';
import { createSurveyWave } from './Mutation/createSurveyWave.js';
import { startSampleDraw } from './Mutation/startSampleDraw.js';
import { replaceDrawItem } from './Mutation/replaceDrawItem.js';
import { closeSurveyWave } from './Mutation/closeSurveyWave.js';
import { submitSurveyResponse } from './Mutation/submitSurveyResponse.js';
import { submitWorkerReview } from './Mutation/submitWorkerReview.js';
import { invalidateWorkerReview } from './Mutation/invalidateWorkerReview.js';
import { startAudit } from './Mutation/startAudit.js';
import { recordAuditCheck } from './Mutation/recordAuditCheck.js';
import { openRepresentativeMeeting } from './Mutation/openRepresentativeMeeting.js';
import { castBallot } from './Mutation/castBallot.js';
import { enterPaperBallots } from './Mutation/enterPaperBallots.js';
import { enterPaperSurveyResponse } from './Mutation/enterPaperSurveyResponse.js';
import { correctSurveyResponse } from './Mutation/correctSurveyResponse.js';
import { closeRepresentativeMeeting } from './Mutation/closeRepresentativeMeeting.js';
import { submitSelfAssessment } from './Mutation/submitSelfAssessment.js';
import { recordEvaluatedScores } from './Mutation/recordEvaluatedScores.js';
import { setScoreWeights } from './Mutation/setScoreWeights.js';
import { Survey } from './Survey.js';
import { SurveyWave } from './SurveyWave.js';
import { SampleDraw } from './SampleDraw.js';
import { DrawItem } from './DrawItem.js';
import { SurveyResponse } from './SurveyResponse.js';
import { WorkerReview } from './WorkerReview.js';
import { Audit } from './Audit.js';
import { AuditItem } from './AuditItem.js';
import { RepresentativeMeeting } from './RepresentativeMeeting.js';
import { PaperBallotBatch } from './PaperBallotBatch.js';
import { SelfAssessment } from './SelfAssessment.js';
import { WorkerScore } from './WorkerScore.js';
import { Resident } from './Resident.js';
import { StaffMember } from './StaffMember.js';
// canvasses
import { canvasses } from './Query/canvasses.js';
import { canvass } from './Query/canvass.js';
import { createCanvass } from './Mutation/createCanvass.js';
import { answerCanvass } from './Mutation/answerCanvass.js';
import { closeCanvass } from './Mutation/closeCanvass.js';
import { Canvass, CanvassAnswer } from './Canvass.js';

/** Every resolver of this subgraph: `Query/<field>.ts`, `Mutation/<field>.ts` and `<Type>.ts`, each calling a service. */
export const resolvers: Resolvers = {
  ...scalarResolvers,
  Query: {
    surveys,
    surveyWaves,
    surveyWave,
    sampleDraw,
    surveyResponses,
    threeRates,
    threeRatesTrend,
    audits,
    audit,
    representativeMeetings,
    selfAssessments,
    scoreWeights,
    workerScores,
    // canvasses
    canvasses,
    canvass,
  },
  Mutation: {
    createSurvey,
    createSurveyWave,
    startSampleDraw,
    replaceDrawItem,
    closeSurveyWave,
    submitSurveyResponse,
    submitWorkerReview,
    invalidateWorkerReview,
    startAudit,
    recordAuditCheck,
    openRepresentativeMeeting,
    castBallot,
    enterPaperBallots,
    enterPaperSurveyResponse,
    correctSurveyResponse,
    closeRepresentativeMeeting,
    submitSelfAssessment,
    recordEvaluatedScores,
    setScoreWeights,
    // canvasses
    createCanvass,
    answerCanvass,
    closeCanvass,
  },
  Survey,
  SurveyWave,
  SampleDraw,
  DrawItem,
  SurveyResponse,
  WorkerReview,
  Audit,
  AuditItem,
  RepresentativeMeeting,
  PaperBallotBatch,
  SelfAssessment,
  WorkerScore,
  Resident,
  StaffMember,
  // canvasses
  Canvass,
  CanvassAnswer,
};
