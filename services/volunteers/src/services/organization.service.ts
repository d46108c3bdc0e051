import {
  BadUserInputError,
  ConflictError,
  NotFoundError,
  diffFields,
  isDuplicateKeyError,
  maskName,
  maskPhone,
  recordChanges,
  requireId,
  requireText,
  type Viewer,
} from '@jwh/platform';
import type { Types } from 'mongoose';
import type { Context } from '../context.js';
import type {
  RegisterCanteenInput,
  RegisterOrganizationInput,
  UpdateCanteenInput,
  UpdateOrganizationInput,
} from '../__generated__/resolvers-types.js';
import { REGISTERED_ORG_KINDS } from '../models/canteen.model.js';
import type { AllianceDoc, OrganizationDoc, RoomDoc } from '../models/index.js';
import { joinAlliance } from './alliance.service.js';
import {
  optionalReason,
  ownCommunity,
  requireIds,
  requireOneOf,
  requirePhone,
  requireTexts,
  type RegistryContext,
} from './registry-input.js';

const REGISTRATIONS = ['REGISTERED', 'FILED', 'UNREGISTERED'] as const;

/** The fields of an organisation the registry writes and the change log shows. */
interface OrgFields {
  name: string;
  kind: string;
  contactName: string;
  contactPhone: string;
  registration: string;
  services: string[];
  roomIds: string[];
  communityIds: string[];
}

/** What the change log shows of an organisation (the contact's phone masked there). */
function orgFields(o: OrganizationDoc): OrgFields {
  return {
    name: o.name,
    kind: o.kind,
    contactName: o.contactName ?? '',
    contactPhone: o.contactPhone ?? '',
    registration: o.registration,
    services: o.services,
    roomIds: roomIdsOf(o),
    communityIds: o.communityIds.map(String),
  };
}
const MASKS = { contactPhone: 'phone', contactName: 'name' } as const;

/** The rooms an organisation is stationed in (a row from before the registry has only `roomId`). */
export function roomIdsOf(o: Pick<OrganizationDoc, 'roomId' | 'roomIds'>): string[] {
  if (o.roomIds?.length) return o.roomIds.map(String);
  return o.roomId ? [String(o.roomId)] : [];
}

/** The rooms an organisation is stationed in that still exist (batched by the request's room loader). */
export async function organizationRooms(ctx: Context, o: OrganizationDoc): Promise<RoomDoc[]> {
  const rooms = await ctx.loaders.room.loadMany(roomIdsOf(o));
  return rooms.filter((r): r is RoomDoc => r != null && !(r instanceof Error));
}

/** The community that keeps an organisation: the one that registered it, else (older rows) the first it serves. */
export const homeCommunity = (o: Pick<OrganizationDoc, 'communityId' | 'communityIds'>): string | null =>
  o.communityId ? String(o.communityId) : o.communityIds[0] ? String(o.communityIds[0]) : null;

/** True when the organisation serves or belongs to one of the viewer's communities. */
function inViewerCommunities(viewer: Viewer, o: Pick<OrganizationDoc, 'communityId' | 'communityIds'>): boolean {
  const mine = new Set(viewer.communityIds);
  return (o.communityId != null && mine.has(String(o.communityId))) || o.communityIds.some((c) => mine.has(String(c)));
}

/** Rooms of `communityId` (active), each named by position when not. */
async function roomsOfCommunity(ctx: RegistryContext, communityId: string, ids: string[], field: string): Promise<string[]> {
  const rooms = await Promise.all(ids.map((id) => ctx.models.Room.findById(id).lean<RoomDoc>().exec()));
  rooms.forEach((r, i) => {
    if (!r || String(r.communityId) !== communityId || r.status === 'RETIRED')
      throw new BadUserInputError(`${field}[${i}]`, '不是本社区的房间 (not a room of this community)');
  });
  return ids;
}

