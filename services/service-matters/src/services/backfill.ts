import { localMonth, type Logger } from '@jwh/platform';
import type { Connection } from 'mongoose';
import type { Models } from '../models/index.js';

const MARKERS = '_migrations';
const RECEIVED_MONTH = 'service-requests.receivedMonth';
const done = new WeakMap<Connection, Promise<void>>();

/**
 * Gives requests written before `receivedMonth` existed their month, once per database: a marker
 * records that it ran, so later starts make one read by id. Returns how many it filled in.
 */
export async function fillReceivedMonth(models: Models): Promise<number> {
  const markers = models.ServiceRequest.db.collection<{ _id: string }>(MARKERS);
  if (await markers.findOne({ _id: RECEIVED_MONTH })) return 0;
  // One scan, once: only documents from before the field.
  const rows = await models.ServiceRequest.find({ receivedMonth: { $exists: false } }, { receivedAt: 1 })
    .lean()
    .exec();
  for (let i = 0; i < rows.length; i += 500) {
    await models.ServiceRequest.bulkWrite(
      rows
        .slice(i, i + 500)
        .map((r) => ({ updateOne: { filter: { _id: r._id }, update: { $set: { receivedMonth: localMonth(r.receivedAt) } } } })),
      { ordered: false },
    );
  }
  await markers.updateOne({ _id: RECEIVED_MONTH }, { $set: { at: new Date(), rows: rows.length } }, { upsert: true });
  return rows.length;
}

/** `fillReceivedMonth` once per connection (started at start-up; period figures wait for it). */
export function backfillReceivedMonth(models: Models, logger?: Logger): Promise<void> {
  const conn = models.ServiceRequest.db;
  let running = done.get(conn);
  if (!running) {
    running = fillReceivedMonth(models).then((rows) => {
      if (rows) logger?.info({ rows }, 'service requests: receivedMonth filled in');
    });
    // A failed run is tried again by the next caller.
    running.catch(() => done.delete(conn));
    done.set(conn, running);
  }
  return running;
}
