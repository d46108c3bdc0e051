import { documentId as id } from '@jwh/platform';
import type { WorkerReviewResolvers } from '../__generated__/resolvers-types.js';

export const WorkerReview: WorkerReviewResolvers = { id };
