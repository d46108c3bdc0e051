import { AppError, allowRoles, localDateTime, type Redis, type Viewer } from '@jwh/platform';
import ExcelJS from 'exceljs';
import type { Express, Request, RequestHandler } from 'express';
import { createLoaders, type Context } from '../context.js';
import type { Models } from '../models/index.js';
import { canteenMonth, monthRedemptions } from '../services/canteen.service.js';
import { streetCanteenSettlement } from '../services/street-settlement.service.js';

const yuan = (cents: number) => Math.round(cents) / 100;

type Deps = { models: Models; identity: RequestHandler; redis: Redis | null; queuePrefix: string };

/**
 * A workbook download at `path` for `roles`: `build` makes the workbook and its file name with a
 * request context; a refusal answers with its code's HTTP status and the bilingual message.
 */
function workbookRoute(
  app: Express,
  deps: Deps,
  path: string,
  roles: Viewer['role'][],
  build: (ctx: Context, req: Request) => Promise<{ book: ExcelJS.Workbook; fileName: string }>,
) {
  app.get(path, deps.identity, allowRoles(roles), async (req, res) => {
    const viewer = res.locals.viewer as Viewer;
    const ctx = {
      viewer,
      models: deps.models,
      redis: deps.redis!,
      queuePrefix: deps.queuePrefix,
      loaders: createLoaders(deps.models, viewer, deps),
    } as Context;
    try {
      const { book, fileName } = await build(ctx, req);
      res.setHeader('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      res.setHeader('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`);
      await book.xlsx.write(res);
      res.end();
    } catch (err) {
      const code = err instanceof AppError ? String(err.extensions.code) : 'INTERNAL_SERVER_ERROR';
      const status = code === 'BAD_USER_INPUT' ? 400 : code === 'FORBIDDEN' ? 403 : code === 'NOT_FOUND' ? 404 : 500;
      res
        .status(status)
        .json({ errors: [{ message: err instanceof AppError ? err.message : '内部错误 (internal error)', extensions: { code } }] });
    }
  });
}

/** The money columns of a settlement row: list, paid and subsidy, in yuan. */
const money = (t: { listTotalCents: number; paidTotalCents: number; subsidyOwedCents: number }) => [
  yuan(t.listTotalCents),
  yuan(t.paidTotalCents),
  yuan(t.subsidyOwedCents),
];

/**
 * GET /exports/canteens/street-settlement.xlsx?month=YYYY-MM — the street's love-card month (street
 * admin): a sheet of each canteen's share, a sheet of each alliance's, with the street's totals.
 */
async function streetSettlementBook(ctx: Context, req: Request) {
  const s = await streetCanteenSettlement(ctx, String(req.query.month ?? ''));
  const book = new ExcelJS.Workbook();
  const canteens = book.addWorksheet(`${s.month}各餐厅`);
  canteens.addRow([`${s.street} ${s.month} 爱心卡助餐结算(按餐厅)`]);
  canteens.addRow(['餐厅', '餐数', '标价(元)', '实收(元)', '补贴(元)']);
  for (const l of s.canteens) canteens.addRow([l.canteen.name, l.meals, ...money(l)]);
  canteens.addRow(['合计', s.meals, ...money(s)]);
  const alliances = book.addWorksheet(`${s.month}各联盟`);
  alliances.addRow([`${s.street} ${s.month} 爱心卡助餐结算(按联盟)`]);
  alliances.addRow(['联盟', '成员餐厅数', '餐数', '标价(元)', '实收(元)', '补贴(元)']);
  for (const a of s.alliances) alliances.addRow([a.alliance.name, a.canteens, a.meals, ...money(a)]);
  return { book, fileName: `street-settlement-${s.month}.xlsx` };
}

/**
 * GET /exports/canteens/settlement.xlsx?month=YYYY-MM[&canteenId=…] — a canteen's monthly
 * settlement (its own; staff name the canteen): every meal, the totals and the subsidy owed.
 */
async function canteenSettlementBook(ctx: Context, req: Request) {
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
  sheet.addRow(['合计', `${m.meals} 餐`, ...money(m)]);
  return { book, fileName: `settlement-${m.month}.xlsx` };
}

/** The canteen settlement workbooks: a canteen's month, and the street's. */
export function settlementRoutes(app: Express, deps: Deps) {
  workbookRoute(app, deps, '/exports/canteens/settlement.xlsx', ['PARTNER', 'STREET_ADMIN', 'COMMUNITY_STAFF'], canteenSettlementBook);
  workbookRoute(app, deps, '/exports/canteens/street-settlement.xlsx', ['STREET_ADMIN'], streetSettlementBook);
}
