// What processes agree on without importing each other: queue names, the shapes of jobs and
// events that cross a queue, the root fields the gateway answers without a token. No runtime
// dependencies beyond zod; no I/O.
export * from './queue-names.js';
export * from './reminders.js';
export * from './public-fields.js';
