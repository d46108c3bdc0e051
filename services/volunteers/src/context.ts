import {
  allOf,
  byIdLoader,
  groupLoader,
  requestContext,
  rowScopeOrNothing,
  type Redis,
  type SubgraphBaseContext,
  type SubgraphRequestBase,
  type Viewer,
} from '@jwh/platform';
import { residentDataScope } from './policy.js';
import type { Models } from './models/index.js';
import { activityCountsLoader } from './services/activity-counts.js';
import { scopedGroupLoader } from '@jwh/platform';

/** One request's loaders (fresh per request: batching never crosses requests or viewers). */
export function createLoaders(m: Models, viewer: Viewer, deps: { redis: Redis | null; queuePrefix: string }) {
  const volunteers = rowScopeOrNothing(viewer, residentDataScope);
  return {
    // Every way to a volunteer (references, a resident's profile, a team's members) is limited to the
    // viewer's rows: one equality read per key on FerretDB, the scope checked on the rows.
    volunteer: byIdLoader(m.Volunteer, volunteers),
    volunteerByResident: scopedGroupLoader(m.Volunteer, 'residentId', { scope: volunteers }),
    activity: byIdLoader(m.Activity),
    // Confirmed, waitlisted and attended: the read model on the activity (services/activity-counts.ts).
    activityCounts: activityCountsLoader({ models: m, redis: deps.redis!, queuePrefix: deps.queuePrefix }),
    mealCardByResident: scopedGroupLoader(m.MealCard, 'residentId', { scope: rowScopeOrNothing(viewer, residentDataScope) }),
    mealCard: byIdLoader(m.MealCard),
    organization: byIdLoader(m.Organization),
    team: byIdLoader(m.Team),
    membersByTeam: scopedGroupLoader(m.Volunteer, 'teamIds', { scope: volunteers }),
    room: byIdLoader(m.Room),
    activitiesByOrganization: groupLoader(m.Activity, 'organizationId', { sort: { startsAt: 1 } }),
    // A resident's active sign-ups: one equality read per resident on FerretDB, scope and state checked on the rows.
    signUpsByResident: scopedGroupLoader(m.SignUp, 'residentId', {
      scope: allOf(rowScopeOrNothing(viewer, residentDataScope), { status: { $in: ['CONFIRMED', 'WAITLISTED'] } }),
      sort: { createdAt: -1 },
    }),
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
export function buildContext(base: SubgraphRequestBase<Models>, shared: Shared): Context {
  const loaders = createLoaders(base.models, base.viewer, { redis: base.redis, queuePrefix: shared.queuePrefix });
  return requestContext(base, shared, { redis: base.redis!, loaders });
}
