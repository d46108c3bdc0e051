import { PiiCipher, createWorker, openWorkerProcess, scrubPii, serveWorkerProcess, validated } from '@jwh/platform';
import { UnrecoverableError } from 'bullmq';
import { loadEnvironment } from './environment.js';
import * as gridStats from './jobs/grid-stats.job.js';
import { QUEUES } from './jobs/queues.js';
import * as registerImport from './jobs/register-import.job.js';
import { registerModels } from './models/index.js';
import { RegisterFileError, runRegisterImport } from './services/register-import.service.js';

const env = loadEnvironment();
const { logger, metrics, conn, changeLog, connection } = await openWorkerProcess('people-grids-worker', env, 'people_grids');
const models = registerModels(conn);
const cipher = new PiiCipher(env.PII_ENCRYPTION_KEY, env.PII_HASH_KEY);

const workers = [
  createWorker<gridStats.Payload>(
    QUEUES.gridStats,
    validated(gridStats.payloadSchema, (p) => gridStats.recountGridHouseholds(models, p)),
    connection,
  ),
  createWorker<registerImport.Payload>(
    QUEUES.registerImport,
    async (job) => {
      const parsed = registerImport.payloadSchema.safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError('invalid payload');
      try {
        return await runRegisterImport(conn, models, cipher, parsed.data.importJobId, logger, undefined, changeLog);
      } catch (err) {
        // A file that cannot be read as a register fails at once; anything else is retried with
        // backoff (the import starts over, idempotently) and fails on the last attempt.
        const permanent = err instanceof RegisterFileError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        const failure = scrubPii((err as Error).message).slice(0, 300);
        await models.ImportJob.updateOne(
          { _id: parsed.data.importJobId },
          { $set: permanent ? { status: 'FAILED', failure, finishedAt: new Date() } : { status: 'QUEUED', failure } },
        ).exec();
        throw permanent ? new UnrecoverableError(failure) : new Error(failure);
      }
    },
    { ...connection, concurrency: 1 },
  ),
];
await serveWorkerProcess({ name: 'people-grids-worker', env, logger, metrics, conn, workers, queues: Object.values(QUEUES) });