/** Checks every field of a new organisation (nothing is written before all pass). */
async function newOrgFields(
  ctx: RegistryContext,
  input: Omit<RegisterOrganizationInput, 'kind'> & { kind: string },
  servedIds: string[] | null,
): Promise<OrgFields & { communityId: string }> {
  const communityId = ownCommunity(ctx, input.communityId, 'input.communityId');
  const fields = {
    name: requireText(input.name, 'input.name', 2, 60),
    kind: requireOneOf(input.kind, REGISTERED_ORG_KINDS, 'input.kind'),
    contactName: requireText(input.contactName, 'input.contactName', 2, 30),
    contactPhone: requirePhone(input.contactPhone, 'input.contactPhone'),
    registration: requireOneOf(input.registration ?? 'REGISTERED', REGISTRATIONS, 'input.registration'),
    services: requireTexts(input.services, 'input.services', 20, 30),
  };
  const roomIds = await roomsOfCommunity(ctx, communityId, requireIds(input.roomIds, 'input.roomIds', 10), 'input.roomIds');
  return { ...fields, communityId, roomIds, communityIds: servedIds ?? [communityId] };
}

const sameName = () => new ConflictError('该社区已登记同名组织 (input.name: an organisation of that name is registered in the community)');

/**
 * Writes a checked new organisation. Naturally unique (one name per community): a retry of the same
 * registration (same kind and contact phone) returns the first; another of that name is a CONFLICT.
 */
async function createOrg(
  ctx: RegistryContext,
  f: OrgFields & { communityId: string },
  id?: Types.ObjectId,
): Promise<{ org: OrganizationDoc; created: boolean }> {
  const retry = (first: OrganizationDoc | null) => {
    if (first && first.kind === f.kind && first.contactPhone === f.contactPhone && first.status !== 'RETIRED')
      return { org: first, created: false };
    throw sameName();
  };
  const found = await ctx.models.Organization.findOne({ communityId: f.communityId, name: f.name }).lean<OrganizationDoc>().exec();
  if (found) return retry(found);
  try {
    const org = (
      await ctx.models.Organization.create({ ...(id && { _id: id }), ...f, roomId: f.roomIds[0] ?? null })
    ).toObject() as OrganizationDoc;
    await recordChanges(ctx, {
      entityType: 'Organization',
      entityId: org._id,
      communityId: f.communityId,
      action: 'CREATE',
      after: { ...orgFields(org) },
      masks: MASKS,
    });
    return { org, created: true };
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    return retry(await ctx.models.Organization.findOne({ communityId: f.communityId, name: f.name }).lean<OrganizationDoc>().exec());
  }
}

/** Registers a social organisation or partner unit of one of the viewer's communities (`id`: the demo data's fixed ids). */
export async function registerOrganization(
  ctx: RegistryContext,
  input: RegisterOrganizationInput,
  id?: Types.ObjectId,
): Promise<OrganizationDoc> {
  return (await createOrg(ctx, await newOrgFields(ctx, input, null), id)).org;
}

/** An organisation the viewer's community keeps; another community's answers NOT_FOUND. */
export async function ownOrganization(ctx: RegistryContext, id: string | null | undefined, field: string): Promise<OrganizationDoc> {
  const orgId = requireId(id, field);
  const org = await ctx.models.Organization.findById(orgId).lean<OrganizationDoc>().exec();
  const home = org && homeCommunity(org);
  if (!org || !home || !ctx.viewer.communityIds.includes(home)) throw new NotFoundError('organization', orgId);
  return org;
}

type OrgPatch = Partial<Omit<OrgFields, 'communityIds'>> & { communityIds?: string[]; roomId?: string | null };

/** Writes a checked change of an organisation and its change record (nothing when nothing changes). */
async function applyOrgPatch(ctx: RegistryContext, org: OrganizationDoc, patch: OrgPatch, reason: string | null) {
  if (org.status === 'RETIRED') throw new BadUserInputError('input.id', '组织已注销 (the organisation is retired)');
  if (patch.roomIds) patch.roomId = patch.roomIds[0] ?? null;
  // The unique index guards a race; this read answers the everyday case (FerretDB's findAndModify
  // does not report a duplicate key the way MongoDB does).
  if (
    patch.name != null &&
    patch.name !== org.name &&
    (await ctx.models.Organization.exists({ communityId: org.communityId, name: patch.name }))
  )
    throw sameName();
  let updated: OrganizationDoc | null;
  try {
    updated = await ctx.models.Organization.findOneAndUpdate({ _id: org._id }, { $set: patch }, { new: true })
      .lean<OrganizationDoc>()
      .exec();
  } catch (err) {
    if (isDuplicateKeyError(err)) throw sameName();
    throw err;
  }
  if (!updated) throw new NotFoundError('organization', String(org._id));
  const before = orgFields(org);
  const after = orgFields(updated);
  if (!diffFields({ ...before }, { ...after }).length) return updated;
  await recordChanges(ctx, {
    entityType: 'Organization',
    entityId: org._id,
    communityId: homeCommunity(org),
    action: 'UPDATE',
    reason,
    before: { ...before },
    after: { ...after },
    masks: MASKS,
  });
  return updated;
}

