import type { Context } from '../context.js';
import type { ServiceRequestDoc } from '../models/index.js';
import { OPEN_STATUSES } from '../models/service-request.model.js';

const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

export const ServiceRequest = {
  __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.serviceRequest.load(ref.id),
  id: (r: ServiceRequestDoc) => String(r._id),
  type: (r: ServiceRequestDoc, _: unknown, ctx: Context) => ctx.loaders.serviceType.load(r.typeCode),
  resident: (r: ServiceRequestDoc) => ({ id: String(r.residentId) }),
  receivedAt: (r: ServiceRequestDoc) => r.receivedAt.toISOString(),
  overdue: (r: ServiceRequestDoc) => (OPEN_STATUSES as readonly string[]).includes(r.status) && r.dueDate < today(),
  takenBy: (r: ServiceRequestDoc) => (r.takenBy ? String(r.takenBy) : null),
  timeline: (r: ServiceRequestDoc) => r.transitions.map((t) => ({ ...t, at: t.at.toISOString() })),
  deliveredAt: (r: ServiceRequestDoc) => r.deliveredAt?.toISOString() ?? null,
};
