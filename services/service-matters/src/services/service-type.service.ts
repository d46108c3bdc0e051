import {
  BadUserInputError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  isDuplicateKeyError,
  recordChanges,
  requireText,
  sortRows,
} from '@jwh/platform';
import type { AddMatterInput, UpdateMatterInput } from '../__generated__/resolvers-types.js';
import type { Context } from '../context.js';
import type { Models } from '../models/index.js';
import { MATTER_CODE, matterIdOf, matterVersionIdOf, type MatterVersionDoc, type ServiceTypeDoc } from '../models/service-type.model.js';
import { changedMatterTerms, differingTerms, newMatterTerms, requireCode, termsOf, type MatterTerms } from './matter-terms.js';
import { streetOfCommunity } from './people-grids.client.js';

/**
 * The street whose catalogue the viewer reads: a street admin's own (`street` claim), otherwise
 * the street of the viewer's first community as people-grids knows it (remembered by the process:
 * a community does not change street). Null for a viewer with neither (ops, partners).
 */
export async function viewerStreet(ctx: Context): Promise<string | null> {
  if (ctx.viewer.street) return ctx.viewer.street;
  const communityId = ctx.viewer.communityIds[0];
  if (!communityId) return null;
  const known = ctx.communityStreets.get(communityId);
  if (known) return known;
  const street = await streetOfCommunity(ctx.peopleGridsUrl, communityId, ctx.identity('people-grids'), ctx.requestId);
  if (street) ctx.communityStreets.set(communityId, street);
  return street;
}

/** The street a street admin edits: its own (a token without one may edit nothing). */
function adminStreet(ctx: Context): string {
  if (!ctx.viewer.street) throw new ForbiddenError('令牌未注明所属街道 (the token names no street)');
  return ctx.viewer.street;
}

/** The viewer's street's catalogue by code (one equality read of tens of rows), retired matters only when asked. */
export async function listMatters(ctx: Context, includeRetired = false) {
  const street = await viewerStreet(ctx);
  if (!street) return [];
  const rows = await ctx.models.ServiceType.find({ street }).lean<ServiceTypeDoc[]>().exec();
  return sortRows(
    rows.filter((r) => includeRetired || !r.retiredAt),
    { code: 1 },
  );
}

/** A matter of the viewer's street by code (a read by id), or null. */
export async function findMatter(ctx: Context, code: string) {
  const street = await viewerStreet(ctx);
  if (!street || !MATTER_CODE.test(code)) return null;
  return ctx.loaders.matter.load(String(matterIdOf(street, code)));
}

/**
 * The matter a new request or booking in `street` is for, open to new requests, or BAD_USER_INPUT
 * naming `field`.
 */
export async function openMatter(ctx: Context, street: string, code: string, field: string): Promise<ServiceTypeDoc> {
  const matter = MATTER_CODE.test(code) ? await ctx.loaders.matter.load(String(matterIdOf(street, code))) : null;
  if (!matter) throw new BadUserInputError(field, '没有这个事项 (no such matter in the catalogue)');
  if (matter.retiredAt) throw new BadUserInputError(field, '该事项已停办 (this matter is retired: no new requests)');
  return matter;
}

/** A matter's versions, oldest first. */
export function matterVersions(ctx: Context, matter: ServiceTypeDoc) {
  return ctx.loaders.matterVersions.load(String(matter._id));
}

/**
 * Makes the street's matter document hold version `v` unless it already holds that one or a later
 * one: one idempotent upsert, so a write that stopped between the version and the matter is
 * completed by whoever comes next.
 */
export async function rollForward(m: Models, v: MatterVersionDoc): Promise<void> {
  try {
    await m.ServiceType.updateOne(
      { _id: v.matterId, version: { $lt: v.version } },
      { $set: { street: v.street, ...termsOf(v), version: v.version, versionId: v._id } },
      { upsert: true },
    ).exec();
  } catch (err) {
    // The matter holds this version or a later one already.
    if (!isDuplicateKeyError(err)) throw err;
  }
}

/**
 * Writes version `version` of a matter (its id is the claim: a concurrent writer of the same
 * version gets CONFLICT naming `field`) and brings the matter to it.
 */
async function writeVersion(
  m: Models,
  street: string,
  terms: MatterTerms,
  version: number,
  by: { createdBy: string; reason: string | null },
  field: string,
): Promise<ServiceTypeDoc> {
  const matterId = matterIdOf(street, terms.code);
  const _id = matterVersionIdOf(matterId, version);
  let written: MatterVersionDoc;
  try {
    written = (await m.MatterVersion.create({ _id, matterId, version, street, ...terms, ...by })).toObject() as MatterVersionDoc;
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    // Someone wrote this version first (or a write stopped half-way): complete theirs, refuse ours.
    const theirs = await m.MatterVersion.findById(_id).lean<MatterVersionDoc>().exec();
    if (theirs) await rollForward(m, theirs);
    throw new ConflictError(
      version === 1
        ? `${field}: 本街道已有该编码的事项 (the street's catalogue has this code already)`
        : `${field}: 该事项刚被他人修改,请刷新后重试 (the matter just changed: reload and retry)`,
    );
  }
  await rollForward(m, written);
  return (await m.ServiceType.findById(matterId).lean<ServiceTypeDoc>().exec())!;
}

