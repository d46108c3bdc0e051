import { Schema, type InferSchemaType, type Types } from 'mongoose';

/** Kinds a new organisation is registered with (the schema's OrganizationKind). */
export const REGISTERED_ORG_KINDS = [
  'SOCIAL_ORGANIZATION',
  'CHARITY',
  'SOCIAL_SERVICE',
  'CULTURE_SPORTS',
  'SELF_ORGANISED',
  'ELDER_CANTEEN',
  'CARING_BUSINESS',
  'SCHOOL',
  'POLICE_STATION',
  'PROPERTY_COMPANY',
  'ENTERPRISE',
] as const;
/** Every kind an organisation may hold: the registered ones and `POLICE`, kept readable for rows from before the registry. */
export const ORG_KINDS = [...REGISTERED_ORG_KINDS, 'POLICE'] as const;
export const ALLIANCE_KINDS = ['ELDER_CANTEEN', 'CARING_BUSINESS', 'CORPORATE_RESPONSIBILITY', 'VOLUNTEER'] as const;

/** A social organisation or partner unit; a partner token's `org_id` is its id. */
export const organizationSchema = new Schema(
  {
    name: { type: String, required: true },
    kind: { type: String, enum: ORG_KINDS, required: true },
    registration: { type: String, enum: ['REGISTERED', 'FILED', 'UNREGISTERED'], default: 'REGISTERED' },
    services: { type: [String], default: [] },
    /** Communities it serves (an elder canteen honours the cards of these communities). */
    communityIds: { type: [Schema.Types.ObjectId], default: [], index: true },
    /** The community that registered it (its staff keep it current); null for rows from before the registry. */
    communityId: { type: Schema.Types.ObjectId, default: null },
    contactName: { type: String, default: '' },
    /** The contact's phone (masked in the change log). */
    contactPhone: { type: String, default: '' },
    /** The first of `roomIds` (rows from before the registry have only this). */
    roomId: { type: Schema.Types.ObjectId, default: null },
    /** The community rooms it is stationed in. */
    roomIds: { type: [Schema.Types.ObjectId], default: [] },
    status: { type: String, enum: ['ACTIVE', 'RETIRED'], default: 'ACTIVE' },
  },
  { timestamps: true },
);
/** One name per community: a retried registration finds the first (and names the field). */
organizationSchema.index({ communityId: 1, name: 1 }, { unique: true });
/** A community's organisations of a kind (the street settlement's canteens). */
organizationSchema.index({ communityId: 1, kind: 1 });

/** An alliance of organisations and businesses (爱心餐厅联盟, 触爱行动联盟, …). */
export const allianceSchema = new Schema(
  {
    name: { type: String, required: true },
    kind: { type: String, enum: ALLIANCE_KINDS, required: true },
    memberOrgIds: { type: [Schema.Types.ObjectId], default: [] },
    /** The street whose admin keeps it (null for rows from before the registry). */
    street: { type: String, default: null },
    /** The communities it covers. */
    communityIds: { type: [Schema.Types.ObjectId], default: [] },
  },
  { timestamps: true },
);
/** One name per street: a retried creation finds the first (and names the field). */
allianceSchema.index({ street: 1, name: 1 }, { unique: true });

/** A love card (爱心卡) for discounted meals at partner canteens. */
export const mealCardSchema = new Schema(
  {
    cardNo: { type: String, required: true, unique: true },
    residentId: { type: Schema.Types.ObjectId, required: true, unique: true },
    /** The holder's community, small grid and household, from people-grids when issued (row scoping, as people-grids scopes the holder). */
    communityId: { type: Schema.Types.ObjectId, required: true },
    gridId: { type: Schema.Types.ObjectId, default: null },
    householdId: { type: Schema.Types.ObjectId, default: null },
    validUntil: { type: String, required: true },
    status: { type: String, enum: ['ACTIVE', 'SUSPENDED'], default: 'ACTIVE' },
    /** Why it is suspended (停用), while it is. */
    suspendedReason: { type: String, default: null },
    /** Numbers it had before a replacement (补卡), oldest first: refused at the till as REPLACED. */
    formerCardNos: { type: [String], default: [] },
    /** Its replacements (`{ key, from, to, at, by, reason }`), each under the client's request id (a retry replaces once). */
    replacements: { type: [Schema.Types.Mixed], default: [] },
    /** Share of the list price the holder pays (0.5 = half price). */
    payShare: { type: Number, default: 0.5, min: 0, max: 1 },
  },
  { timestamps: true },
);

/** One meal at a canteen on a card: list price, paid price, and the subsidy owed (their difference). */
export const mealRedemptionSchema = new Schema(
  {
    clientRequestId: { type: String, required: true, unique: true },
    createdBy: { type: String, required: true },
    cardId: { type: Schema.Types.ObjectId, required: true, index: true },
    residentId: { type: Schema.Types.ObjectId, required: true },
    canteenOrgId: { type: Schema.Types.ObjectId, required: true },
    at: { type: Date, required: true },
    /** YYYY-MM (Asia/Shanghai): the settlement month. */
    month: { type: String, required: true },
    listPriceCents: { type: Number, required: true, min: 1 },
    paidPriceCents: { type: Number, required: true, min: 0 },
  },
  { versionKey: false },
);

/** A community's cards in one state (a canteen's card holders). */
mealCardSchema.index({ communityId: 1, status: 1 });
/** The card a replaced number belonged to (the till's REPLACED). */
mealCardSchema.index({ formerCardNos: 1 });
/** A canteen's meals of one month (its month and its settlement). */
mealRedemptionSchema.index({ canteenOrgId: 1, month: 1 });
/** Alliances of a member, by kind (is this organisation an elder canteen of the alliance). */
allianceSchema.index({ memberOrgIds: 1, kind: 1 });

/**
 * Read model of a canteen's month: its meals and totals, kept with each redemption (the meal and
 * the increment are written under the canteen-month's lock, so a recount under the same lock is
 * exact). `_id` derives from canteen and month: a month is read by id.
 */
export const canteenMonthSchema = new Schema(
  {
    _id: { type: Schema.Types.ObjectId },
    canteenOrgId: { type: Schema.Types.ObjectId, required: true },
    month: { type: String, required: true },
    meals: { type: Number, default: 0 },
    listTotalCents: { type: Number, default: 0 },
    paidTotalCents: { type: Number, default: 0 },
  },
  { timestamps: true, minimize: false },
);
/** The months of a canteen. */
canteenMonthSchema.index({ canteenOrgId: 1, month: 1 }, { unique: true });

export type AllianceDoc = InferSchemaType<typeof allianceSchema> & { _id: Types.ObjectId };
export type OrganizationDoc = InferSchemaType<typeof organizationSchema> & { _id: Types.ObjectId };
export type MealCardDoc = InferSchemaType<typeof mealCardSchema> & { _id: Types.ObjectId };
export type MealRedemptionDoc = InferSchemaType<typeof mealRedemptionSchema> & { _id: Types.ObjectId };
