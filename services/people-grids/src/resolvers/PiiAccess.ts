import { documentId as id } from '@jwh/platform';
import type { PiiAccessResolvers } from '../__generated__/resolvers-types.js';

export const PiiAccess: PiiAccessResolvers = {
  id,
  residentId: (a) => String(a.residentId),
};
