import { loadTypeDefs } from '@jwh/platform';

/** This subgraph's schema file (the gateway's compose script reads it too). */
export const schemaPath = new URL('../../src/schema.graphql', import.meta.url);
export const typeDefs = loadTypeDefs(schemaPath);
