import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as birthdayService from '../../services/birthday.service.js';

export const upcomingBirthdays: NonNullable<QueryResolvers['upcomingBirthdays']> = (_, args, ctx) =>
  birthdayService.upcomingBirthdays(ctx, args);
