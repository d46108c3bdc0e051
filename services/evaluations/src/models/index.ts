import type { Connection } from 'mongoose';
import { auditItemSchema, auditSchema } from './audit.model.js';
import { canvassAnswerSchema, canvassSchema, canvassTallySchema } from './canvass.model.js';
import { scoreWeightsSchema, selfAssessmentSchema } from './assessment.model.js';
import { rateAggregateSchema, surveyResponseSchema } from './response.model.js';
import { reviewAggregateSchema, workerReviewSchema } from './review.model.js';
import { surveySchema } from './survey.model.js';
import { ballotBoxSchema, ballotClaimSchema, meetingSchema, paperBallotBatchSchema } from './vote.model.js';
import { drawItemSchema, drawSchema, waveSchema } from './wave.model.js';

/** This service's models, registered on its own connection (database per service). */
export function registerModels(conn: Connection) {
  return {
    Survey: conn.model('Survey', surveySchema),
    SurveyWave: conn.model('SurveyWave', waveSchema),
    SampleDraw: conn.model('SampleDraw', drawSchema),
    DrawItem: conn.model('DrawItem', drawItemSchema),
    SurveyResponse: conn.model('SurveyResponse', surveyResponseSchema),
    RateAggregate: conn.model('RateAggregate', rateAggregateSchema),
    WorkerReview: conn.model('WorkerReview', workerReviewSchema),
    ReviewAggregate: conn.model('ReviewAggregate', reviewAggregateSchema),
    Audit: conn.model('Audit', auditSchema),
    AuditItem: conn.model('AuditItem', auditItemSchema),
    RepresentativeMeeting: conn.model('RepresentativeMeeting', meetingSchema),
    BallotClaim: conn.model('BallotClaim', ballotClaimSchema),
    BallotBox: conn.model('BallotBox', ballotBoxSchema),
    PaperBallotBatch: conn.model('PaperBallotBatch', paperBallotBatchSchema),
    SelfAssessment: conn.model('SelfAssessment', selfAssessmentSchema),
    ScoreWeights: conn.model('ScoreWeights', scoreWeightsSchema),
    // canvasses
    Canvass: conn.model('Canvass', canvassSchema),
    CanvassAnswer: conn.model('CanvassAnswer', canvassAnswerSchema),
    CanvassTally: conn.model('CanvassTally', canvassTallySchema),
  };
}
export type Models = ReturnType<typeof registerModels>;
export type * from './wave.model.js';
export type { SurveyResponseDoc } from './response.model.js';
export type { WorkerReviewDoc } from './review.model.js';
