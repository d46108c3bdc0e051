import { documentId as id, entityRef, loadExisting } from '@jwh/platform';
import type { SignUpResolvers } from '../__generated__/resolvers-types.js';
import { waitlistPosition } from '../services/signup.service.js';

export const SignUp: SignUpResolvers = {
  id,
  activity: (s, _, ctx) => loadExisting(ctx.loaders.activity, s.activityId, 'activity'),
  resident: (s) => entityRef(s.residentId),
  waitlistPosition: (s, _, ctx) => waitlistPosition(ctx, s),
  pointsRefunded: (s) => s.pointsRefunded ?? 0,
};
