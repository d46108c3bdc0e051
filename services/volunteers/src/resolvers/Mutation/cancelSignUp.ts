import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as signUpService from '../../services/signup.service.js';

export const cancelSignUp: NonNullable<MutationResolvers['cancelSignUp']> = (_, args, ctx) => signUpService.cancelSignUp(ctx, args.id);
