import { documentId as id } from '@jwh/platform';
import type { PurchasedServiceProjectResolvers } from '../__generated__/resolvers-types.js';
import { deliverablesDue, paymentStatus, projectOrganization } from '../services/directory.service.js';

export const PurchasedServiceProject: PurchasedServiceProjectResolvers = {
  id,
  organization: (p, _, ctx) => projectOrganization(ctx, p),
  deliverablesDue: (p, args) => deliverablesDue(p, args.by),
  paymentStatus: (p) => paymentStatus(p),
};
