import { documentId as id } from '@jwh/platform';
import type { PointsEntryResolvers } from '../__generated__/resolvers-types.js';

export const PointsEntry: PointsEntryResolvers = { id };
