import { byIdLoader, countLoader, groupLoader, type Redis, type SubgraphBaseContext } from '@jwh/shared';
import type { Models } from './models/index.js';

function createLoaders(m: Models) {
  return {
    volunteer: byIdLoader(m.Volunteer),
    volunteerByResident: groupLoader(m.Volunteer, 'residentId'),
    activity: byIdLoader(m.Activity),
    confirmedPerActivity: countLoader(m.SignUp, 'activityId', { status: 'CONFIRMED' }),
    waitlistedPerActivity: countLoader(m.SignUp, 'activityId', { status: 'WAITLISTED' }),
    signUpsByResident: groupLoader(m.SignUp, 'residentId', { filter: { status: { $in: ['CONFIRMED', 'WAITLISTED'] } }, sort: { createdAt: -1 } }),
  };
}

/** What every request shares. */
export interface Shared {
  /** Arrival counters and locks live in Redis, under this prefix. */
  redis: Redis;
  queuePrefix: string;
}

export interface Context extends SubgraphBaseContext, Shared {
  models: Models;
  loaders: ReturnType<typeof createLoaders>;
}

/** Per-request context: fresh DataLoaders so batching never crosses requests or viewers. */
export function buildContext(base: SubgraphBaseContext & { models: Models }, shared: Shared): Context {
  return { requestId: base.requestId, logger: base.logger, viewer: base.viewer, models: base.models, loaders: createLoaders(base.models), ...shared };
}
