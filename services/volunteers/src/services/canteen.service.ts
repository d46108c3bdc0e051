import {
  BadUserInputError,
  ForbiddenError,
  NotFoundError,
  isLocalDate,
  isObjectId,
  localDate,
  localMonth,
  ownRetry,
  querySubgraph,
  existing,
  isDuplicateKeyError,
} from '@jwh/platform';
import type { Context } from '../context.js';
import type {
  IssueMealCardInput,
  QueryCanteenMonthArgs,
  RedeemMealCardInput,
  RedemptionOutcome,
} from '../__generated__/resolvers-types.js';
import type { AllianceDoc, MealCardDoc, MealRedemptionDoc, OrganizationDoc } from '../models/index.js';
import { addMeal, monthTotals, type MonthTotals } from './canteen-month.js';
import { placementOf, type ResidentPlacement } from './resident-placement.js';
import { mealCardRefusal } from './meal-card-rule.js';
import { MealCardHolderDocument } from '../__generated__/operations.js';
import { readEach, sortRows, splitsReads } from '@jwh/platform';

/** What a card scan came to (the schema's RedeemResult). */
export interface Redemption {
  outcome: RedemptionOutcome;
  redemption: MealRedemptionDoc | null;
}

/** A canteen's month as the schema's CanteenMonth shows it; its meals are read when asked for (`monthRedemptions`). */
export interface CanteenMonthView extends MonthTotals {
  canteenId: string;
  month: string;
  subsidyOwedCents: number;
}

/** The canteen a partner token speaks for (an ELDER_CANTEEN organisation) and the elder-canteen alliances it is a member of (one at least). */
async function ownCanteenAndAlliances(ctx: Context) {
  const orgId = ctx.viewer.orgId;
  if (!orgId || !isObjectId(orgId)) throw new ForbiddenError('不是爱心餐厅 (not a canteen)');
  const [found, alliances] = await Promise.all([
    ctx.loaders.organization.load(orgId),
    ctx.models.Alliance.find({ memberOrgIds: orgId, kind: 'ELDER_CANTEEN' }).lean<AllianceDoc[]>().exec(),
  ]);
  const org = found?.kind === 'ELDER_CANTEEN' && found.status !== 'RETIRED' ? found : null;
  if (!org || !alliances.length) throw new ForbiddenError('不是爱心餐厅联盟成员 (not a member of the elder-canteen alliance)');
  return { org, alliances };
}

/** The canteen a partner token speaks for: an ELDER_CANTEEN organisation in an elder-canteen alliance. */
async function ownCanteen(ctx: Context) {
  return (await ownCanteenAndAlliances(ctx)).org;
}

/**
 * Whether a card is valid at a canteen: the card's alliance (an elder-canteen alliance covering the
 * holder's community) has the canteen as a member, wherever the canteen itself is (seed 002: 湖西's
 * card at all 17 restaurants of the 爱心餐厅联盟). An alliance from before the registry covers no
 * communities of its own: the canteen's communities stand in for it.
 */
function cardValidAt(card: Pick<MealCardDoc, 'communityId'>, canteen: OrganizationDoc, alliances: readonly AllianceDoc[]): boolean {
  const home = String(card.communityId);
  return alliances.some((a) => (a.communityIds.length ? a.communityIds : canteen.communityIds).some((c) => String(c) === home));
}

/**
 * A canteen redeems a card for a meal, settled to this canteen. An unknown, replaced, expired,
 * suspended or foreign card (its holder's community in none of the canteen's alliances) is refused
 * with its reason, as data. Idempotent on
 * clientRequestId: a retried scan never charges twice.
 */
