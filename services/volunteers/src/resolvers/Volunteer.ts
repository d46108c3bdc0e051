import type { Context } from '../context.js';
import type { VolunteerDoc } from '../models/index.js';

export const Volunteer = {
  __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.volunteer.load(ref.id),
  id: (v: VolunteerDoc) => String(v._id),
  resident: (v: VolunteerDoc) => ({ id: String(v.residentId) }),
  joinedAt: (v: VolunteerDoc) => v.joinedAt.toISOString(),
};
