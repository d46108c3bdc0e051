import type { Policy, ScopeRules } from '@jwh/platform';

const MANAGERS = ['STREET_ADMIN', 'COMMUNITY_STAFF'] as const;
const STAFF = ['STREET_ADMIN', 'COMMUNITY_STAFF', 'GRID_WORKER'] as const;

/**
 * Who may resolve which field of evaluations (README, "Access"). Evaluation is the street office's:
 * only street admins see who was drawn (draw items) and the individual reviews. A worker sees its
 * own review counts, rates and score, never who answered or reviewed; residents answer for
 * themselves and vote anonymously. Services check the viewer's communities, grids or staff id
 * for each row.
 */
export const policy: Policy = {
  'Query.surveys': { roles: MANAGERS },
  'Query.surveyWaves': { roles: MANAGERS },
  'Query.surveyWave': { roles: [...MANAGERS, 'OPS'] },
  'Query.sampleDraw': { roles: ['STREET_ADMIN', 'OPS'] },
  'Query.surveyResponses': { roles: ['STREET_ADMIN'] },
  'Query.threeRates': { roles: STAFF },
  'Query.threeRatesTrend': { roles: STAFF },
  'Query.audits': { roles: MANAGERS },
  'Query.audit': { roles: MANAGERS },
  'Query.representativeMeetings': { roles: [...MANAGERS, 'RESIDENT'] },
  'Query.selfAssessments': { roles: MANAGERS },
  'Query.scoreWeights': { roles: STAFF },
  'Query.workerScores': { roles: STAFF },
  'Mutation.createSurvey': { roles: ['STREET_ADMIN'] },
  'Mutation.createSurveyWave': { roles: ['STREET_ADMIN'] },
  'Mutation.startSampleDraw': { roles: ['STREET_ADMIN'] },
  'Mutation.replaceDrawItem': { roles: ['STREET_ADMIN'] },
  'Mutation.closeSurveyWave': { roles: ['STREET_ADMIN'] },
  'Mutation.submitSurveyResponse': { roles: ['STREET_ADMIN', 'RESIDENT'] },
  'Mutation.submitWorkerReview': { roles: ['STREET_ADMIN', 'RESIDENT'] },
  'Mutation.invalidateWorkerReview': { roles: ['STREET_ADMIN'] },
  'Mutation.startAudit': { roles: ['STREET_ADMIN'] },
  'Mutation.recordAuditCheck': { roles: ['STREET_ADMIN'] },
  'Mutation.openRepresentativeMeeting': { roles: MANAGERS },
  'Mutation.castBallot': { roles: ['RESIDENT'] },
  // The street office types in paper (ballots of the sitting, questionnaires): never the community
  // staff whose service the ballots and the questionnaires rate.
  'Mutation.enterPaperBallots': { roles: ['STREET_ADMIN'] },
  'Mutation.enterPaperSurveyResponse': { roles: ['STREET_ADMIN'] },
  'Mutation.correctSurveyResponse': { roles: ['STREET_ADMIN', 'RESIDENT'] },
  'RepresentativeMeeting.paperBatches': { roles: MANAGERS },
  'Mutation.closeRepresentativeMeeting': { roles: MANAGERS },
  'Mutation.submitSelfAssessment': { roles: ['COMMUNITY_STAFF'] },
  'Mutation.recordEvaluatedScores': { roles: ['STREET_ADMIN'] },
  'Mutation.setScoreWeights': { roles: ['STREET_ADMIN'] },
  'SurveyWave.draw': { roles: ['STREET_ADMIN', 'OPS'] },
  'SampleDraw.items': { roles: ['STREET_ADMIN'] },
  'SampleDraw.strata': { roles: ['STREET_ADMIN'] },
  'Resident.surveyResponses': { roles: ['STREET_ADMIN', 'RESIDENT'] },
  'StaffMember.reviews': { roles: ['STREET_ADMIN'] },
  'StaffMember.reviewSummary': { roles: STAFF },
  // canvasses: staff of the community open and close them; workers answer at the door in their
  // grids, residents through the open link for their own household; progress and results are staff's.
  'Query.canvasses': { roles: STAFF },
  'Query.canvass': { roles: [...STAFF, 'RESIDENT'] },
  'Mutation.createCanvass': { roles: MANAGERS },
  'Mutation.answerCanvass': { roles: ['COMMUNITY_STAFF', 'GRID_WORKER', 'RESIDENT'] },
  'Mutation.closeCanvass': { roles: MANAGERS },
  'Canvass.progress': { roles: STAFF },
  'Canvass.results': { roles: STAFF },
};

/**
 * Individual responses: street admins (of their communities), and a resident its own. Community
 * staff, the evaluated, see rates only (matching answer times to door visits would name a household).
 */
export const responseScope: ScopeRules<Record<string, unknown>> = {
  STREET_ADMIN: (v) => ({ communityId: { $in: v.communityIds } }),
  RESIDENT: (v) => ({ residentId: v.residentId ?? null }),
};

/** Individual reviews: street admins of the reviewed worker's community. */
export const reviewScope: ScopeRules<Record<string, unknown>> = {
  STREET_ADMIN: (v) => ({ communityId: { $in: v.communityIds } }),
};
