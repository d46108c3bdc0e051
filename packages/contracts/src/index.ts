// What processes agree on without importing each other: queue names and the shapes of jobs and
// events that cross a queue. No runtime dependencies beyond zod; no I/O.
export * from './queue-names.js';
export * from './reminders.js';
