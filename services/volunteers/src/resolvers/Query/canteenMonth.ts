import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as canteenService from '../../services/canteen.service.js';

export const canteenMonth: NonNullable<QueryResolvers['canteenMonth']> = (_, args, ctx) => canteenService.canteenMonth(ctx, args);
