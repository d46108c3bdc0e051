import {
  BadUserInputError,
  isDuplicateKeyError,
  localDate,
  NotFoundError,
  recordChanges,
  requireText,
  stableObjectId,
  type LocalDate,
  type Viewer,
} from '@jwh/platform';
import { Types } from 'mongoose';
import type {
  AddFacilityInput,
  InspectFacilityInput,
  LocationInput,
  QueryNearestFacilitiesArgs,
  UpdateFacilityInput,
  WorkItemInput,
} from '../__generated__/resolvers-types.js';
import type { Context } from '../context.js';
import { FACILITY_STATUSES, FACILITY_TYPES, LAT_RANGE, LNG_RANGE } from '../models/facility.model.js';
import type { FacilityDoc, WorkItemDoc } from '../models/index.js';
import { uploadsBucket } from './register-import.service.js';
import { requireDate, requireId, requireIntInRange } from './validate.js';
import { activeStaffOf, communityForWrite, gridOfCommunity, inViewerCommunities } from './write-scope.js';

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in metres (haversine). */
export function distanceMeters(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const a = Math.sin(rad(lat2 - lat1) / 2) ** 2 + Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(rad(lng2 - lng1) / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

/**
 * The nearest facilities of a type in the viewer's communities, nearest first (exact: every
 * facility of the type there is measured). A partner serves the street and sees the street's.
 */
export async function nearestFacilities(ctx: Context, args: QueryNearestFacilitiesArgs) {
  if (!(FACILITY_TYPES as readonly string[]).includes(args.type)) throw new BadUserInputError('type', 'unknown facility type');
  if (!(args.lat >= -90 && args.lat <= 90)) throw new BadUserInputError('lat', '纬度须在 -90 到 90 之间 (latitude from -90 to 90)');
  if (!(args.lng >= -180 && args.lng <= 180)) throw new BadUserInputError('lng', '经度须在 -180 到 180 之间 (longitude from -180 to 180)');
  const k = requireIntInRange(args.first, 'first', 1, 50, 5);
  const facilities = await ctx.facilities.ofType(args.type);
  const mine = ctx.viewer.role === 'PARTNER' ? null : new Set(ctx.viewer.communityIds);
  const best: { facility: (typeof facilities)[number]; d: number }[] = [];
  for (const facility of facilities) {
    if (mine && !mine.has(String(facility.communityId))) continue;
    const d = distanceMeters(args.lat, args.lng, facility.lat, facility.lng);
    if (best.length === k && d >= best[k - 1]!.d) continue;
    best.push({ facility, d });
    best.sort((a, b) => a.d - b.d || String(a.facility._id).localeCompare(String(b.facility._id)));
    if (best.length > k) best.pop();
  }
  return best.map((b) => ({ facility: b.facility, distanceMeters: Math.round(b.d) }));
}

// ─── Administration of the living map (issue 15, item 4): add, edit, retire, inspect, work items ───

/** Upload formats an inspection photo may have (`POST /uploads?filename=x.jpg|x.png`). */
export const PHOTO_FORMATS = ['JPEG', 'PNG'] as const;

const FACILITY_SHOWN = ['type', 'name', 'lat', 'lng', 'gridId', 'caretakerStaffId'] as const;
const shown = (f: Partial<FacilityDoc>) => Object.fromEntries(FACILITY_SHOWN.map((k) => [k, f[k] ?? null]));

function checkType(type: string, field: string): FacilityDoc['type'] {
  if (!(FACILITY_TYPES as readonly string[]).includes(type)) throw new BadUserInputError(field, '未知的设施类型 (unknown facility type)');
  return type as FacilityDoc['type'];
}

/** A location within the map's bounds (WGS-84 degrees). */
export function checkLocation(location: LocationInput, field: string): { lat: number; lng: number } {
  const { lat, lng } = location;
  if (!(Number.isFinite(lat) && lat >= LAT_RANGE[0] && lat <= LAT_RANGE[1]))
    throw new BadUserInputError(`${field}.lat`, '纬度须在 -90 到 90 之间 (latitude from -90 to 90)');
  if (!(Number.isFinite(lng) && lng >= LNG_RANGE[0] && lng <= LNG_RANGE[1]))
    throw new BadUserInputError(`${field}.lng`, '经度须在 -180 到 180 之间 (longitude from -180 to 180)');
  return { lat, lng };
}

const optionalText = (value: string | null | undefined, field: string, max: number) =>
  value == null || value.trim() === '' ? null : requireText(value, field, 1, max);

/**
 * A facility the viewer may administer or inspect: in its communities; a grid worker only in its
 * grids. Any other id answers NOT_FOUND.
 */
async function facilityInScope(ctx: Context, id: string, field: string): Promise<FacilityDoc> {
  requireId(id, field);
  const facility = await ctx.models.Facility.findById(id).lean<FacilityDoc>().exec();
  if (!facility || !inFacilityScope(ctx.viewer, facility)) throw new NotFoundError('facility', id);
  return facility;
}

/** Whether a facility (or a row about one: an inspection, a work item) is the viewer's to inspect: its communities, a grid worker's grids. */
export const inFacilityScope = (viewer: Viewer, row: { communityId: unknown; gridId?: unknown }): boolean =>
  viewer.communityIds.includes(String(row.communityId)) &&
  (viewer.role !== 'GRID_WORKER' || (!!row.gridId && viewer.gridIds.includes(String(row.gridId))));

const facilityChange = (f: FacilityDoc) => ({
  entityType: 'Facility',
  entityId: f._id,
  communityId: f.communityId,
  gridIds: f.gridId ? [f.gridId] : [],
});

/** Adds a facility to the living map. Retrying with the same key returns the first, writes nothing. */
export async function addFacility(ctx: Context, input: AddFacilityInput): Promise<FacilityDoc> {
  const key = requireText(input.idempotencyKey, 'input.idempotencyKey', 8, 100);
  // The id derives from the caller and the key: a retry finds its facility by a point read.
  const _id = stableObjectId(`facility:${ctx.viewer.sub}:${key}`);
  const earlier = await ctx.models.Facility.findById(_id).lean<FacilityDoc>().exec();
  if (earlier) return earlier;
  const community = await communityForWrite(ctx, input.communityId, 'input.communityId');
  const type = checkType(input.type, 'input.type');
  const name = requireText(input.name, 'input.name', 1, 60);
  const { lat, lng } = checkLocation(input.location, 'input.location');
  const grid = await gridOfCommunity(ctx, input.gridId, community._id, 'input.gridId');
  const caretaker =
    input.caretakerStaffId == null ? null : await activeStaffOf(ctx, input.caretakerStaffId, community._id, 'input.caretakerStaffId');
  let facility: FacilityDoc;
  try {
    facility = (
      await ctx.models.Facility.create({
        _id,
        communityId: community._id,
        gridId: grid._id,
        type,
        name,
        lat,
        lng,
        caretakerStaffId: caretaker?._id ?? null,
        createdBy: ctx.viewer.sub,
        idempotencyKey: key,
      })
    ).toObject() as FacilityDoc;
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    return (await ctx.models.Facility.findById(_id).lean<FacilityDoc>().exec())!;
  }
  ctx.facilities.invalidate();
  await recordChanges(ctx, { ...facilityChange(facility), action: 'CREATE', after: shown(facility) });
  return facility;
}

/** Edits a facility's type, name, location, grid or caretaker; a retired facility is not edited. */
export async function updateFacility(ctx: Context, input: UpdateFacilityInput): Promise<FacilityDoc> {
  const old = await facilityInScope(ctx, input.id, 'input.id');
  if (old.retired) throw new BadUserInputError('input.id', '设施已撤除 (the facility is retired)');
  const set: Partial<Record<(typeof FACILITY_SHOWN)[number], unknown>> = {};
  if (input.type != null) set.type = checkType(input.type, 'input.type');
  if (input.name != null) set.name = requireText(input.name, 'input.name', 1, 60);
  if (input.location != null) Object.assign(set, checkLocation(input.location, 'input.location'));
  if (input.gridId != null) set.gridId = (await gridOfCommunity(ctx, input.gridId, old.communityId, 'input.gridId'))._id;
  if (input.clearCaretaker && input.caretakerStaffId != null)
    throw new BadUserInputError('input.clearCaretaker', '不能同时指定和清除管护人 (either a caretaker or clearCaretaker)');
  if (input.caretakerStaffId != null)
    set.caretakerStaffId = (await activeStaffOf(ctx, input.caretakerStaffId, old.communityId, 'input.caretakerStaffId'))._id;
  if (input.clearCaretaker) set.caretakerStaffId = null;
  const reason = optionalText(input.reason, 'input.reason', 200);
  if (!Object.keys(set).length) return old;
  const facility = await ctx.models.Facility.findOneAndUpdate({ _id: old._id, retired: { $ne: true } }, { $set: set }, { new: true })
    .lean<FacilityDoc>()
    .exec();
  if (!facility) throw new BadUserInputError('input.id', '设施已撤除 (the facility is retired)');
  ctx.facilities.invalidate();
  await recordChanges(ctx, {
    ...facilityChange(facility),
    // A move to another grid shows to the workers of both grids.
    gridIds: [...new Set([old.gridId, facility.gridId].filter(Boolean).map(String))],
    action: 'UPDATE',
    reason,
    before: shown(old),
    after: shown(facility),
  });
  return facility;
}

/** Retires a facility: off the map and the nearest-facility answers, kept with the reason. Retiring again changes nothing. */
export async function retireFacility(ctx: Context, id: string, reasonText: string): Promise<FacilityDoc> {
  const old = await facilityInScope(ctx, id, 'id');
  const reason = requireText(reasonText, 'reason', 2, 200);
  if (old.retired) return old;
  const facility = await ctx.models.Facility.findOneAndUpdate(
    { _id: old._id, retired: { $ne: true } },
    { $set: { retired: true, retiredAt: new Date(), retiredReason: reason } },
    { new: true },
  )
    .lean<FacilityDoc>()
    .exec();
  if (!facility) return (await ctx.models.Facility.findById(old._id).lean<FacilityDoc>().exec())!;
  ctx.facilities.invalidate();
  await recordChanges(ctx, {
    ...facilityChange(facility),
    action: 'RETIRE',
    reason,
    before: { retired: false },
    after: { retired: true },
  });
  return facility;
}

async function checkPhoto(ctx: Context, uploadId: string, field: string): Promise<Types.ObjectId> {
  requireId(uploadId, field);
  const [file] = await uploadsBucket(ctx.conn)
    .find({ _id: new Types.ObjectId(uploadId) })
    .toArray();
  if (!file || !(PHOTO_FORMATS as readonly string[]).includes(file.metadata?.format))
    throw new BadUserInputError(field, '没有这张上传的照片 (no such uploaded photo: JPEG or PNG)');
  if (file.metadata?.by !== ctx.viewer.sub) throw new BadUserInputError(field, '只能使用本人上传的照片 (use your own uploads)');
  return file._id as Types.ObjectId;
}

async function checkWorkItem(ctx: Context, item: WorkItemInput, facility: FacilityDoc, field: string) {
  const title = requireText(item.title, `${field}.title`, 1, 100);
  const owner = await activeStaffOf(ctx, item.ownerStaffId, facility.communityId, `${field}.ownerStaffId`);
  const dueDate = requireDate(item.dueDate, `${field}.dueDate`);
  if (dueDate < localDate()) throw new BadUserInputError(`${field}.dueDate`, '不能早于今天 (today or later)');
  return { title, ownerStaffId: owner._id, dueDate };
}

/**
 * Records an inspection of a facility (巡查): its status now, a note, a photo uploaded first, and
 * optionally the work it opens. With an idempotency key a retry records nothing twice (the
 * inspection's and the work item's ids derive from it).
 */
export async function inspectFacility(ctx: Context, input: InspectFacilityInput): Promise<FacilityDoc> {
  const facility = await facilityInScope(ctx, input.facilityId, 'input.facilityId');
  if (!(FACILITY_STATUSES as readonly string[]).includes(input.status))
    throw new BadUserInputError('input.status', '未知的状态 (unknown status)');
  const key = input.idempotencyKey == null ? null : requireText(input.idempotencyKey, 'input.idempotencyKey', 8, 100);
  const inspectionId = key ? stableObjectId(`inspection:${ctx.viewer.sub}:${key}`) : new Types.ObjectId();
  if (key && (await ctx.models.FacilityInspection.exists({ _id: inspectionId }))) return facility;
  if (facility.retired) throw new BadUserInputError('input.facilityId', '设施已撤除 (the facility is retired)');
  const note = optionalText(input.note, 'input.note', 1000);
  const photoUploadId = input.photoUploadId == null ? null : await checkPhoto(ctx, input.photoUploadId, 'input.photoUploadId');
  const work = input.workItem == null ? null : await checkWorkItem(ctx, input.workItem, facility, 'input.workItem');

  const at = new Date();
  const workItemId = work ? stableObjectId(`work-item:${String(inspectionId)}`) : null;
  const place = { facilityId: facility._id, communityId: facility.communityId, gridId: facility.gridId ?? null };
  const ignoreRetry = (err: unknown) => {
    if (!isDuplicateKeyError(err)) throw err;
  };
  if (work)
    await ctx.models.WorkItem.create({ _id: workItemId, ...place, ...work, inspectionId, createdBy: ctx.viewer.sub }).catch(ignoreRetry);
  await ctx.models.FacilityInspection.create({
    _id: inspectionId,
    ...place,
    at,
    by: ctx.viewer.sub,
    staffId: ctx.viewer.staffId ?? null,
    status: input.status,
    note,
    photoUploadId,
    workItemId,
  }).catch(ignoreRetry);
  const updated = await ctx.models.Facility.findOneAndUpdate(
    { _id: facility._id },
    { $set: { status: input.status, lastInspectedAt: at } },
    { new: true },
  )
    .lean<FacilityDoc>()
    .exec();
  ctx.facilities.invalidate();
  const gridIds = facility.gridId ? [facility.gridId] : [];
  await recordChanges(
    ctx,
    {
      ...facilityChange(facility),
      action: 'INSPECT',
      reason: note,
      before: { status: facility.status },
      after: { status: input.status },
      extra: photoUploadId ? [{ field: 'photoUploadId', before: null, after: String(photoUploadId) }] : [],
    },
    ...(work
      ? [
          {
            entityType: 'WorkItem',
            entityId: workItemId,
            communityId: facility.communityId,
            gridIds,
            action: 'CREATE',
            after: { facilityId: facility._id, title: work.title, ownerStaffId: work.ownerStaffId, dueDate: work.dueDate },
          },
        ]
      : []),
  );
  return updated ?? facility;
}

/**
 * A work item the viewer may complete or read: in its communities; a grid worker only its own
 * (owned) items or those of its grids. Any other id answers NOT_FOUND.
 */
async function workItemInScope(ctx: Context, id: string, field: string, gridWorkerOwnOnly: boolean): Promise<WorkItemDoc> {
  requireId(id, field);
  const item = await ctx.models.WorkItem.findById(id).lean<WorkItemDoc>().exec();
  const visible =
    item &&
    inViewerCommunities(ctx, item.communityId) &&
    (ctx.viewer.role !== 'GRID_WORKER' ||
      String(item.ownerStaffId) === ctx.viewer.staffId ||
      (!gridWorkerOwnOnly && !!item.gridId && ctx.viewer.gridIds.includes(String(item.gridId))));
  if (!visible) throw new NotFoundError('work item', id);
  return item;
}

/** Marks a work item done with what was done. A grid worker completes the items it owns. Completing it again changes nothing. */
export async function completeWorkItem(ctx: Context, id: string, noteText: string): Promise<WorkItemDoc> {
  const item = await workItemInScope(ctx, id, 'id', true);
  const note = requireText(noteText, 'note', 1, 500);
  if (item.status === 'DONE') return item;
  const done = await ctx.models.WorkItem.findOneAndUpdate(
    { _id: item._id, status: 'OPEN' },
    { $set: { status: 'DONE', completedAt: new Date(), completedBy: ctx.viewer.sub, completionNote: note } },
    { new: true },
  )
    .lean<WorkItemDoc>()
    .exec();
  if (!done) return (await ctx.models.WorkItem.findById(item._id).lean<WorkItemDoc>().exec())!;
  await recordChanges(ctx, {
    entityType: 'WorkItem',
    entityId: done._id,
    communityId: done.communityId,
    gridIds: done.gridId ? [done.gridId] : [],
    action: 'COMPLETE',
    reason: note,
    before: { status: item.status },
    after: { status: done.status },
  });
  return done;
}

/** True when a work item is open past its due date (Asia/Shanghai). */
export const isOverdue = (item: Pick<WorkItemDoc, 'status' | 'dueDate'>, today: LocalDate = localDate()): boolean =>
  item.status === 'OPEN' && item.dueDate < today;

/** A community's open work items by due date (a grid worker: those of its grids and its own). */
export async function openWorkItems(ctx: Context, communityId: string): Promise<WorkItemDoc[]> {
  const community = await communityForWrite(ctx, communityId, 'communityId');
  const open = await ctx.models.WorkItem.find({ communityId: community._id, status: 'OPEN' }).lean<WorkItemDoc[]>().exec();
  const mine =
    ctx.viewer.role !== 'GRID_WORKER'
      ? open
      : open.filter((w) => String(w.ownerStaffId) === ctx.viewer.staffId || (!!w.gridId && ctx.viewer.gridIds.includes(String(w.gridId))));
  return mine.sort((a, b) => a.dueDate.localeCompare(b.dueDate) || String(a._id).localeCompare(String(b._id)));
}

/** A facility's work items: open first, then by due date. */
export const sortWorkItems = (items: WorkItemDoc[]): WorkItemDoc[] =>
  [...items].sort((a, b) => (a.status === b.status ? a.dueDate.localeCompare(b.dueDate) : a.status === 'OPEN' ? -1 : 1));
