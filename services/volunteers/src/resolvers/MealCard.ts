import { documentId as id, entityRef } from '@jwh/platform';
import type { MealCardResolvers } from '../__generated__/resolvers-types.js';

export const MealCard: MealCardResolvers = {
  id,
  resident: (c) => entityRef(c.residentId),
  formerCardNos: (c) => c.formerCardNos ?? [],
};
