import { BadUserInputError, ConflictError, NotFoundError, isObjectId, matcher, rowScope } from '@jwh/platform';
import type { TickMaterialsInput } from '../__generated__/resolvers-types.js';
import type { Context } from '../context.js';
import type { MaterialDoc, ServiceRequestDoc } from '../models/service-request.model.js';
import { requestScope } from '../policy.js';
import { actorOf } from './actor.js';

/** How often a tick lost to a concurrent one is retried on fresh data. */
const ATTEMPTS = 3;

/**
 * Ticks or unticks materials of a RECEIVED request one by one (所需材料逐项勾选), each with who and
 * when. Ticking a ticked one keeps its first tick (a retry changes nothing). The checklist is
 * rewritten guarded on the request's `updatedAt` (FerretDB has no positional `$`): a concurrent tick
 * of another material is retried on fresh data.
 */
export async function tickMaterials(ctx: Context, input: TickMaterialsInput): Promise<ServiceRequestDoc> {
  if (!isObjectId(input.id)) throw new BadUserInputError('input.id', '无效的编号 (invalid id)');
  const names = [...new Set(input.materials)];
  if (!names.length || names.length > 20) throw new BadUserInputError('input.materials', '1–20 项材料 (1 to 20 materials)');
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const found = await ctx.models.ServiceRequest.findById(input.id).lean().exec();
    const current = found && matcher(rowScope(ctx.viewer, requestScope))(found) ? found : null;
    if (!current) throw new NotFoundError('service request', input.id);
    if (current.status !== 'RECEIVED')
      throw new BadUserInputError('input.id', `${current.status} 的申请不能再改材料 (materials change only while RECEIVED)`);
    input.materials.forEach((name, i) => {
      if (!current.materials.some((m) => m.name === name))
        throw new BadUserInputError(`input.materials[${i}]`, `不是该申请的所需材料: ${name} (not on the request's checklist)`);
    });
    const materials = current.materials.map((m) => (names.includes(m.name ?? '') ? ticked(ctx, m, input.collected) : m));
    if (materials.every((m, i) => m === current.materials[i])) return current;
    const updated = await ctx.models.ServiceRequest.findOneAndUpdate(
      { _id: current._id, status: 'RECEIVED', updatedAt: current.updatedAt },
      { $set: { materials } },
      { new: true },
    )
      .lean()
      .exec();
    if (updated) return updated;
  }
  throw new ConflictError('该申请刚被他人更新,请刷新后重试 (the request just changed)');
}

/** A material ticked or unticked by the viewer now (the same object when it already is). */
function ticked(ctx: Context, m: MaterialDoc, collected: boolean): MaterialDoc {
  if (Boolean(m.collected) === collected) return m;
  if (!collected) return { name: m.name, collected: false, collectedAt: null, collectedBy: null, collectedByStaffId: null };
  const actor = actorOf(ctx.viewer);
  return { name: m.name, collected: true, collectedAt: new Date(), collectedBy: actor.by, collectedByStaffId: actor.byStaffId };
}
