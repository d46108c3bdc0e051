import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as canteenService from '../../services/canteen.service.js';

export const canteenCardHolders: NonNullable<QueryResolvers['canteenCardHolders']> = (_, __, ctx) => canteenService.canteenCardHolders(ctx);
