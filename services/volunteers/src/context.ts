import { byIdLoader, groupLoader, type SubgraphBaseContext } from '@jwh/shared';
import type { Models } from './models/index.js';

function createLoaders(m: Models) {
  return {
    volunteer: byIdLoader(m.Volunteer),
    volunteerByResident: groupLoader(m.Volunteer, 'residentId'),
  };
}

export interface Context extends SubgraphBaseContext {
  models: Models;
  loaders: ReturnType<typeof createLoaders>;
}

/** Per-request context: fresh DataLoaders so batching never crosses requests or viewers. */
export function buildContext(base: SubgraphBaseContext & { models: Models }): Context {
  return { requestId: base.requestId, logger: base.logger, viewer: base.viewer, models: base.models, loaders: createLoaders(base.models) };
}
