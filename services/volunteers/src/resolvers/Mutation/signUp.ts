import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as signUpService from '../../services/signup.service.js';

export const signUp: NonNullable<MutationResolvers['signUp']> = (_, args, ctx) => signUpService.signUp(ctx, args.input);
