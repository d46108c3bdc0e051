import type { Connection } from 'mongoose';
import { surveyResponseSchema } from './survey-response.model.js';
import { workerReviewSchema } from './worker-review.model.js';

/** This service's models, registered on its own connection (database per service). */
export function registerModels(conn: Connection) {
  return {
    SurveyResponse: conn.model('SurveyResponse', surveyResponseSchema),
    WorkerReview: conn.model('WorkerReview', workerReviewSchema),
  };
}
export type Models = ReturnType<typeof registerModels>;
export type { SurveyResponseDoc } from './survey-response.model.js';
export type { WorkerReviewDoc } from './worker-review.model.js';