export async function redeemMealCard(ctx: Context, input: RedeemMealCardInput): Promise<Redemption> {
  const key = (input.clientRequestId ?? '').trim();
  if (key.length < 8 || key.length > 100) throw new BadUserInputError('input.clientRequestId', '8–100 characters');
  if (!Number.isInteger(input.listPriceCents) || input.listPriceCents < 100 || input.listPriceCents > 50_000)
    throw new BadUserInputError('input.listPriceCents', '1–500 元,以分计 (100 to 50,000 cents)');
  const { org: canteen, alliances } = await ownCanteenAndAlliances(ctx);
  const retry = ownRetry(
    await ctx.models.MealRedemption.findOne({ clientRequestId: key }).lean().exec(),
    ctx.viewer.sub,
    'input.clientRequestId',
  );
  if (retry) return { outcome: 'REDEEMED', redemption: retry };
  const card = await ctx.models.MealCard.findOne({ cardNo: (input.cardNo ?? '').trim() })
    .lean()
    .exec();
  if (!card) {
    const replaced = await ctx.models.MealCard.exists({ formerCardNos: (input.cardNo ?? '').trim() });
    return { outcome: replaced ? 'REPLACED' : 'UNKNOWN_CARD', redemption: null };
  }
  if (!cardValidAt(card, canteen, alliances)) return { outcome: 'FOREIGN', redemption: null };
  if (card.status === 'SUSPENDED') return { outcome: 'SUSPENDED', redemption: null };
  const now = new Date();
  if (card.validUntil < localDate(now)) return { outcome: 'EXPIRED', redemption: null };
  const month = localMonth(now);
  try {
    // The meal and its canteen's month are written together (canteen-month.ts).
    const redemption = await addMeal(ctx, String(canteen._id), month, async () =>
      (
        await ctx.models.MealRedemption.create({
          clientRequestId: key,
          createdBy: ctx.viewer.sub,
          cardId: card._id,
          residentId: card.residentId,
          canteenOrgId: canteen._id,
          at: now,
          month,
          listPriceCents: input.listPriceCents,
          paidPriceCents: Math.round(input.listPriceCents * card.payShare),
        })
      ).toObject(),
    );
    return { outcome: 'REDEEMED', redemption };
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    return {
      outcome: 'REDEEMED',
      redemption: ownRetry(
        await ctx.models.MealRedemption.findOne({ clientRequestId: key }).lean().exec(),
        ctx.viewer.sub,
        'input.clientRequestId',
      ),
    };
  }
}

/** A settlement month, `YYYY-MM` (the `month` argument). */
export function requireMonth(month: string): string {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new BadUserInputError('month', '月份须为 YYYY-MM (a month, YYYY-MM)');
  return month;
}

/**
 * A canteen's month: its own meals only, with the subsidy owed (list − paid). The totals are one
 * read by id (canteen-month.ts); the meals themselves (one equality read: the canteen's month) are
 * read only when asked for.
 */
export async function canteenMonth(ctx: Context, args: QueryCanteenMonthArgs): Promise<CanteenMonthView> {
  requireMonth(args.month);
  let canteenId: string;
  if (ctx.viewer.role === 'PARTNER') {
    canteenId = String((await ownCanteen(ctx))._id);
    // Another canteen's month is not a partner's to ask for: refused, not silently answered with its own.
    if (args.canteenId != null && args.canteenId !== canteenId)
      throw new ForbiddenError('只能查看本机构的助餐结算 (a canteen sees only its own month)');
  } else {
    if (!args.canteenId || !isObjectId(args.canteenId)) throw new BadUserInputError('canteenId', '请指定餐厅 (name the canteen)');
    const org = await ctx.loaders.organization.load(args.canteenId);
    if (!(org?.kind === 'ELDER_CANTEEN' && org.communityIds.some((c) => ctx.viewer.communityIds.includes(String(c)))))
      throw new NotFoundError('canteen', args.canteenId);
    canteenId = args.canteenId;
  }
  const totals = await monthTotals(ctx, canteenId, args.month);
  return { canteenId, month: args.month, ...totals, subsidyOwedCents: totals.listTotalCents - totals.paidTotalCents };
}

/** The meals of a canteen's month (one `canteenMonth` answered), oldest first: one equality read, the canteen's month. */
export async function monthRedemptions(ctx: Context, m: CanteenMonthView): Promise<MealRedemptionDoc[]> {
  const rows = await ctx.models.MealRedemption.find({ canteenOrgId: m.canteenId, month: m.month }).lean<MealRedemptionDoc[]>().exec();
  return sortRows(rows, { at: 1, _id: 1 });
}

