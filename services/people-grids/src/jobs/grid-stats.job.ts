import { Types } from 'mongoose';
import { z } from 'zod';
import type { Models } from '../models/index.js';

export const name = 'recount';

/** Payload: the community whose grid household counts to recount (an id, never personal data). */
export const payloadSchema = z.object({ communityId: z.string().regex(/^[0-9a-f]{24}$/) });
export type Payload = z.infer<typeof payloadSchema>;

/**
 * Recounts the households of every grid of a community (small grids directly, big grids through
 * their small grids) and stores them on the grids. Idempotent: running it twice stores the same.
 */
export async function recountGridHouseholds(models: Models, payload: Payload): Promise<{ grids: number }> {
  const { communityId } = payloadSchema.parse(payload);
  const countBy = (field: string) =>
    models.Household.aggregate<{ _id: unknown; n: number }>([
      { $match: { communityId: new Types.ObjectId(communityId) } },
      { $group: { _id: `$${field}`, n: { $sum: 1 } } },
    ]);
  const [small, big] = await Promise.all([countBy('gridId'), countBy('bigGridId')]);
  const counts = new Map([...small, ...big].filter((r) => r._id).map((r) => [String(r._id), r.n]));
  const grids = await models.Grid.find({ communityId }, { _id: 1 }).lean().exec();
  await models.Grid.bulkWrite(
    grids.map((g) => ({ updateOne: { filter: { _id: g._id }, update: { $set: { householdCount: counts.get(String(g._id)) ?? 0 } } } })),
  );
  return { grids: grids.length };
}
