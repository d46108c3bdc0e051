import { ForbiddenError, readEach } from '@jwh/platform';
import type { Context } from '../context.js';
import type { AllianceDoc, OrganizationDoc } from '../models/index.js';
import { monthTotals, type MonthTotals } from './canteen-month.js';
import { requireMonth } from './canteen.service.js';

/** One canteen's or alliance's share of a month, with the subsidy owed (list − paid). */
export interface SettlementTotals extends MonthTotals {
  subsidyOwedCents: number;
}

/** A street's month as the schema's StreetCanteenSettlement shows it. */
export interface StreetSettlement extends SettlementTotals {
  street: string;
  month: string;
  canteens: (SettlementTotals & { canteen: OrganizationDoc })[];
  alliances: (SettlementTotals & { alliance: AllianceDoc; canteens: number })[];
}

const withSubsidy = (t: MonthTotals): SettlementTotals => ({ ...t, subsidyOwedCents: t.listTotalCents - t.paidTotalCents });

const sum = (rows: readonly MonthTotals[]): SettlementTotals =>
  withSubsidy({
    meals: rows.reduce((s, r) => s + r.meals, 0),
    listTotalCents: rows.reduce((s, r) => s + r.listTotalCents, 0),
    paidTotalCents: rows.reduce((s, r) => s + r.paidTotalCents, 0),
  });

/**
 * The canteens of a street: the members of its elder-canteen alliances and the elder canteens its
 * communities registered (one equality read each: the street's alliances, a community's canteens;
 * members by id).
 */
async function streetCanteens(ctx: Context, street: string) {
  const [alliances, registered] = await Promise.all([
    ctx.models.Alliance.find({ street, kind: 'ELDER_CANTEEN' }).lean<AllianceDoc[]>().exec(),
    readEach(
      ctx.models.Organization,
      ctx.viewer.communityIds.map((communityId) => ({ communityId, kind: 'ELDER_CANTEEN' })),
    ) as Promise<OrganizationDoc[]>,
  ]);
  const members = await ctx.loaders.organization.loadMany([...new Set(alliances.flatMap((a) => a.memberOrgIds.map(String)))]);
  const byId = new Map<string, OrganizationDoc>();
  for (const o of [...registered, ...members]) if (o && !(o instanceof Error) && o.kind === 'ELDER_CANTEEN') byId.set(String(o._id), o);
  return { alliances, canteens: [...byId.values()].sort((a, b) => a.name.localeCompare(b.name, 'zh')) };
}

/**
 * A street's love-card month (street admin): each canteen's meals and the subsidy owed to it (its
 * month's read model, one read by id), each alliance's (its members' summed: a canteen in two
 * alliances counts in both), and the street's totals (each canteen once).
 */
export async function streetCanteenSettlement(ctx: Context, month: string): Promise<StreetSettlement> {
  requireMonth(month);
  const street = ctx.viewer.street;
  if (!street) throw new ForbiddenError('没有所属街道 (no street on this token)');
  const { alliances, canteens } = await streetCanteens(ctx, street);
  const lines = await Promise.all(
    canteens.map(async (canteen) => ({ canteen, ...withSubsidy(await monthTotals(ctx, String(canteen._id), month)) })),
  );
  const byCanteen = new Map(lines.map((l) => [String(l.canteen._id), l]));
  return {
    street,
    month,
    canteens: lines,
    alliances: alliances.map((alliance) => {
      const members = alliance.memberOrgIds.flatMap((id) => byCanteen.get(String(id)) ?? []);
      return { alliance, canteens: members.length, ...sum(members) };
    }),
    ...sum(lines),
  };
}
