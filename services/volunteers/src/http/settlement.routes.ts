import { AppError, allowRoles, localDateTime, type Redis, type Viewer } from '@jwh/platform';
import ExcelJS from 'exceljs';
import type { Express, RequestHandler } from 'express';
import { createLoaders, type Context } from '../context.js';
import type { Models } from '../models/index.js';
import { canteenMonth, monthRedemptions } from '../services/canteen.service.js';

const yuan = (cents: number) => Math.round(cents) / 100;

/**
 * GET /exports/canteens/settlement.xlsx?month=YYYY-MM[&canteenId=…] — a canteen's monthly
 * settlement (its own; staff name the canteen): every meal, the totals and the subsidy owed.
 */
export function settlementRoutes(
  app: Express,
  deps: { models: Models; identity: RequestHandler; redis: Redis | null; queuePrefix: string },
) {
  app.get(
    '/exports/canteens/settlement.xlsx',
    deps.identity,
    allowRoles(['PARTNER', 'STREET_ADMIN', 'COMMUNITY_STAFF']),
    async (req, res) => {
      const viewer = res.locals.viewer as Viewer;
      const ctx = {
        viewer,
        models: deps.models,
        redis: deps.redis!,
        queuePrefix: deps.queuePrefix,
        loaders: createLoaders(deps.models, viewer, deps),
      } as Context;
      try {
        const month = await canteenMonth(ctx, {
          month: String(req.query.month ?? ''),
          canteenId: typeof req.query.canteenId === 'string' ? req.query.canteenId : null,
        });
        // The settlement lists every meal: its totals are summed from the meals it lists.
        const redemptions = await monthRedemptions(ctx, month);
        const listTotalCents = redemptions.reduce((s, r) => s + r.listPriceCents, 0);
        const paidTotalCents = redemptions.reduce((s, r) => s + r.paidPriceCents, 0);
        const m = {
          ...month,
          redemptions,
          meals: redemptions.length,
          listTotalCents,
          paidTotalCents,
          subsidyOwedCents: listTotalCents - paidTotalCents,
        };
        const canteen = await ctx.loaders.organization.load(m.canteenId);
        const cards = new Map(
          (await ctx.loaders.mealCard.loadMany([...new Set(m.redemptions.map((r) => String(r.cardId)))])).flatMap((c) =>
            c && !(c instanceof Error) ? [[String(c._id), c.cardNo] as const] : [],
          ),
        );
        const book = new ExcelJS.Workbook();
        const sheet = book.addWorksheet(`${m.month}结算`);
        sheet.addRow([`${canteen?.name ?? ''} ${m.month} 爱心卡助餐结算`]);
        sheet.addRow(['时间(北京时间)', '卡号', '标价(元)', '实收(元)', '补贴(元)']);
        for (const r of m.redemptions)
          sheet.addRow([
            localDateTime(r.at),
            cards.get(String(r.cardId)) ?? '',
            yuan(r.listPriceCents),
            yuan(r.paidPriceCents),
            yuan(r.listPriceCents - r.paidPriceCents),
          ]);
        sheet.addRow(['合计', `${m.meals} 餐`, yuan(m.listTotalCents), yuan(m.paidTotalCents), yuan(m.subsidyOwedCents)]);
        res.setHeader('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
        res.setHeader('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`settlement-${m.month}.xlsx`)}`);
        await book.xlsx.write(res);
        res.end();
      } catch (err) {
        const code = err instanceof AppError ? String(err.extensions.code) : 'INTERNAL_SERVER_ERROR';
        const status = code === 'BAD_USER_INPUT' ? 400 : code === 'FORBIDDEN' ? 403 : code === 'NOT_FOUND' ? 404 : 500;
        res
          .status(status)
          .json({ errors: [{ message: err instanceof AppError ? err.message : '内部错误 (internal error)', extensions: { code } }] });
      }
    },
  );
}
