import { localMonth, type Logger } from '@jwh/platform';
import type { Connection, Model } from 'mongoose';
import type { Models } from '../models/index.js';
import { matterIdOf, matterVersionIdOf, type MatterVersionDoc, type ServiceTypeDoc } from '../models/service-type.model.js';
import { termsOf } from './matter-terms.js';
import { rollForward } from './service-type.service.js';

const MARKERS = '_migrations';
const RECEIVED_MONTH = 'service-requests.receivedMonth';
const STREET_CATALOGUE = 'service-types.street';
const done = new WeakMap<Connection, Promise<void>>();

/**
 * Runs `fill` once per database: a marker records that it ran (and how many rows it filled in),
 * so later starts make one read by id. Returns what `fill` returned, or 0 when it had run before.
 */
async function once(models: Models, marker: string, fill: () => Promise<number>): Promise<number> {
  const markers = models.ServiceRequest.db.collection<{ _id: string }>(MARKERS);
  if (await markers.findOne({ _id: marker })) return 0;
  const rows = await fill();
  await markers.updateOne({ _id: marker }, { $set: { at: new Date(), rows } }, { upsert: true });
  return rows;
}

/** Sets `set(row)` on each row, 500 to a bulk write. */
async function setEach<T extends { _id: unknown }>(model: Model<any>, rows: T[], set: (row: T) => Record<string, unknown>) {
  for (let i = 0; i < rows.length; i += 500) {
    await model.bulkWrite(
      rows.slice(i, i + 500).map((r) => ({ updateOne: { filter: { _id: r._id }, update: { $set: set(r) } } })),
      { ordered: false },
    );
  }
}

/** Gives requests written before `receivedMonth` existed their month, once per database. Returns how many it filled in. */
export function fillReceivedMonth(models: Models): Promise<number> {
  return once(models, RECEIVED_MONTH, async () => {
    // One scan, once: only documents from before the field.
    const rows = await models.ServiceRequest.find({ receivedMonth: { $exists: false } }, { receivedAt: 1 })
      .lean()
      .exec();
    await setEach(models.ServiceRequest, rows, (r) => ({ receivedMonth: localMonth(r.receivedAt) }));
    return rows.length;
  });
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

/**
 * Moves a catalogue from before per-street catalogues (one list keyed by `code`) into `street`'s,
 * once per database: each matter becomes version 1 of the street's matter, and the requests and
 * bookings made under it point at that matter and version. Each step can run again after a
 * crash. Returns how many matters it moved.
 */
export function moveLegacyCatalogue(models: Models, street: string): Promise<number> {
  return once(models, STREET_CATALOGUE, async () => {
    const types = models.ServiceType.collection;
    // The old unique index on `code` alone would refuse a second street's matter of the same code.
    for (const index of ['code_1', 'decidedBy_1_code_1']) await types.dropIndex(index).catch(() => undefined);
    // One scan, once: only matters from before the street.
    const legacy = await types.find({ street: { $exists: false } }).toArray();
    for (const row of legacy) {
      const terms = termsOf(row as unknown as ServiceTypeDoc);
      const matterId = matterIdOf(street, terms.code);
      const _id = matterVersionIdOf(matterId, 1);
      await models.MatterVersion.updateOne(
        { _id },
        { $setOnInsert: { matterId, version: 1, street, ...terms, reason: null, createdBy: 'migration' } },
        { upsert: true },
      ).exec();
      await rollForward(models, (await models.MatterVersion.findById(_id).lean<MatterVersionDoc>().exec())!);
      await types.deleteOne({ _id: row._id });
    }
    const ids = (code: string) => ({ matterId: matterIdOf(street, code), matterVersionId: matterVersionIdOf(matterIdOf(street, code), 1) });
    const requests = await models.ServiceRequest.find({ matterId: { $exists: false } }, { typeCode: 1 })
      .lean()
      .exec();
    await setEach(models.ServiceRequest, requests, (r) => ids(r.typeCode));
    const bookings = await models.Appointment.find({ matterId: { $exists: false } }, { typeCode: 1 })
      .lean()
      .exec();
    await setEach(models.Appointment, bookings, (a) => ({ matterId: ids(a.typeCode).matterId }));
    return legacy.length;
  });
}
