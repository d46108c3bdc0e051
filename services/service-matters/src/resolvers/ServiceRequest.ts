import type { Context } from '../context.js';
import type { ServiceRequestDoc } from '../models/index.js';

export const ServiceRequest = {
  __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.serviceRequest.load(ref.id),
  id: (r: ServiceRequestDoc) => String(r._id),
  type: (r: ServiceRequestDoc, _: unknown, ctx: Context) => ctx.loaders.serviceType.load(r.typeCode),
  resident: (r: ServiceRequestDoc) => ({ id: String(r.residentId) }),
  receivedAt: (r: ServiceRequestDoc) => r.receivedAt.toISOString(),
};
