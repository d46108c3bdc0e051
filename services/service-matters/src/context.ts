import {
  byIdLoader,
  countLoader,
  requestContextWithLoaders,
  rowScopeOrNothing,
  type Redis,
  type SubgraphBaseContext,
  type SubgraphRequestBase,
  type Viewer,
} from '@jwh/platform';
import { requestScope } from './policy.js';
import type { Models } from './models/index.js';
import { groupLoader, scopedGroupLoader } from '@jwh/platform';

function createLoaders(m: Models, viewer: Viewer) {
  return {
    serviceRequest: byIdLoader(m.ServiceRequest),
    // A resident's requests and suggestions, within the viewer's own scope (a housemate's stay hidden):
    // one equality read per resident on FerretDB, the scope checked on the rows.
    requestsByResident: scopedGroupLoader(m.ServiceRequest, 'residentId', {
      scope: rowScopeOrNothing(viewer, requestScope),
      sort: { receivedAt: -1 },
    }),
    suggestionsByResident: scopedGroupLoader(m.Suggestion, 'residentId', {
      scope: rowScopeOrNothing(viewer, requestScope),
      sort: { receivedAt: -1 },
    }),
    suggestion: byIdLoader(m.Suggestion, rowScopeOrNothing(viewer, requestScope)),
    jointMeeting: byIdLoader(m.JointMeeting),
    slot: byIdLoader(m.AppointmentSlot),
    appointment: byIdLoader(m.Appointment),
    bookedPerSlot: countLoader(m.Appointment, 'slotId', { status: 'BOOKED' }),
    // A street's matter by id (derived from street and code), a version by id, a matter's versions.
    matter: byIdLoader(m.ServiceType),
    matterVersion: byIdLoader(m.MatterVersion),
    matterVersions: groupLoader(m.MatterVersion, 'matterId', { sort: { version: 1 } }),
  };
}

/** What every request shares. */
export interface Shared {
  /** The people-grids subgraph, read with the caller's own identity. */
  peopleGridsUrl: string;
  /** The volunteers subgraph: the registered organisations a joint meeting's units must be. */
  volunteersUrl: string;
  /** Events go to a capped Redis stream under this prefix. */
  queuePrefix: string;
  /** The street of each community a viewer came from (a community does not change street): whose catalogue it reads. */
  communityStreets: Map<string, string>;
}

export interface Context extends SubgraphBaseContext, Shared {
  models: Models;
  loaders: ReturnType<typeof createLoaders>;
  redis: Redis;
}

/** Per-request context: fresh DataLoaders so batching never crosses requests or viewers. */
export function buildContext(base: SubgraphRequestBase<Models>, shared: Shared): Context {
  return requestContextWithLoaders(base, shared, createLoaders);
}
