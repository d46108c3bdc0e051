import { Community } from './Community.js';
import { Grid } from './Grid.js';
import { Household } from './Household.js';
import { communities } from './Query/communities.js';
import { community } from './Query/community.js';
import { grid } from './Query/grid.js';
import { household } from './Query/household.js';
import { resident } from './Query/resident.js';
import { residents } from './Query/residents.js';
import { staffMember } from './Query/staffMember.js';
import { staffMembers } from './Query/staffMembers.js';
import { Resident } from './Resident.js';
import { StaffMember } from './StaffMember.js';

export const resolvers = {
  Query: { communities, community, grid, household, resident, residents, staffMember, staffMembers },
  Community,
  Grid,
  Household,
  Resident,
  StaffMember,
};
