import { documentId as id } from '@jwh/platform';
import type { PointsEntryResolvers } from '../__generated__/resolvers-types.js';
import { entryHours, pointsKind } from '../services/points-ledger.js';

export const PointsEntry: PointsEntryResolvers = { id, kind: (e) => pointsKind(e), hours: (e) => entryHours(e) };
