import { QUEUE_NAMES } from '@jwh/contracts';

/** Names of the queues this service owns (one place, as producers and workers must agree). */
export const QUEUES = { gridStats: QUEUE_NAMES.gridStats, registerImport: QUEUE_NAMES.registerImport } as const;
