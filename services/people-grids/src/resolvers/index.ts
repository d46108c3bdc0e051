import { Community } from './Community.js';
import { Grid } from './Grid.js';
import { Household } from './Household.js';
import { communities } from './Query/communities.js';
import { community } from './Query/community.js';
import { grid } from './Query/grid.js';
import { household } from './Query/household.js';
import { piiAccessLog } from './Query/piiAccessLog.js';
import { resident } from './Query/resident.js';
import { residentByNationalId } from './Query/residentByNationalId.js';
import { residents } from './Query/residents.js';
import { staffMember } from './Query/staffMember.js';
import { staffMembers } from './Query/staffMembers.js';
import { Resident } from './Resident.js';
import { StaffMember } from './StaffMember.js';

const PiiAccess = {
  id: (a: { _id: unknown }) => String(a._id),
  residentId: (a: { residentId: unknown }) => String(a.residentId),
  at: (a: { at: Date }) => a.at.toISOString(),
};

export const resolvers = {
  PiiAccess,
  Query: { communities, community, grid, household, resident, residentByNationalId, residents, staffMember, staffMembers, piiAccessLog },
  Community,
  Grid,
  Household,
  Resident,
  StaffMember,
};
