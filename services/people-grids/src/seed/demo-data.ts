import { localDate, type Logger, type PiiCipher } from '@jwh/platform';
import type { Models } from '../models/index.js';
import { derivedResidentFields, listBucketOf } from '../models/resident.model.js';
import { checkGeneratedMap, checkGeneratedStructure } from './check-generated.js';
import { DEMO_SCALES, generate, type DemoScale, type GeneratorOptions } from './generator.js';

/** Inserts generated data in batches; national IDs are sealed on the way in. */
export async function insertGenerated(m: Models, data: ReturnType<typeof generate>, cipher: PiiCipher, batchSize = 2_000): Promise<void> {
  checkGeneratedStructure(data);
  checkGeneratedMap(data);
  const inBatches = async (model: { insertMany: (docs: unknown[], o: object) => Promise<unknown> }, rows: unknown[]) => {
    for (let i = 0; i < rows.length; i += batchSize) await model.insertMany(rows.slice(i, i + batchSize), { ordered: false, lean: true });
  };
  const residents = data.residents.map(({ nationalId, ...r }) => ({
    ...r,
    ...derivedResidentFields(r as { birthDate: string; name: string }),
    listBucket: listBucketOf(r._id),
    nationalIdEnc: cipher.encrypt(nationalId as string),
    nationalIdHash: cipher.hash(nationalId as string),
  }));
  await inBatches(m.Community, data.communities);
  await inBatches(m.Grid, data.grids);
  await inBatches(m.StaffMember, data.staff);
  await inBatches(m.Household, data.households);
  await inBatches(m.Resident, residents);
  await inBatches(m.PublicPost, data.posts);
  await inBatches(m.DutyShift, data.duty);
  await inBatches(m.ScheduleEntry, data.schedule);
  await inBatches(m.Visit, data.visits);
  await inBatches(m.HalfDay, data.halfDays);
  await inBatches(m.Facility, data.facilities);
  await inBatches(m.Building, data.buildings);
}

/** Loads the demo data set (`scale` small for tests, full for `npm start`, district for benchmarks) when the database is empty. */
export async function seedDemoData(m: Models, logger: Logger, cipher: PiiCipher, scale: DemoScale): Promise<void> {
  if ((await m.Community.estimatedDocumentCount()) > 0) return;
  const started = Date.now();
  const options: GeneratorOptions = { ...DEMO_SCALES[scale], today: localDate() };
  const data = generate(options);
  await insertGenerated(m, data, cipher);
  await recountAllGrids(m);
  logger.info(
    {
      scale,
      households: data.households.length,
      residents: data.residents.length,
      staff: data.staff.length,
      facilities: data.facilities.length,
      ms: Date.now() - started,
    },
    'demo data loaded',
  );
}

/** Sets every grid's household count from the households (the job does the same per community). */
async function recountAllGrids(m: Models): Promise<void> {
  const { recountGridHouseholds } = await import('../jobs/grid-stats.job.js');
  for (const c of await m.Community.find({}, { _id: 1 }).lean().exec()) await recountGridHouseholds(m, { communityId: String(c._id) });
}
