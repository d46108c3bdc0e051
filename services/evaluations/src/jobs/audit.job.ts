import { insertIdempotent, stableObjectId } from '@jwh/platform';
import { VisitsPageDocument } from '../__generated__/operations.js';
import { periodDates } from '../services/periods.js';
import { draw } from '../services/sampling.js';
import type { JobDeps } from './draw.job.js';

/** Draws k visit records per worker of the audit's community and quarter (seeded, recorded). Safe to re-run. */
export async function runAudit(deps: JobDeps, auditId: string) {
  const { models } = deps;
  const audit = await models.Audit.findById(auditId).lean().exec();
  if (!audit) throw new Error(`audit ${auditId} not found`);
  if (audit.status === 'DONE') return { auditId, status: 'DONE' };
  await models.Audit.updateOne({ _id: audit._id }, { $set: { status: 'RUNNING', failure: null } }).exec();
  const communityId = String(audit.communityId);
  const { from, to } = periodDates(audit.period);
  const visits = async function* () {
    for await (const v of deps.graph.pages(deps.graph.urls.peopleGrids, [communityId], VisitsPageDocument, 'visits', {
      filter: { communityId, from, to },
    })) {
      // Each visit is its own unit (no household rule); a worker's visits form its stratum.
      yield { id: v.id, householdId: v.id, stratum: v.staff.id };
    }
  };
  const result = await draw(visits(), { seed: audit.seed, sizeOf: () => audit.perWorker, spare: 0 });
  const items = Object.entries(result.strata).flatMap(([staffId, s]) =>
    s.sample.map((c) => ({
      _id: stableObjectId(`audit-item:${auditId}:${c.id}`),
      auditId: audit._id,
      communityId: audit.communityId,
      period: audit.period,
      visitId: c.id,
      staffId,
      rank: c.rank,
    })),
  );
  await insertIdempotent(models.AuditItem, items);
  await models.Audit.updateOne({ _id: audit._id }, { $set: { status: 'DONE' } }).exec();
  deps.logger.info({ auditId, visits: result.seen, items: items.length }, 'audit drawn');
  return { auditId, status: 'DONE', items: items.length };
}
