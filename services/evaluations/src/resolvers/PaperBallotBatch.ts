import { documentId as id, maybeEntityRef } from '@jwh/platform';
import type { PaperBallotBatchResolvers } from '../__generated__/resolvers-types.js';

export const PaperBallotBatch: PaperBallotBatchResolvers = {
  id,
  enteredAt: (b) => b.createdAt,
  enteredByStaff: (b) => maybeEntityRef(b.enteredByStaffId),
};
