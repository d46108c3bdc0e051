import { randomBytes } from 'node:crypto';
import {
  BadUserInputError,
  ConflictError,
  NotFoundError,
  isLocalDate,
  isObjectId,
  localDate,
  querySubgraph,
  recordChanges,
  requireId,
  requireText,
} from '@jwh/platform';
import type { Context } from '../context.js';
import type { IssueMealCardsInput, ReplaceMealCardInput } from '../__generated__/resolvers-types.js';
import { EligibleCardHoldersDocument, MealCardHolderDocument, type ElderTier } from '../__generated__/operations.js';
import type { MealCardDoc } from '../models/index.js';
import { issueCardTo, type CardHolder } from './canteen.service.js';
import { mealCardRefusal } from './meal-card-rule.js';
import { placementOf } from './resident-placement.js';

/** A love card of the viewer's communities; another community's answers NOT_FOUND. */
async function ownCard(ctx: Context, id: string, field: string): Promise<MealCardDoc> {
  const cardId = requireId(id, field);
  const card = await ctx.models.MealCard.findById(cardId).lean<MealCardDoc>().exec();
  if (!card || !ctx.viewer.communityIds.includes(String(card.communityId))) throw new NotFoundError('meal card', cardId);
  return card;
}

/** Sets a card's status (a card already in it is returned as it is: a retry records nothing) and records the change. */
async function setStatus(ctx: Context, id: string, status: 'ACTIVE' | 'SUSPENDED', reasonText: string): Promise<MealCardDoc> {
  const reason = requireText(reasonText, 'reason', 2, 200);
  const card = await ownCard(ctx, id, 'cardId');
  if (card.status === status) return card;
  const updated = await ctx.models.MealCard.findOneAndUpdate(
    { _id: card._id, status: card.status },
    { $set: { status, suspendedReason: status === 'SUSPENDED' ? reason : null } },
    { new: true },
  )
    .lean<MealCardDoc>()
    .exec();
  if (!updated) throw new ConflictError('爱心卡刚被他人更新,请重试 (the card just changed: retry)');
  await recordChanges(ctx, {
    entityType: 'MealCard',
    entityId: card._id,
    communityId: card.communityId,
    action: status === 'SUSPENDED' ? 'SUSPEND' : 'RESUME',
    reason,
    before: { status: card.status },
    after: { status },
  });
  return updated;
}

/** Suspends a love card (停用: the holder died, the card is lost …): the till answers SUSPENDED until it is resumed. */
export const suspendMealCard = (ctx: Context, id: string, reason: string) => setStatus(ctx, id, 'SUSPENDED', reason);

/** Resumes a suspended love card. */
export const resumeMealCard = (ctx: Context, id: string, reason: string) => setStatus(ctx, id, 'ACTIVE', reason);

/** Whether a card was replaced under the client's request id `key` (a retry). */
const replacedUnder = (card: MealCardDoc, key: string) => (card.replacements as { key?: string }[]).some((r) => r.key === key);

/**
 * The number of a card's `n`th replacement: `AX-DEMO-0009` → `AX-DEMO-0009-R1-7QK2M9` (random tail).
 * Whoever holds the lost card, or hears REPLACED at a till, cannot work the new number out.
 */
const replacementNo = (cardNo: string, n: number) =>
  `${cardNo.replace(/-R\d+(-[0-9A-Z]+)?$/, '')}-R${n}-${randomBytes(4).toString('hex').toUpperCase()}`;

/**
 * Replaces a love card (补卡): the card gets a new number and keeps everything else (holder,
 * validity, share, status, its meals); the old number is refused at the till (REPLACED). Idempotent
 * on clientRequestId: a retry returns the card, replaced once.
 */
export async function replaceMealCard(ctx: Context, input: ReplaceMealCardInput): Promise<MealCardDoc> {
  const key = (input.clientRequestId ?? '').trim();
  if (key.length < 8 || key.length > 100) throw new BadUserInputError('input.clientRequestId', '8–100 个字符 (8–100 characters)');
  const reason = requireText(input.reason, 'input.reason', 2, 200);
  const card = await ownCard(ctx, input.cardId, 'input.cardId');
  if (replacedUnder(card, key)) return card;
  const to = replacementNo(card.cardNo, card.formerCardNos.length + 1);
  const updated = await ctx.models.MealCard.findOneAndUpdate(
    { _id: card._id, cardNo: card.cardNo },
    {
      $set: { cardNo: to },
      $push: { formerCardNos: card.cardNo, replacements: { key, from: card.cardNo, to, at: new Date(), by: ctx.viewer.sub, reason } },
    },
    { new: true },
  )
    .lean<MealCardDoc>()
    .exec();
  if (!updated) {
    const now = await ownCard(ctx, input.cardId, 'input.cardId');
    if (replacedUnder(now, key)) return now;
    throw new ConflictError('爱心卡刚被补办,请刷新后重试 (the card was just replaced: refresh and retry)');
  }
  await recordChanges(ctx, {
    entityType: 'MealCard',
    entityId: card._id,
    communityId: card.communityId,
    action: 'REPLACE',
    reason,
    before: { cardNo: card.cardNo },
    after: { cardNo: to },
  });
  return updated;
}

