import { documentId as id, loadExisting } from '@jwh/platform';
import type { PurchasedServiceProjectResolvers } from '../__generated__/resolvers-types.js';
import { deliverablesDue, paymentStatus } from '../services/directory.service.js';

export const PurchasedServiceProject: PurchasedServiceProjectResolvers = {
  id,
  organization: (p, _, ctx) => loadExisting(ctx.loaders.organization, p.organizationId, 'organisation'),
  deliverablesDue: (p, args) => deliverablesDue(p, args.by),
  paymentStatus: (p) => paymentStatus(p),
};
