/** Names of the queues this service owns (one place, as producers and workers must agree). */
export const QUEUES = {
  gridStats: 'people-grids.grid-stats',
  registerImport: 'people-grids.register-import',
} as const;
