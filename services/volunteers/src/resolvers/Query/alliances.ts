import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as directoryService from '../../services/directory.service.js';

export const alliances: NonNullable<QueryResolvers['alliances']> = (_, __, ctx) => directoryService.alliances(ctx);
