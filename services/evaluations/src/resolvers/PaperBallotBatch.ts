import { documentId as id } from '@jwh/platform';
import type { PaperBallotBatchResolvers } from '../__generated__/resolvers-types.js';

export const PaperBallotBatch: PaperBallotBatchResolvers = {
  id,
  enteredAt: (b) => b.createdAt,
};
