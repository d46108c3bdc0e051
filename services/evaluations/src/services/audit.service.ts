import { BadUserInputError, ConflictError, NotFoundError, isDuplicateKeyError, existing } from '@jwh/platform';
import type { Context } from '../context.js';
import { AUDIT_RESULTS, type AuditItemDoc } from '../models/audit.model.js';
import { requireCommunity, requireId } from './access.js';
import { requireQuarter } from './periods.js';

/** Queues a quarter's audit of a community (one per community and quarter; the same seed again returns it). */
export async function startAudit(ctx: Context, input: { communityId: string; period: string; perWorker: number; seed: string }) {
  const communityId = requireId(input.communityId, 'input.communityId');
  requireCommunity(ctx.viewer, communityId, 'input.communityId');
  const period = requireQuarter(input.period, 'input.period');
  if (!Number.isInteger(input.perWorker) || input.perWorker < 1 || input.perWorker > 50)
    throw new BadUserInputError('input.perWorker', '须为 1–50 (1–50)');
  const seed = (input.seed ?? '').trim();
  if (seed.length < 4 || seed.length > 200) throw new BadUserInputError('input.seed', '长度须为 4–200 个字符 (4–200 characters)');
  let audit = await ctx.models.Audit.findOne({ communityId, period }).lean().exec();
  if (!audit) {
    try {
      audit = (
        await ctx.models.Audit.create({ communityId, period, perWorker: input.perWorker, seed, requestedBy: ctx.viewer.sub })
      ).toObject();
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      audit = await ctx.models.Audit.findOne({ communityId, period }).lean().exec();
    }
  }
  if (audit!.seed !== seed || audit!.perWorker !== input.perWorker)
    throw new ConflictError('本季度已抽查,不可重抽 (this quarter was audited with another seed or size)');
  if (audit!.status === 'FAILED')
    await ctx.models.Audit.updateOne({ _id: audit!._id, status: 'FAILED' }, { $set: { status: 'QUEUED' } }).exec();
  if (audit!.status === 'QUEUED' || audit!.status === 'FAILED') {
    await ctx.sampling.add(
      'audit',
      { auditId: String(audit!._id) },
      { jobId: `audit-${String(audit!._id)}-${audit!.updatedAt?.getTime() ?? 0}` },
    );
  }
  return existing(await ctx.models.Audit.findById(audit!._id).lean().exec(), 'audit', String(audit!._id));
}

export async function findAudit(ctx: Context, id: string) {
  const audit = await ctx.models.Audit.findById(requireId(id, 'id')).lean().exec();
  return audit && ctx.viewer.communityIds.includes(String(audit.communityId)) ? audit : null;
}

export function listAudits(ctx: Context, args: { communityId: string; period?: string | null }) {
  const communityId = requireId(args.communityId, 'communityId');
  requireCommunity(ctx.viewer, communityId);
  return ctx.models.Audit.find({ communityId, ...(args.period ? { period: requireQuarter(args.period) } : {}) })
    .sort({ period: -1 })
    .lean()
    .exec();
}

/** Records what the check of one drawn visit found; NOT_FOUND and DISCREPANCY need a note. */
export async function recordAuditCheck(ctx: Context, input: { itemId: string; result: string; note?: string | null }) {
  const item = await ctx.models.AuditItem.findById(requireId(input.itemId, 'input.itemId')).lean().exec();
  if (!item || !ctx.viewer.communityIds.includes(String(item.communityId))) throw new NotFoundError('audit item', input.itemId);
  if (!(AUDIT_RESULTS as readonly string[]).includes(input.result) || input.result === 'PENDING')
    throw new BadUserInputError(
      'input.result',
      '须为 VERIFIED(属实)、NOT_FOUND(查无此事)或 DISCREPANCY(有出入)(VERIFIED, NOT_FOUND or DISCREPANCY)',
    );
  const note = input.note?.trim() || null;
  if (input.result !== 'VERIFIED' && (!note || note.length < 4))
    throw new BadUserInputError('input.note', '未找到或不符须写明情况 (a note is required)');
  if (note && note.length > 500) throw new BadUserInputError('input.note', '最多 500 个字符 (at most 500 characters)');
  const checked = await ctx.models.AuditItem.findOneAndUpdate(
    { _id: item._id },
    { $set: { result: input.result, note, checkedBy: ctx.viewer.sub, checkedAt: new Date() } },
    { new: true },
  )
    .lean()
    .exec();
  return existing(checked, 'audit item', input.itemId);
}

/** Per worker: drawn, and how many checks found what. */
export function auditSummary(items: AuditItemDoc[]) {
  const per = new Map<
    string,
    { worker: { id: string }; drawn: number; verified: number; notFound: number; discrepancy: number; pending: number }
  >();
  for (const i of items) {
    const key = String(i.staffId);
    const s = per.get(key) ?? { worker: { id: key }, drawn: 0, verified: 0, notFound: 0, discrepancy: 0, pending: 0 };
    s.drawn++;
    if (i.result === 'VERIFIED') s.verified++;
    else if (i.result === 'NOT_FOUND') s.notFound++;
    else if (i.result === 'DISCREPANCY') s.discrepancy++;
    else s.pending++;
    per.set(key, s);
  }
  return [...per.values()];
}
