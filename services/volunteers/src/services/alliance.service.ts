import {
  BadUserInputError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  isDuplicateKeyError,
  recordChanges,
  requireId,
  requireText,
} from '@jwh/platform';
import { Types } from 'mongoose';
import type { CreateAllianceInput } from '../__generated__/resolvers-types.js';
import { ALLIANCE_KINDS } from '../models/canteen.model.js';
import type { AllianceDoc, OrganizationDoc } from '../models/index.js';
import { optionalReason, requireIds, requireOneOf, type RegistryContext } from './registry-input.js';

/** The street a street admin keeps alliances in. */
function streetOf(ctx: RegistryContext): string {
  if (!ctx.viewer.street) throw new ForbiddenError('没有所属街道 (no street on this token)');
  return ctx.viewer.street;
}

/** An alliance of the viewer's street; another street's (or one from before the registry, of no street) answers NOT_FOUND. */
async function ownAlliance(ctx: RegistryContext, id: string | null | undefined, field: string): Promise<AllianceDoc> {
  const allianceId = requireId(id, field);
  const alliance = await ctx.models.Alliance.findById(allianceId).lean<AllianceDoc>().exec();
  if (!alliance || alliance.street !== streetOf(ctx)) throw new NotFoundError('alliance', allianceId);
  return alliance;
}

/**
 * Whether `org` may be a member of `alliance`: active, serving one of the communities the alliance
 * covers (any of the viewer's for an alliance from before the registry), and a canteen for an
 * elder-canteen alliance. Returns the refusal, or null.
 */
function memberRefusal(
  ctx: RegistryContext,
  alliance: { kind: string; communityIds: readonly unknown[] },
  org: OrganizationDoc | null,
): 'NOT_FOUND' | string | null {
  const covered = new Set((alliance.communityIds.length ? alliance.communityIds : ctx.viewer.communityIds).map(String));
  const serves = (o: OrganizationDoc) =>
    (o.communityId != null && covered.has(String(o.communityId))) || o.communityIds.some((c) => covered.has(String(c)));
  const inStreet = (o: OrganizationDoc) => {
    const mine = new Set(ctx.viewer.communityIds);
    return (o.communityId != null && mine.has(String(o.communityId))) || o.communityIds.some((c) => mine.has(String(c)));
  };
  if (!org || !inStreet(org)) return 'NOT_FOUND';
  if (org.status === 'RETIRED') return '组织已注销 (the organisation is retired)';
  if (!serves(org)) return '不服务联盟所覆盖的社区 (serves none of the alliance’s communities)';
  if (alliance.kind === 'ELDER_CANTEEN' && org.kind !== 'ELDER_CANTEEN') return '须为爱心餐厅 (must be an elder canteen)';
  return null;
}

/** The names of organisations (an unknown one by its id), for the change log. */
const memberNames = async (ctx: RegistryContext, ids: readonly string[]) =>
  (await Promise.all(ids.map((id) => ctx.models.Organization.findById(id).select({ name: 1 }).lean().exec()))).map(
    (o, i) => o?.name ?? ids[i]!,
  );

/**
 * Creates an alliance of the viewer's street over some of its communities, with its first members.
 * Naturally unique (one name per street): a retry of the same alliance returns the first.
 */
