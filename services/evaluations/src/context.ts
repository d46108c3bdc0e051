import { groupLoader, rowScopeOrNothing, type SubgraphBaseContext, type Viewer } from '@jwh/shared';
import { responseScope } from './policy.js';
import type { Models } from './models/index.js';

function createLoaders(m: Models, viewer: Viewer) {
  return {
    responsesByResident: groupLoader(m.SurveyResponse, 'residentId', { filter: rowScopeOrNothing(viewer, responseScope), sort: { period: -1 } }),
    reviewsByStaff: groupLoader(m.WorkerReview, 'staffMemberId', { sort: { period: -1, _id: 1 } }),
  };
}

export interface Context extends SubgraphBaseContext {
  models: Models;
  loaders: ReturnType<typeof createLoaders>;
}

/** Per-request context: fresh DataLoaders so batching never crosses requests or viewers. */
export function buildContext(base: SubgraphBaseContext & { models: Models }): Context {
  return { requestId: base.requestId, logger: base.logger, viewer: base.viewer, identity: base.identity, models: base.models, loaders: createLoaders(base.models, base.viewer) };
}
