import { volunteers } from './Query/volunteers.js';
import { Resident } from './Resident.js';
import { Volunteer } from './Volunteer.js';

export const resolvers = {
  Query: { volunteers },
  Resident,
  Volunteer,
};
