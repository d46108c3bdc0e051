import { documentId as id } from '@jwh/platform';
import type { SurveyResolvers } from '../__generated__/resolvers-types.js';

export const Survey: SurveyResolvers = { id };
