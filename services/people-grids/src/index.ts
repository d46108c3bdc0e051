import { createQueue, installShutdown } from '@jwh/platform';
import { startPeopleGrids } from './app.js';
import { loadEnvironment } from './environment.js';
import * as gridStats from './jobs/grid-stats.job.js';
import { QUEUES } from './jobs/queues.js';

const env = loadEnvironment();
const subgraph = await startPeopleGrids(env);
const queue = createQueue<gridStats.Payload>(QUEUES.gridStats, {
  redisUrl: env.REDIS_URL,
  prefix: env.QUEUE_PREFIX,
  logger: subgraph.logger,
});
// Demo data is recounted at every start; other data when a community's read models are behind
// this version (derived fields added by an upgrade are filled in the background).
{
  const communities = await subgraph.models.Community.find(
    env.SEED_DEMO ? {} : { readModelVersion: { $ne: gridStats.READ_MODEL_VERSION } },
    { _id: 1 },
  )
    .lean()
    .exec();
  for (const c of communities) {
    const communityId = String(c._id);
    await queue.add(gridStats.name, { communityId }, { deduplication: { id: `recount:${communityId}` } });
  }
}
installShutdown(subgraph.logger, [
  { name: 'http server and database', run: subgraph.stop },
  { name: 'queue', run: () => queue.close() },
]);
