import { ConflictError, existing, ForbiddenError, isDuplicateKeyError, NotFoundError, recordChanges } from '@jwh/platform';
import type { CreateCommunityInput } from '../__generated__/resolvers-types.js';
import type { Context } from '../context.js';
import { READ_MODEL_VERSION } from '../jobs/grid-stats.job.js';
import type { CommunityDoc } from '../models/index.js';
import { checkCommunityName } from './structure-rules.js';
import { requireId } from './validate.js';

/** The viewer's communities by name: point reads of the ids its token carries (scope checked on each). */
export async function listCommunities(ctx: Context): Promise<CommunityDoc[]> {
  const found = await ctx.scoped.community().loadMany(ctx.viewer.communityIds ?? []);
  return found
    .filter((c): c is CommunityDoc => Boolean(c) && !(c instanceof Error))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * Creates a community in the street admin's own street (`input.street`, when given, must be it).
 * Names are unique within a street: the same caller asking again gets the community it created
 * (a retry), anyone else CONFLICT naming `input.name`. The new community starts with empty read
 * models; its id reaches the admin's token through the identity provider.
 */
export async function createCommunity(ctx: Context, input: CreateCommunityInput): Promise<CommunityDoc> {
  const name = checkCommunityName(input.name, 'input.name');
  const street = ctx.viewer.street;
  if (!street) throw new ForbiddenError('令牌未注明街道 (the token names no street)');
  if (input.street != null && input.street.trim() !== street)
    throw new ForbiddenError('只能在本街道建立社区 (communities are created in your own street only)');
  const { Community } = ctx.models;
  const taken = () => Community.findOne({ street, name }).lean<CommunityDoc>().exec();
  const earlier = await taken();
  if (earlier) return sameCreator(earlier, ctx.viewer.sub, name);
  let created: CommunityDoc;
  try {
    created = (await Community.create({ name, street, createdBy: ctx.viewer.sub, readModelVersion: READ_MODEL_VERSION })).toObject();
  } catch (err) {
    if (isDuplicateKeyError(err)) return sameCreator(existing(await taken(), 'community', name), ctx.viewer.sub, name);
    throw err;
  }
  await recordChanges(ctx, {
    entityType: 'Community',
    entityId: created._id,
    communityId: created._id,
    street,
    action: 'CREATE',
    after: { name, street },
  });
  return created;
}

function sameCreator(found: CommunityDoc, sub: string, name: string): CommunityDoc {
  if (found.createdBy !== sub)
    throw new ConflictError(`input.name: 本街道已有名为「${name}」的社区 (a community named ${name} already exists in this street)`);
  return found;
}

/** Renames one of the street admin's communities; the name stays unique within the street. */
export async function renameCommunity(ctx: Context, id: string, rawName: string): Promise<CommunityDoc> {
  const name = checkCommunityName(rawName, 'name');
  requireId(id, 'id');
  const community = await ctx.scoped.community().load(id);
  if (!community) throw new NotFoundError('community', id);
  if (community.name === name) return community;
  const clash = await ctx.models.Community.findOne({ street: community.street, name }).lean().exec();
  if (clash) throw new ConflictError(`name: 本街道已有名为「${name}」的社区 (a community named ${name} already exists in this street)`);
  let renamed: CommunityDoc | null;
  try {
    renamed = await ctx.models.Community.findOneAndUpdate({ _id: community._id, name: community.name }, { $set: { name } }, { new: true })
      .lean<CommunityDoc>()
      .exec();
  } catch (err) {
    if (isDuplicateKeyError(err))
      throw new ConflictError(`name: 本街道已有名为「${name}」的社区 (a community named ${name} already exists in this street)`);
    throw err;
  }
  if (!renamed) throw new ConflictError('该社区刚被他人改名,请刷新后重试 (the community was just renamed by someone else)');
  await recordChanges(ctx, {
    entityType: 'Community',
    entityId: community._id,
    communityId: community._id,
    street: community.street,
    action: 'UPDATE',
    before: { name: community.name },
    after: { name },
  });
  return renamed;
}
