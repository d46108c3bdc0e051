import {
  byIdLoader,
  groupLoader,
  requestContextWithLoaders,
  rowScopeOrNothing,
  type Redis,
  type SubgraphBaseContext,
  type SubgraphRequestBase,
  type Viewer,
} from '@jwh/platform';
import type { Queue } from 'bullmq';
import { responseScope, reviewScope } from './policy.js';
import type { Models } from './models/index.js';
import { scopedGroupLoader } from '@jwh/platform';
import type { GraphClient } from './services/graph.js';

function createLoaders(m: Models, viewer: Viewer) {
  return {
    // A resident's responses and a worker's reviews: one equality read per key on FerretDB, the row scope checked on the rows.
    responsesByResident: scopedGroupLoader(m.SurveyResponse, 'residentId', {
      scope: rowScopeOrNothing(viewer, responseScope),
      sort: { period: -1, _id: 1 },
    }),
    reviewsByStaff: scopedGroupLoader(m.WorkerReview, 'staffId', {
      scope: rowScopeOrNothing(viewer, reviewScope),
      sort: { period: -1, _id: 1 },
    }),
    survey: byIdLoader(m.Survey),
    wave: byIdLoader(m.SurveyWave),
    drawByWave: groupLoader(m.SampleDraw, 'waveId'),
    // A worker's review counts per wave (few a worker): lists of workers and scores batch into one find.
    reviewAggregatesByStaff: groupLoader(m.ReviewAggregate, 'staffId'),
    ballotBox: byIdLoader(m.BallotBox),
    auditItemsByAudit: groupLoader(m.AuditItem, 'auditId', { sort: { staffId: 1, rank: 1 } }),
  };
}

/** What every request shares. */
export interface Shared {
  graph: GraphClient;
  queuePrefix: string;
  sampling: Queue;
}

export interface Context extends SubgraphBaseContext, Shared {
  models: Models;
  redis: Redis;
  loaders: ReturnType<typeof createLoaders>;
}

/** Per-request context: fresh DataLoaders so batching never crosses requests or viewers. */
export function buildContext(base: SubgraphRequestBase<Models>, shared: Shared): Context {
  return requestContextWithLoaders(base, shared, createLoaders);
}
