import { documentId as id } from '@jwh/platform';
import type { MeetingUnitRecordResolvers } from '../__generated__/resolvers-types.js';

export const MeetingUnitRecord: MeetingUnitRecordResolvers = {
  id,
  status: (o) => o.status ?? 'ACTIVE',
  communityIds: (o) => o.communityIds.map(String),
};