/** The fields of an update that every organisation has, checked (only those given). */
function commonPatch(input: UpdateOrganizationInput | UpdateCanteenInput): OrgPatch {
  const patch: OrgPatch = {};
  if (input.name != null) patch.name = requireText(input.name, 'input.name', 2, 60);
  if (input.contactName != null) patch.contactName = requireText(input.contactName, 'input.contactName', 2, 30);
  if (input.contactPhone != null) patch.contactPhone = requirePhone(input.contactPhone, 'input.contactPhone');
  return patch;
}

/** Changes an organisation's name, kind, contact, registration, services or rooms (only the fields given). */
export async function updateOrganization(ctx: RegistryContext, input: UpdateOrganizationInput): Promise<OrganizationDoc> {
  requireId(input.id, 'input.id');
  const reason = optionalReason(input.reason);
  const kind = input.kind != null ? requireOneOf(input.kind, REGISTERED_ORG_KINDS, 'input.kind') : null;
  const registration = input.registration != null ? requireOneOf(input.registration, REGISTRATIONS, 'input.registration') : null;
  const services = input.services != null ? requireTexts(input.services, 'input.services', 20, 30) : null;
  const roomIds = input.roomIds != null ? requireIds(input.roomIds, 'input.roomIds', 10) : null;
  const org = await ownOrganization(ctx, input.id, 'input.id');
  const patch = commonPatch(input);
  if (kind) patch.kind = kind;
  if (registration) patch.registration = registration;
  if (services) patch.services = services;
  if (roomIds) patch.roomIds = await roomsOfCommunity(ctx, homeCommunity(org)!, roomIds, 'input.roomIds');
  return applyOrgPatch(ctx, org, patch, reason);
}

/**
 * Retires (注销) an organisation: it leaves the directory and every alliance it was in (a canteen
 * then takes no more cards). A retired organisation answers as it is.
 */
export async function retireOrganization(ctx: RegistryContext, id: string, reasonText: string): Promise<OrganizationDoc> {
  requireId(id, 'id');
  const reason = requireText(reasonText, 'reason', 2, 200);
  const org = await ownOrganization(ctx, id, 'id');
  if (org.status === 'RETIRED') return org;
  const alliances = await ctx.models.Alliance.find({ memberOrgIds: org._id }).lean<AllianceDoc[]>().exec();
  const retired = await ctx.models.Organization.findOneAndUpdate({ _id: org._id }, { $set: { status: 'RETIRED' } }, { new: true })
    .lean<OrganizationDoc>()
    .exec();
  if (!retired) throw new NotFoundError('organization', id);
  for (const a of alliances) await ctx.models.Alliance.updateOne({ _id: a._id }, { $pull: { memberOrgIds: org._id } }).exec();
  await recordChanges(ctx, {
    entityType: 'Organization',
    entityId: org._id,
    communityId: homeCommunity(org),
    action: 'RETIRE',
    reason,
    before: { status: org.status ?? 'ACTIVE' },
    after: { status: 'RETIRED' },
    extra: alliances.length ? [{ field: 'alliances', before: alliances.map((a) => a.name).join('、'), after: null }] : [],
  });
  return retired;
}

/** The communities a canteen serves, if given: the viewer's own (another's answers NOT_FOUND), at least one. */
function servedCommunities(ctx: RegistryContext, ids: readonly string[] | null | undefined): string[] | null {
  if (ids == null) return null;
  const served = requireIds(ids, 'input.servedCommunityIds', 50);
  if (!served.length) throw new BadUserInputError('input.servedCommunityIds', '至少一个社区 (at least one community)');
  for (const c of served) if (!ctx.viewer.communityIds.includes(c)) throw new NotFoundError('community', c);
  return served;
}

