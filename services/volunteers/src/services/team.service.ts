import { BadUserInputError, ConflictError, NotFoundError, isObjectId, maskPhone, isDuplicateKeyError } from '@jwh/platform';
import type { Context } from '../context.js';
import type { AddTeamMemberInput, CreateVolunteerTeamInput, RegisterVolunteerInput } from '../__generated__/resolvers-types.js';
import type { TeamDoc, VolunteerDoc } from '../models/index.js';
import { residentPlacement, type ResidentPlacement } from './resident-placement.js';
import { AVAILABILITY_HINT, isAvailability } from './volunteer.service.js';

/**
 * Registers a volunteer: a resident of the community, or an outsider with a name and phone. One
 * profile per person (`personKey`): registering again answers CONFLICT. A resident must be one the
 * caller may read in people-grids and live in `communityId`; the profile keeps the resident's grid
 * and household (its row scope).
 */
export async function registerVolunteer(ctx: Context, input: RegisterVolunteerInput) {
  if (!isObjectId(input.communityId) || !ctx.viewer.communityIds.includes(input.communityId))
    throw new BadUserInputError('input.communityId', '不在您的社区 (not your community)');
  if (!input.skills.length || input.skills.length > 10 || input.skills.some((s) => !s.trim() || s.length > 20))
    throw new BadUserInputError('input.skills', '1–10 项,每项 1–20 字 (1 to 10 skills)');
  for (const [i, a] of input.availability.entries())
    if (!isAvailability(a)) throw new BadUserInputError(`input.availability[${i}]`, AVAILABILITY_HINT);
  let personKey: string;
  let contact = null;
  let placement: ResidentPlacement | null = null;
  if (input.residentId != null) {
    if (!isObjectId(input.residentId)) throw new BadUserInputError('input.residentId', '无效的编号 (invalid id)');
    placement = await residentPlacement(ctx, input.residentId);
    if (!placement || placement.communityId !== input.communityId)
      throw new BadUserInputError('input.residentId', '居民不存在或不在该社区 (no such resident in that community)');
    personKey = `resident:${input.residentId}`;
  } else {
    const name = (input.outsiderName ?? '').trim();
    const phone = (input.outsiderPhone ?? '').replace(/[\s-]/g, '');
    if (name.length < 2 || name.length > 20)
      throw new BadUserInputError('input.outsiderName', '2–20 个字符 (a resident id, or an outsider’s name and phone)');
    if (!/^1[3-9]\d{9}$/.test(phone)) throw new BadUserInputError('input.outsiderPhone', '手机号无效 (invalid mobile number)');
    personKey = `outsider:${phone}`;
    contact = { name, phone };
  }
  try {
    return (
      await ctx.models.Volunteer.create({
        residentId: input.residentId ?? null,
        personKey,
        contact,
        communityId: input.communityId,
        gridId: placement?.gridId ?? null,
        householdId: placement?.householdId ?? null,
        skills: input.skills.map((s) => s.trim()),
        availability: input.availability,
        joinedAt: new Date(),
      })
    ).toObject();
  } catch (err) {
    if (isDuplicateKeyError(err)) throw new ConflictError('已登记为志愿者 (already registered)');
    throw err;
  }
}

export async function createTeam(ctx: Context, input: CreateVolunteerTeamInput) {
  if (!isObjectId(input.communityId) || !ctx.viewer.communityIds.includes(input.communityId))
    throw new BadUserInputError('input.communityId', '不在您的社区 (not your community)');
  const name = (input.name ?? '').trim();
  if (name.length < 2 || name.length > 30) throw new BadUserInputError('input.name', '2–30 个字符');
  try {
    return (await ctx.models.Team.create({ communityId: input.communityId, name, focus: (input.focus ?? '').trim() })).toObject();
  } catch (err) {
    if (isDuplicateKeyError(err)) throw new ConflictError('已有同名服务队 (a team of that name exists)');
    throw err;
  }
}

/** Adds a volunteer of the same community to a team (idempotent). */
export async function addTeamMember(ctx: Context, input: AddTeamMemberInput) {
  if (!isObjectId(input.teamId)) throw new BadUserInputError('input.teamId', '无效的编号 (invalid id)');
  if (!isObjectId(input.volunteerId)) throw new BadUserInputError('input.volunteerId', '无效的编号 (invalid id)');
  const team = await ctx.models.Team.findOne({ _id: input.teamId, communityId: { $in: ctx.viewer.communityIds } })
    .lean()
    .exec();
  if (!team) throw new NotFoundError('team', input.teamId);
  const updated = await ctx.models.Volunteer.findOneAndUpdate(
    { _id: input.volunteerId, communityId: team.communityId },
    { $addToSet: { teamIds: team._id } },
    { new: true },
  )
    .lean()
    .exec();
  if (!updated) throw new BadUserInputError('input.volunteerId', '须为本社区的志愿者 (a volunteer of the team’s community)');
  return team;
}

/** A community's volunteer teams (public within the community; their members are row-scoped); none of another community. */
export function teams(ctx: Context, communityId: string) {
  if (!isObjectId(communityId)) throw new BadUserInputError('communityId', '无效的编号 (invalid id)');
  if (!ctx.viewer.communityIds.includes(communityId)) return [];
  return ctx.models.Team.find({ communityId }).sort({ name: 1 }).lean().exec();
}

/** A volunteer's teams (those that still exist). */
export async function volunteerTeams(ctx: Context, v: VolunteerDoc): Promise<TeamDoc[]> {
  const teams = await ctx.loaders.team.loadMany((v.teamIds ?? []).map(String));
  return teams.filter((t): t is TeamDoc => t !== null && !(t instanceof Error));
}

/** A team's members (those in the viewer's row scope). */
export function teamMembers(ctx: Context, t: TeamDoc): Promise<VolunteerDoc[]> {
  return ctx.loaders.membersByTeam.load(String(t._id));
}

/** An outsider's contact as shown: the phone masked. */
export const shownContact = (c: { name?: string | null; phone?: string | null } | null | undefined) =>
  c?.name ? { name: c.name, phone: c.phone ? maskPhone(c.phone) : null } : null;