/**
 * Adds a matter (version 1) to `street`'s catalogue from checked terms: the mutation and the demo
 * catalogue both write through here. A code the street has already is CONFLICT on `input.code`.
 */
export async function createMatter(m: Models, street: string, terms: MatterTerms, createdBy: string, reason: string | null) {
  if (await m.ServiceType.exists({ _id: matterIdOf(street, terms.code) }).exec())
    throw new ConflictError(`input.code: 本街道已有该编码的事项 (the street's catalogue has this code already)`);
  return writeVersion(m, street, terms, 1, { createdBy, reason }, 'input.code');
}

/** What the change log shows of a matter's terms. */
const shown = (t: MatterTerms, fields: readonly string[], version: number) =>
  Object.fromEntries([...fields.map((f) => [f, t[f as keyof MatterTerms]]), ['version', version]]);

/** `addMatter`: a street admin adds a matter to its street's catalogue, recorded in the change log. */
export async function addMatter(ctx: Context, input: AddMatterInput) {
  const street = adminStreet(ctx);
  const terms = newMatterTerms(input);
  const reason = requireText(input.reason, 'input.reason', 0, 200) || null;
  const matter = await createMatter(ctx.models, street, terms, ctx.viewer.sub, reason);
  await recordChanges(ctx, {
    entityType: 'ServiceType',
    entityId: matter._id,
    communityId: null,
    street,
    action: 'CREATE',
    reason,
    before: null,
    after: shown(terms, Object.keys(terms), 1),
  });
  return matter;
}

/** The street admin's matter `code`, or NOT_FOUND (another street's matters are not there to find). */
async function ownMatter(ctx: Context, street: string, code: string, field: string): Promise<ServiceTypeDoc> {
  const matter = await ctx.loaders.matter.load(String(matterIdOf(street, requireCode(code, field))));
  if (!matter) throw new NotFoundError('matter', code);
  return matter;
}

/**
 * `updateMatter`: the given terms replace the current ones in a new version, which requests
 * created from now on follow (older requests keep theirs). A change that changes nothing writes
 * nothing and returns the matter; a retired matter is not changed.
 */
export async function updateMatter(ctx: Context, input: UpdateMatterInput) {
  const street = adminStreet(ctx);
  const code = requireCode(input.code, 'input.code');
  const reason = requireText(input.reason, 'input.reason', 2, 200);
  const current = await ownMatter(ctx, street, code, 'input.code');
  if (current.retiredAt) throw new BadUserInputError('input.code', '该事项已停办,不能修改 (this matter is retired: it cannot change)');
  const before = termsOf(current);
  const after = changedMatterTerms(before, input);
  const fields = differingTerms(before, after);
  if (!fields.length) return current;
  const matter = await writeVersion(ctx.models, street, after, current.version + 1, { createdBy: ctx.viewer.sub, reason }, 'input.code');
  await recordChanges(ctx, {
    entityType: 'ServiceType',
    entityId: matter._id,
    communityId: null,
    street,
    action: 'UPDATE',
    reason,
    before: shown(before, fields, current.version),
    after: shown(after, fields, matter.version),
  });
  return matter;
}

/** `retireMatter`: no new requests or bookings from now on; requests already taken keep their version. Idempotent. */
export async function retireMatter(ctx: Context, code: string, reasonText: string) {
  const street = adminStreet(ctx);
  requireCode(code, 'code');
  const reason = requireText(reasonText, 'reason', 2, 200);
  const current = await ownMatter(ctx, street, code, 'code');
  if (current.retiredAt) return current;
  const retiredAt = new Date();
  const matter = await ctx.models.ServiceType.findOneAndUpdate(
    { _id: current._id, retiredAt: null },
    { $set: { retiredAt, retiredReason: reason } },
    { new: true },
  )
    .lean<ServiceTypeDoc>()
    .exec();
  // Retired by a concurrent call: that one recorded it.
  if (!matter) return (await ctx.models.ServiceType.findById(current._id).lean<ServiceTypeDoc>().exec())!;
  await recordChanges(ctx, {
    entityType: 'ServiceType',
    entityId: matter._id,
    communityId: null,
    street,
    action: 'RETIRE',
    reason,
    before: { retiredAt: null },
    after: { retiredAt },
  });
  return matter;
}
