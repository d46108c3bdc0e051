import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as serviceTypeService from '../../services/service-type.service.js';

export const serviceTypes: NonNullable<QueryResolvers['serviceTypes']> = (_, __, ctx) => serviceTypeService.listMatters(ctx);
