import type { Context } from '../context.js';
import type { MealCardDoc, MealRedemptionDoc } from '../models/index.js';
import * as svc from '../services/canteen.service.js';

export const canteenQueries = {
  canteenMonth: (_: unknown, args: { month: string; canteenId?: string | null }, ctx: Context) => svc.canteenMonth(ctx, args),
  canteenCardHolders: (_: unknown, __: unknown, ctx: Context) => svc.canteenCardHolders(ctx),
};

export const canteenMutations = {
  redeemMealCard: (_: unknown, args: { input: Parameters<typeof svc.redeemMealCard>[1] }, ctx: Context) => svc.redeemMealCard(ctx, args.input),
  issueMealCard: (_: unknown, args: { input: { residentId: string; validUntil: string } }, ctx: Context) => svc.issueMealCard(ctx, args.input, ctx.mealCardMinAge),
};

export const MealCard = {
  id: (c: MealCardDoc) => String(c._id),
  resident: (c: MealCardDoc) => ({ id: String(c.residentId) }),
};

export const MealRedemption = {
  id: (r: MealRedemptionDoc) => String(r._id),
  at: (r: MealRedemptionDoc) => r.at.toISOString(),
  card: (r: MealRedemptionDoc, _: unknown, ctx: Context) => ctx.loaders.mealCard.load(String(r.cardId)),
};