export async function createAlliance(ctx: RegistryContext, input: CreateAllianceInput, id?: Types.ObjectId): Promise<AllianceDoc> {
  const street = streetOf(ctx);
  const name = requireText(input.name, 'input.name', 2, 60);
  const kind = requireOneOf(input.kind, ALLIANCE_KINDS, 'input.kind');
  const communityIds = requireIds(input.communityIds, 'input.communityIds', 50);
  if (!communityIds.length) throw new BadUserInputError('input.communityIds', '至少一个社区 (at least one community)');
  for (const c of communityIds) if (!ctx.viewer.communityIds.includes(c)) throw new NotFoundError('community', c);
  const memberOrgIds = requireIds(input.memberOrgIds, 'input.memberOrgIds', 200);
  const orgs = await Promise.all(memberOrgIds.map((id) => ctx.models.Organization.findById(id).lean<OrganizationDoc>().exec()));
  orgs.forEach((o, i) => {
    const refusal = memberRefusal(ctx, { kind, communityIds }, o);
    if (refusal === 'NOT_FOUND') throw new NotFoundError('organization', memberOrgIds[i]!);
    if (refusal) throw new BadUserInputError(`input.memberOrgIds[${i}]`, refusal);
  });
  const retry = (first: AllianceDoc | null) => {
    if (first && first.kind === kind) return first;
    throw new ConflictError('本街道已有同名联盟 (input.name: the street has an alliance of that name)');
  };
  const found = await ctx.models.Alliance.findOne({ street, name }).lean<AllianceDoc>().exec();
  if (found) return retry(found);
  let alliance: AllianceDoc;
  try {
    alliance = (
      await ctx.models.Alliance.create({ ...(id && { _id: id }), street, name, kind, communityIds, memberOrgIds })
    ).toObject() as AllianceDoc;
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    return retry(await ctx.models.Alliance.findOne({ street, name }).lean<AllianceDoc>().exec());
  }
  await recordChanges(ctx, {
    entityType: 'Alliance',
    entityId: alliance._id,
    street,
    action: 'CREATE',
    after: { name, kind, communityIds, members: (await memberNames(ctx, memberOrgIds)).join('、') },
  });
  return alliance;
}

/** Puts a checked organisation in an alliance (once) and records it; the alliance as it is now. */
export async function joinAlliance(ctx: RegistryContext, alliance: AllianceDoc, org: OrganizationDoc): Promise<AllianceDoc> {
  if (alliance.memberOrgIds.some((m) => String(m) === String(org._id))) return alliance;
  const updated = await ctx.models.Alliance.findOneAndUpdate({ _id: alliance._id }, { $addToSet: { memberOrgIds: org._id } }, { new: true })
    .lean<AllianceDoc>()
    .exec();
  if (!updated) throw new NotFoundError('alliance', String(alliance._id));
  await recordChanges(ctx, {
    entityType: 'Alliance',
    entityId: alliance._id,
    street: alliance.street ?? ctx.viewer.street ?? null,
    action: 'UPDATE',
    extra: [{ field: 'members', before: null, after: org.name }],
  });
  return updated;
}

/** Adds a registered organisation of the alliance's communities to it (once). */
export async function addAllianceMember(ctx: RegistryContext, allianceId: string, organizationId: string): Promise<AllianceDoc> {
  requireId(allianceId, 'allianceId');
  requireId(organizationId, 'organizationId');
  const alliance = await ownAlliance(ctx, allianceId, 'allianceId');
  const org = await ctx.models.Organization.findById(organizationId).lean<OrganizationDoc>().exec();
  const refusal = memberRefusal(ctx, alliance, org);
  if (refusal === 'NOT_FOUND') throw new NotFoundError('organization', organizationId);
  if (refusal) throw new BadUserInputError('organizationId', refusal);
  return joinAlliance(ctx, alliance, org!);
}

/** Removes an organisation from an alliance; one that is not a member is BAD_USER_INPUT. */
export async function removeAllianceMember(
  ctx: RegistryContext,
  allianceId: string,
  organizationId: string,
  reasonText?: string | null,
): Promise<AllianceDoc> {
  requireId(allianceId, 'allianceId');
  const orgId = requireId(organizationId, 'organizationId');
  const reason = optionalReason(reasonText, 'reason');
  const alliance = await ownAlliance(ctx, allianceId, 'allianceId');
  if (!alliance.memberOrgIds.some((m) => String(m) === orgId))
    throw new BadUserInputError('organizationId', '不是该联盟成员 (not a member of the alliance)');
  const updated = await ctx.models.Alliance.findOneAndUpdate(
    { _id: alliance._id },
    { $pull: { memberOrgIds: new Types.ObjectId(orgId) } },
    { new: true },
  )
    .lean<AllianceDoc>()
    .exec();
  if (!updated) throw new NotFoundError('alliance', allianceId);
  await recordChanges(ctx, {
    entityType: 'Alliance',
    entityId: alliance._id,
    street: alliance.street ?? ctx.viewer.street ?? null,
    action: 'UPDATE',
    reason,
    extra: [{ field: 'members', before: (await memberNames(ctx, [orgId]))[0] ?? orgId, after: null }],
  });
  return updated;
}
