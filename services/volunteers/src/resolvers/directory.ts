import type { Context } from '../context.js';
import type { OrganizationDoc, ProjectDoc } from '../models/index.js';
import * as svc from '../services/directory.service.js';
import { visibleActivities } from '../services/activity.service.js';
import * as team from '../services/team.service.js';

export const directoryQueries = {
  organizations: (_: unknown, args: { kind?: string | null; communityId?: string | null }, ctx: Context) => svc.organizations(ctx, args),
  alliances: (_: unknown, __: unknown, ctx: Context) => svc.alliances(ctx),
  purchasedServiceProjects: (_: unknown, args: { status?: string | null }, ctx: Context) => svc.projects(ctx, args.status),
  volunteerTeams: (_: unknown, args: { communityId: string }, ctx: Context) => team.teams(ctx, args.communityId),
};

export const directoryMutations = {
  createPurchasedServiceProject: (_: unknown, args: { input: Parameters<typeof svc.createProject>[1] }, ctx: Context) =>
    svc.createProject(ctx, args.input),
  evaluatePurchasedServiceProject: (_: unknown, args: { input: Parameters<typeof svc.evaluateProject>[1] }, ctx: Context) =>
    svc.evaluateProject(ctx, args.input),
  payPurchasedServiceProject: (_: unknown, args: { input: Parameters<typeof svc.payProject>[1] }, ctx: Context) =>
    svc.payProject(ctx, args.input),
  registerVolunteer: (_: unknown, args: { input: Parameters<typeof team.registerVolunteer>[1] }, ctx: Context) =>
    team.registerVolunteer(ctx, args.input),
  createVolunteerTeam: (_: unknown, args: { input: Parameters<typeof team.createTeam>[1] }, ctx: Context) =>
    team.createTeam(ctx, args.input),
  addTeamMember: (_: unknown, args: { input: Parameters<typeof team.addTeamMember>[1] }, ctx: Context) =>
    team.addTeamMember(ctx, args.input),
};

export const Organization = {
  id: (o: OrganizationDoc) => String(o._id),
  communityIds: (o: OrganizationDoc) => o.communityIds.map(String),
  activities: async (o: OrganizationDoc, _: unknown, ctx: Context) =>
    visibleActivities(ctx, await ctx.loaders.activitiesByOrganization.load(String(o._id))),
};

export const Alliance = {
  id: (a: { _id: unknown }) => String(a._id),
  members: async (a: { memberOrgIds: unknown[] }, _: unknown, ctx: Context) =>
    (await ctx.loaders.organization.loadMany(a.memberOrgIds.map(String))).filter((o) => o && !(o instanceof Error)),
};

export const PurchasedServiceProject = {
  id: (p: ProjectDoc) => String(p._id),
  organization: (p: ProjectDoc, _: unknown, ctx: Context) => ctx.loaders.organization.load(String(p.organizationId)),
  deliverablesDue: (p: ProjectDoc, args: { by: string }) => p.deliverables.filter((d) => !d.done && (d.dueDate ?? '') <= args.by),
  evaluation: (p: ProjectDoc) => (p.evaluation ? { ...p.evaluation, at: p.evaluation.at?.toISOString() } : null),
  paymentStatus: (p: ProjectDoc) => (p.paidCents === 0 ? 'UNPAID' : p.paidCents < p.amountCents ? 'PARTIAL' : 'PAID'),
};

export const VolunteerTeam = {
  id: (t: { _id: unknown }) => String(t._id),
  members: (t: { _id: unknown }, _: unknown, ctx: Context) => ctx.loaders.membersByTeam.load(String(t._id)),
};
