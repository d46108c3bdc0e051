import type { WorkerScoreResolvers } from '../__generated__/resolvers-types.js';

export const WorkerScore: WorkerScoreResolvers = {
  worker: (s) => ({ id: s.worker.id }),
};
