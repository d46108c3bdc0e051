import { documentId, loadExisting } from '@jwh/platform';
import type { ElderDeliveryResolvers } from '../__generated__/resolvers-types.js';
import { occasionOfDelivery, occasionView } from '../services/elder-service.service.js';

export const ElderDelivery: ElderDeliveryResolvers = {
  id: documentId,
  resident: (d, _, ctx) => loadExisting(ctx.loaders.resident, d.residentId, 'resident'),
  occasion: (d) => occasionView(occasionOfDelivery(d)),
  staff: (d, _, ctx) => loadExisting(ctx.loaders.staffMember, d.staffId, 'staff member'),
};
