import { documentId as id } from '@jwh/platform';
import type { MatterVersionResolvers } from '../__generated__/resolvers-types.js';
import { eligibilityOf } from './ServiceType.js';

export const MatterVersion: MatterVersionResolvers = {
  id,
  eligibility: eligibilityOf,
};
