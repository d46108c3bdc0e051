import { documentId as id } from '@jwh/platform';
import type { AllianceResolvers } from '../__generated__/resolvers-types.js';
import { allianceMembers } from '../services/directory.service.js';

export const Alliance: AllianceResolvers = {
  id,
  members: (a, _, ctx) => allianceMembers(ctx, a),
  communityIds: (a) => (a.communityIds ?? []).map(String),
};
