import { addWorkingDays, demoResidentPlacement, localDate, localMonth, seededRandom, stableObjectId, type Logger } from '@jwh/platform';
import type { Models } from '../models/index.js';
import { CHANNELS } from '../models/service-request.model.js';
import { matterIdOf, matterVersionIdOf } from '../models/service-type.model.js';
import { newMatterTerms } from '../services/matter-terms.js';
import { createMatter } from '../services/service-type.service.js';
import { CATALOGUE } from './catalogue.js';

/** The demo street (people-grids' demo communities are in it) and where its matters refer residents by default. */
export const DEMO_STREET = '东湖街道';
const SERVICE_CENTRE = '街道政务服务中心';

/** Demo requests refer to the first 100 demo residents of people-grids (`demo:resident:<n>`). */
export async function seedDemoData(m: Models, logger: Logger): Promise<void> {
  if ((await m.ServiceType.estimatedDocumentCount()) === 0) {
    // Through the same checks and writes as `addMatter`: the demo cannot hold a matter it would refuse.
    for (const entry of CATALOGUE) await createMatter(m, DEMO_STREET, newMatterTerms({ referTo: SERVICE_CENTRE, ...entry }), 'demo', null);
  }
  if ((await m.ServiceRequest.estimatedDocumentCount()) > 0) return;
  const rnd = seededRandom(5);
  const requests = [];
  for (let n = 0; n < 100; n += 2) {
    const t = CATALOGUE[Math.floor(rnd() * CATALOGUE.length)]!;
    const place = demoResidentPlacement(n);
    const receivedAt = new Date(Date.UTC(2026, 10, 2 + (n % 18), 1 + (n % 9)));
    requests.push({
      _id: stableObjectId(`demo:service-request:${n}`),
      residentId: stableObjectId(`demo:resident:${n}`),
      communityId: stableObjectId(place.communityKey),
      gridId: stableObjectId(place.gridKey),
      typeCode: t.code,
      matterId: matterIdOf(DEMO_STREET, t.code),
      matterVersionId: matterVersionIdOf(matterIdOf(DEMO_STREET, t.code), 1),
      channel: CHANNELS[Math.floor(rnd() * CHANNELS.length)],
      status: 'RECEIVED',
      clientRequestId: `demo-request-${n}`,
      receivedAt,
      receivedMonth: localMonth(receivedAt),
      dueDate: addWorkingDays(localDate(receivedAt), t.deadlineWorkingDays),
      materials: t.requiredMaterials.map((name) => ({ name, collected: false })),
      transitions: [{ from: 'NEW', to: 'RECEIVED', at: receivedAt, by: 'demo', note: '' }],
    });
  }
  await m.ServiceRequest.insertMany(requests);
  logger.info({ serviceTypes: CATALOGUE.length, requests: requests.length }, 'demo data loaded');
}