/**
 * Registers an elder canteen (爱心餐厅): an ELDER_CANTEEN organisation of the viewer's community, the
 * communities whose love cards it honours, and its place in an elder-canteen alliance covering its
 * community (a canteen takes cards only as a member). A retry returns the first canteen.
 */
export async function registerCanteen(ctx: RegistryContext, input: RegisterCanteenInput, id?: Types.ObjectId): Promise<OrganizationDoc> {
  const allianceId = requireId(input.allianceId, 'input.allianceId');
  const served = servedCommunities(ctx, input.servedCommunityIds);
  const fields = await newOrgFields(ctx, { ...input, kind: 'ELDER_CANTEEN', services: ['老年助餐'] }, served);
  const alliance = await ctx.models.Alliance.findById(allianceId).lean<AllianceDoc>().exec();
  // Only an alliance covering the canteen's community (one of no community, from before the registry, is no one's).
  if (!alliance || !alliance.communityIds.some((c) => String(c) === fields.communityId)) throw new NotFoundError('alliance', allianceId);
  if (alliance.kind !== 'ELDER_CANTEEN') throw new BadUserInputError('input.allianceId', '须为爱心餐厅联盟 (an elder-canteen alliance)');
  const { org } = await createOrg(ctx, fields, id);
  await joinAlliance(ctx, alliance, org);
  return org;
}

/** Changes an elder canteen's name, contact or the communities whose cards it honours. */
export async function updateCanteen(ctx: RegistryContext, input: UpdateCanteenInput): Promise<OrganizationDoc> {
  requireId(input.id, 'input.id');
  const reason = optionalReason(input.reason);
  const served = servedCommunities(ctx, input.servedCommunityIds);
  const org = await ownOrganization(ctx, input.id, 'input.id');
  if (org.kind !== 'ELDER_CANTEEN') throw new NotFoundError('canteen', input.id);
  const patch = commonPatch(input);
  if (served) patch.communityIds = served;
  return applyOrgPatch(ctx, org, patch, reason);
}

/**
 * One organisation: a partner reads its own; staff one their communities keep or are served by.
 * Anything else is null.
 */
export async function organization(ctx: RegistryContext, id: string): Promise<OrganizationDoc | null> {
  const orgId = requireId(id, 'id');
  if (ctx.viewer.role === 'PARTNER' && ctx.viewer.orgId !== orgId) return null;
  const org = await ctx.models.Organization.findById(orgId).lean<OrganizationDoc>().exec();
  if (!org) return null;
  return ctx.viewer.role === 'PARTNER' || inViewerCommunities(ctx.viewer, org) ? org : null;
}

/**
 * Registered organisations as a joint meeting names them (service matters validates its units and
 * owners with it), in the order asked: null where unknown or outside the viewer's communities.
 */
export async function meetingUnits(ctx: RegistryContext, ids: readonly string[]): Promise<(OrganizationDoc | null)[]> {
  if (!ids.length || ids.length > 20) throw new BadUserInputError('ids', '1–20 个编号 (1 to 20 ids)');
  ids.forEach((id, i) => requireId(id, `ids[${i}]`));
  const rows = await Promise.all(ids.map((id) => ctx.models.Organization.findById(id).lean<OrganizationDoc>().exec()));
  return rows.map((o) => (o && inViewerCommunities(ctx.viewer, o) ? o : null));
}

/** True when the viewer sees an organisation's contact in full: staff of a community it belongs to, or the organisation itself. */
function seesContact(viewer: Viewer, o: OrganizationDoc): boolean {
  if (viewer.role === 'PARTNER') return viewer.orgId === String(o._id);
  return ['STREET_ADMIN', 'COMMUNITY_STAFF'].includes(viewer.role) && inViewerCommunities(viewer, o);
}

/** The contact's phone: in full to {@link seesContact}, masked to anyone else. */
export function contactPhone(viewer: Viewer, o: OrganizationDoc): string | null {
  if (!o.contactPhone) return null;
  return seesContact(viewer, o) ? o.contactPhone : maskPhone(o.contactPhone);
}

/** The contact person's name: in full to {@link seesContact}, masked (王*芳) to anyone else. */
export function contactName(viewer: Viewer, o: OrganizationDoc): string | null {
  if (!o.contactName) return null;
  return seesContact(viewer, o) ? o.contactName : maskName(o.contactName);
}
