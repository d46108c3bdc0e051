import type { Context } from '../context.js';
import { shownContact } from '../services/team.service.js';
import { pointsHistory } from '../services/volunteer.service.js';
import type { VolunteerDoc } from '../models/index.js';

export const Volunteer = {
  __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.volunteer.load(ref.id),
  id: (v: VolunteerDoc) => String(v._id),
  resident: (v: VolunteerDoc) => (v.residentId ? { id: String(v.residentId) } : null),
  contact: (v: VolunteerDoc) => shownContact(v.contact),
  teams: async (v: VolunteerDoc, _: unknown, ctx: Context) =>
    (await ctx.loaders.team.loadMany((v.teamIds ?? []).map(String))).filter((t) => t && !(t instanceof Error)),
  joinedAt: (v: VolunteerDoc) => v.joinedAt.toISOString(),
  gridId: (v: VolunteerDoc) => (v.gridId ? String(v.gridId) : null),
  pointsHistory: (v: VolunteerDoc, args: { first?: number | null }, ctx: Context) => pointsHistory(ctx, v, args.first),
};
