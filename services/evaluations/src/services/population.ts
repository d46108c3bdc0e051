import { localDayRange } from '@jwh/platform';
import type { Candidate } from './sampling.js';
import { RequestsPageDocument, ResidentsPageDocument, VisitsPageDocument } from '../__generated__/operations.js';
import type { GraphClient } from './graph.js';

/** A candidate with what the draw item records. */
export interface PopulationMember extends Candidate {
  communityId: string;
  gridId: string | null;
  staffId: string | null;
}

/**
 * Who each worker served in the period: households visited and residents whose requests the worker
 * took (from people-grids visits and service-matters requests). Its size is that of the period's
 * service records, not of the population.
 */
export async function serviceRecipients(graph: GraphClient, communityId: string, from: string, to: string) {
  const households = new Map<string, Set<string>>();
  const residents = new Map<string, Set<string>>();
  const add = (m: Map<string, Set<string>>, key: string, value: string) => {
    let set = m.get(value);
    if (!set) m.set(value, (set = new Set()));
    set.add(key);
  };
  for await (const v of graph.pages(graph.urls.peopleGrids, [communityId], VisitsPageDocument, 'visits', {
    filter: { communityId, from, to },
  })) {
    if (v.resident) add(residents, v.staff.id, v.resident.id);
    else if (v.household) add(households, v.staff.id, v.household.id);
  }
  const start = localDayRange(from).start.getTime();
  const end = localDayRange(to).end.getTime();
  for await (const r of graph.pages(graph.urls.serviceMatters, [communityId], RequestsPageDocument, 'serviceRequests', {
    filter: { communityId },
  })) {
    const at = Date.parse(r.receivedAt);
    if (r.takenBy && at >= start && at < end) add(residents, r.takenBy, r.resident.id);
  }
  // Inverted: household or resident → the workers who served it.
  return { byHousehold: households, byResident: residents };
}

/**
 * The population of a wave in one community, streamed: every resident of the community (or of the
 * given grids) in its grid stratum, and again in the stratum of each worker who visited its
 * household or served it in the period.
 */
export async function* communityPopulation(
  graph: GraphClient,
  communityId: string,
  opts: { gridIds: string[]; from: string; to: string; workers: boolean; grids: boolean; onResident?: () => void },
): AsyncGenerator<PopulationMember> {
  const served = opts.workers ? await serviceRecipients(graph, communityId, opts.from, opts.to) : null;
  const filters = opts.gridIds.length ? opts.gridIds.map((gridId) => ({ gridId })) : [{ communityId }];
  for (const filter of filters) {
    for await (const r of graph.pages(graph.urls.peopleGrids, [communityId], ResidentsPageDocument, 'residents', { filter })) {
      opts.onResident?.();
      const gridId = r.household.grid?.id ?? null;
      const base = { id: r.id, householdId: r.household.id, communityId, gridId };
      if (opts.grids && gridId) yield { ...base, stratum: `grid:${gridId}`, staffId: null };
      if (served) {
        const workers = new Set([...(served.byHousehold.get(r.household.id) ?? []), ...(served.byResident.get(r.id) ?? [])]);
        for (const staffId of workers) yield { ...base, stratum: `worker:${staffId}`, staffId };
      }
    }
  }
}
