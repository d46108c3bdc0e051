import { importErrors } from '../services/import-job.service.js';
import type { Context } from '../context.js';

type Doc = { _id: unknown; staffId?: unknown };
const id = (d: Doc) => String(d._id);
const staff = (d: Doc, _: unknown, ctx: Context) => ctx.loaders.staffMember.load(String(d.staffId));
const iso = (value: Date | null | undefined) => (value ? value.toISOString() : null);

/** Field resolvers of the walking-work records: schedules, posts, the roster, half-days, visits. */
export const ScheduleEntry = { id, staff };
export const PublicPost = { id, staff };
export const DutyShift = { id, staff };
export const HalfDay = { id, staff };
export const VisitStat = { staff };
export const Visit = {
  __resolveReference: async (ref: { id: string }, ctx: Context) => (await ctx.models.Visit.findById(ref.id).lean().exec()) ?? null,
  id,
  staff,
  grid: (v: { gridId?: unknown }, _: unknown, ctx: Context) => (v.gridId ? ctx.loaders.grid.load(String(v.gridId)) : null),
  household: (v: { householdId?: unknown }, _: unknown, ctx: Context) => (v.householdId ? ctx.loaders.household.load(String(v.householdId)) : null),
  resident: (v: { residentId?: unknown }, _: unknown, ctx: Context) => (v.residentId ? ctx.loaders.resident.load(String(v.residentId)) : null),
  at: (v: { at: Date }) => v.at.toISOString(),
};
export const Facility = {
  id,
  grid: (f: { gridId?: unknown }, _: unknown, ctx: Context) => (f.gridId ? ctx.loaders.grid.load(String(f.gridId)) : null),
  lastInspectedAt: (f: { lastInspectedAt?: Date | null }) => iso(f.lastInspectedAt),
};
export const HouseholdMove = {
  id,
  household: (m: { householdId: unknown }, _: unknown, ctx: Context) => ctx.loaders.household.load(String(m.householdId)),
  from: (m: { fromGridId?: unknown }, _: unknown, ctx: Context) => (m.fromGridId ? ctx.loaders.grid.load(String(m.fromGridId)) : null),
  to: (m: { toGridId: unknown }, _: unknown, ctx: Context) => ctx.loaders.grid.load(String(m.toGridId)),
  at: (m: { at: Date }) => m.at.toISOString(),
};
export const ImportJob = {
  id,
  community: (j: { communityId: unknown }, _: unknown, ctx: Context) => ctx.loaders.community.load(String(j.communityId)),
  errors: (j: { _id: unknown }, args: { first?: number | null; after?: string | null }, ctx: Context) => importErrors(ctx, j._id, args),
  startedAt: (j: { startedAt?: Date | null }) => iso(j.startedAt),
  finishedAt: (j: { finishedAt?: Date | null }) => iso(j.finishedAt),
};
