import { documentId as id, entityRef } from '@jwh/platform';
import type { SignUpResolvers } from '../__generated__/resolvers-types.js';
import { signUpActivity } from '../services/activity.service.js';
import { waitlistPosition } from '../services/signup.service.js';

export const SignUp: SignUpResolvers = {
  id,
  activity: (s, _, ctx) => signUpActivity(ctx, s),
  resident: (s) => entityRef(s.residentId),
  waitlistPosition: (s, _, ctx) => waitlistPosition(ctx, s),
};
