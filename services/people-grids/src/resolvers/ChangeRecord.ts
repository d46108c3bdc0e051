import { documentId as id } from '@jwh/platform';
import type { ChangeRecordResolvers } from '../__generated__/resolvers-types.js';

export const ChangeRecord: ChangeRecordResolvers = { id };