/** What a bulk issue did (the schema's IssueMealCardsResult). */
export interface BulkIssue {
  considered: number;
  issued: number;
  alreadyHeld: number;
  refused: { residentId: string; reason: string }[];
  total: number | null;
  next: string | null;
}

/** The elder tiers of 70 and over, read one after another by a community's bulk issue. */
const TIERS: ElderTier[] = ['AGE_70', 'AGE_80', 'AGE_90'];

/**
 * Issues love cards to many residents: a list of ids (1–200), or a community's residents of 70 and
 * over, `first` at a time (the cursor `next` goes on where a call stopped; the counts say how far).
 * Each resident is checked as `issueMealCard` checks one (in the viewer's scope, living there, of
 * the minimum age); one already holding a card counts as already held, so a retried call issues
 * nothing twice.
 */
export async function issueMealCards(ctx: Context, input: IssueMealCardsInput): Promise<BulkIssue> {
  if (!isLocalDate(input.validUntil) || input.validUntil <= localDate())
    throw new BadUserInputError('input.validUntil', '须为将来的日期 (a future date)');
  if ((input.residentIds == null) === (input.communityId == null))
    throw new BadUserInputError('input.residentIds', '须给出居民列表或社区之一 (give the residents or the community, not both)');
  if (input.residentIds != null) return issueToList(ctx, input.residentIds, input.validUntil);
  return issueToCommunity(ctx, input);
}

/** Counts of a bulk issue so far. */
const emptyIssue = (): BulkIssue => ({ considered: 0, issued: 0, alreadyHeld: 0, refused: [], total: null, next: null });

/** Issues a card to one holder read from people-grids, counting it in `out`. */
async function issueOne(ctx: Context, out: BulkIssue, holder: CardHolder & { status: string }, validUntil: string) {
  out.considered++;
  const refusal =
    holder.status !== 'ACTIVE'
      ? '该居民已迁出或死亡 (the resident has moved out or died)'
      : mealCardRefusal(holder.age, ctx.mealCardMinAge);
  if (refusal) {
    out.refused.push({ residentId: holder.id, reason: refusal });
    return;
  }
  if (await ctx.models.MealCard.exists({ residentId: holder.id })) {
    out.alreadyHeld++;
    return;
  }
  await issueCardTo(ctx, holder, validUntil, ctx.mealCardMinAge);
  out.issued++;
}

async function issueToList(ctx: Context, ids: readonly string[], validUntil: string): Promise<BulkIssue> {
  if (!ids.length || ids.length > 200) throw new BadUserInputError('input.residentIds', '1–200 位居民 (1 to 200 residents)');
  ids.forEach((id, i) => {
    if (!isObjectId(id)) throw new BadUserInputError(`input.residentIds[${i}]`, '无效的编号 (invalid id)');
  });
  const out = emptyIssue();
  for (const id of new Set(ids)) {
    const { resident } = await querySubgraph(
      ctx.peopleGridsUrl,
      MealCardHolderDocument,
      { id },
      ctx.identity('people-grids'),
      ctx.requestId,
    );
    if (!resident) {
      out.considered++;
      out.refused.push({ residentId: id, reason: '居民不存在或不在您的范围 (no such resident in your scope)' });
      continue;
    }
    await issueOne(ctx, out, { id: resident.id, age: resident.age, status: resident.status, ...placementOf(resident) }, validUntil);
  }
  return out;
}

/** `<tier index>:<people-grids cursor>`: where a community's bulk issue goes on. */
function parseCursor(after: string | null | undefined): { tier: number; cursor: string | null } {
  if (after == null) return { tier: 0, cursor: null };
  const m = /^([0-2]):(.*)$/.exec(after);
  if (!m) throw new BadUserInputError('input.after', '无效的续查位置 (not a `next` of a previous call)');
  return { tier: Number(m[1]), cursor: m[2] || null };
}

async function issueToCommunity(ctx: Context, input: IssueMealCardsInput): Promise<BulkIssue> {
  const communityId = input.communityId!;
  if (!isObjectId(communityId) || !ctx.viewer.communityIds.includes(communityId))
    throw new BadUserInputError('input.communityId', '不在您的社区 (not your community)');
  // A page is written within the gateway's subgraph timeout (about 20 ms a card on FerretDB).
  const first = input.first ?? 50;
  if (!Number.isInteger(first) || first < 1 || first > 100)
    throw new BadUserInputError('input.first', '每次 1–100 位居民 (1 to 100 residents a call)');
  const { tier, cursor } = parseCursor(input.after);
  const read = await querySubgraph(
    ctx.peopleGridsUrl,
    EligibleCardHoldersDocument,
    { first, after: cursor, filter: { communityId, elderTier: TIERS[tier]! }, communityId },
    ctx.identity('people-grids'),
    ctx.requestId,
  );
  const out = emptyIssue();
  for (const r of read.page.nodes)
    await issueOne(ctx, out, { id: r.id, age: r.age, status: r.status, ...placementOf(r) }, input.validUntil);
  out.total = read.t70.totalCount + read.t80.totalCount + read.t90.totalCount;
  const { hasNextPage, endCursor } = read.page.pageInfo;
  out.next = hasNextPage ? `${tier}:${endCursor ?? ''}` : tier + 1 < TIERS.length ? `${tier + 1}:` : null;
  return out;
}
