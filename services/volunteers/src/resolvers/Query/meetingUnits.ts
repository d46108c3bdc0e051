import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as organizationService from '../../services/organization.service.js';

export const meetingUnits: NonNullable<QueryResolvers['meetingUnits']> = (_, args, ctx) => organizationService.meetingUnits(ctx, args.ids);
