import { byIdLoader, groupLoader, type SubgraphBaseContext } from '@jwh/shared';
import DataLoader from 'dataloader';
import type { Models } from './models/index.js';

function createLoaders(m: Models) {
  return {
    serviceRequest: byIdLoader(m.ServiceRequest),
    requestsByResident: groupLoader(m.ServiceRequest, 'residentId', { sort: { receivedAt: -1 } }),
    serviceType: new DataLoader(async (codes: readonly string[]) => {
      const rows = await m.ServiceType.find({ code: { $in: [...codes] } }).lean().exec();
      const byCode = new Map(rows.map((r) => [r.code, r]));
      return codes.map((c) => byCode.get(c) ?? null);
    }),
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
