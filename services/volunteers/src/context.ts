import { byIdLoader, groupLoader, type BaseContext } from '@jwh/shared';
import type { Models } from './models/index.js';

function createLoaders(m: Models) {
  return {
    volunteer: byIdLoader(m.Volunteer),
    volunteerByResident: groupLoader(m.Volunteer, 'residentId'),
  };
}

export interface Context extends BaseContext {
  models: Models;
  loaders: ReturnType<typeof createLoaders>;
}

/** Per-request context: fresh DataLoaders so batching never crosses requests or viewers. */
export function buildContext(base: BaseContext & { models: Models }): Context {
  return { requestId: base.requestId, logger: base.logger, models: base.models, loaders: createLoaders(base.models) };
}
