import { readEach, sortRows, splitsReads } from '@jwh/platform';
import type { Context } from '../context.js';
import { DECISION_LEVELS } from '../models/service-type.model.js';

/**
 * The whole catalogue, by code. On FerretDB's PostgreSQL backend it is read as its three parts by
 * who decides (`decidedBy` is required and one of three: an equality read each, together every
 * matter), as no filter at all would be a scan; elsewhere one query.
 */
export async function listServiceTypes(ctx: Context) {
  const m = ctx.models.ServiceType;
  if (!splitsReads(m)) return m.find().sort({ code: 1 }).lean().exec();
  return sortRows(
    await readEach(
      m,
      DECISION_LEVELS.map((decidedBy) => ({ decidedBy })),
    ),
    { code: 1 },
  );
}