/** Card holders a canteen serves (the residents' names come masked from people-grids): one equality read per community it serves. */
export async function canteenCardHolders(ctx: Context) {
  const canteen = await ownCanteen(ctx);
  const m = ctx.models.MealCard;
  if (!splitsReads(m))
    return m
      .find({ communityId: { $in: canteen.communityIds }, status: 'ACTIVE' })
      .sort({ cardNo: 1 })
      .limit(200)
      .lean()
      .exec();
  const rows = await readEach(
    m,
    canteen.communityIds.map((communityId) => ({ communityId, status: 'ACTIVE' })),
  );
  return sortRows(rows, { cardNo: 1 }).slice(0, 200);
}

/** Issues a love card to a resident of the minimum age (config MEAL_CARD_MIN_AGE, default 70; the rule: meal-card-rule.ts). */
export async function issueMealCard(ctx: Context, input: IssueMealCardInput): Promise<MealCardDoc> {
  if (!isObjectId(input.residentId)) throw new BadUserInputError('input.residentId', '无效的编号 (invalid id)');
  if (!isLocalDate(input.validUntil) || input.validUntil <= localDate())
    throw new BadUserInputError('input.validUntil', '须为将来的日期 (a future date)');
  const { resident } = await querySubgraph(
    ctx.peopleGridsUrl,
    MealCardHolderDocument,
    { id: input.residentId },
    ctx.identity('people-grids'),
    ctx.requestId,
  );
  if (!resident) throw new BadUserInputError('input.residentId', '居民不存在或不在您的社区 (no such resident in your scope)');
  if (resident.status !== 'ACTIVE')
    throw new BadUserInputError('input.residentId', '该居民已迁出或死亡 (the resident has moved out or died)');
  return issueCardTo(ctx, { id: resident.id, age: resident.age, ...placementOf(resident) }, input.validUntil, ctx.mealCardMinAge);
}

/** A love card's holder as people-grids knows it: its age and where it lives (the card's row scope). */
export interface CardHolder extends Omit<ResidentPlacement, 'householdId'> {
  id: string;
  age: number;
  householdId: string | null;
}

/**
 * Issues a card to a holder read from people-grids (the demo data: from the generator's contract),
 * under the one rule (`mealCardRefusal`); once per resident (a second issue returns the first card).
 */
export async function issueCardTo(
  ctx: Pick<Context, 'models'>,
  holder: CardHolder,
  validUntil: string,
  minAge: number,
  cardNo = `AX${holder.communityId.slice(-4).toUpperCase()}${holder.id.slice(-8).toUpperCase()}`,
): Promise<MealCardDoc> {
  const refusal = mealCardRefusal(holder.age, minAge);
  if (refusal) throw new BadUserInputError('input.residentId', refusal);
  const { id: residentId, age: _age, ...placement } = holder;
  const issued = await ctx.models.MealCard.findOne({ residentId }).lean().exec();
  // A card issued before cards kept their holder's grid and household gets them now (its row scope).
  if (issued && !issued.householdId)
    return existing(
      await ctx.models.MealCard.findOneAndUpdate({ _id: issued._id }, { $set: placement }, { new: true }).lean().exec(),
      'meal card',
      issued._id,
    );
  if (issued) return issued;
  try {
    return (await ctx.models.MealCard.create({ cardNo, residentId, ...placement, validUntil })).toObject();
  } catch (err) {
    if (isDuplicateKeyError(err)) return existing(await ctx.models.MealCard.findOne({ residentId }).lean().exec(), 'meal card', residentId);
    throw err;
  }
}

/** A resident's love card, if issued (and in the viewer's row scope). */
export async function residentMealCard(ctx: Context, residentId: string): Promise<MealCardDoc | null> {
  return (await ctx.loaders.mealCardByResident.load(residentId))[0] ?? null;
}
