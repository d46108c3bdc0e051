import { allOf, byIdLoader, countLoader, groupLoader, rowScopeOrNothing, type Redis, type SubgraphBaseContext, type Viewer } from '@jwh/shared';
import { signUpScope } from './policy.js';
import type { Models } from './models/index.js';

function createLoaders(m: Models, viewer: Viewer) {
  return {
    volunteer: byIdLoader(m.Volunteer),
    volunteerByResident: groupLoader(m.Volunteer, 'residentId'),
    activity: byIdLoader(m.Activity),
    confirmedPerActivity: countLoader(m.SignUp, 'activityId', { status: 'CONFIRMED' }),
    waitlistedPerActivity: countLoader(m.SignUp, 'activityId', { status: 'WAITLISTED' }),
    mealCardByResident: groupLoader(m.MealCard, 'residentId'),
    mealCard: byIdLoader(m.MealCard),
    organization: byIdLoader(m.Organization),
    team: byIdLoader(m.Team),
    membersByTeam: groupLoader(m.Volunteer, 'teamIds'),
    room: byIdLoader(m.Room),
    activitiesByOrganization: groupLoader(m.Activity, 'organizationId', { sort: { startsAt: 1 } }),
    attendedPerActivity: countLoader(m.SignUp, 'activityId', { status: 'CONFIRMED', attended: true }),
    signUpsByResident: groupLoader(m.SignUp, 'residentId', { filter: allOf(rowScopeOrNothing(viewer, signUpScope), { status: { $in: ['CONFIRMED', 'WAITLISTED'] } }), sort: { createdAt: -1 } }),
  };
}

/** What every request shares. */
export interface Shared {
  /** Arrival counters and locks live in Redis, under this prefix. */
  queuePrefix: string;
  /** The people-grids subgraph, read with the caller's identity (ages for meal cards). */
  peopleGridsUrl: string;
  /** Minimum age of a love card holder (MEAL_CARD_MIN_AGE). */
  mealCardMinAge: number;
}

export interface Context extends SubgraphBaseContext, Shared {
  models: Models;
  loaders: ReturnType<typeof createLoaders>;
  redis: Redis;
}

/** Per-request context: fresh DataLoaders so batching never crosses requests or viewers. */
export function buildContext(base: SubgraphBaseContext & { models: Models; redis: Redis | null }, shared: Shared): Context {
  return {
    requestId: base.requestId,
    logger: base.logger,
    viewer: base.viewer,
    identity: base.identity,
    models: base.models,
    redis: base.redis!,
    loaders: createLoaders(base.models, base.viewer),
    ...shared,
  };
}
