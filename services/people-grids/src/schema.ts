import { readFileSync } from 'node:fs';
import { gql } from 'graphql-tag';

/** Path of this subgraph's schema (read by the gateway's compose script too). */
export const schemaPath = new URL('../../src/schema.graphql', import.meta.url);
export const typeDefs = gql(readFileSync(schemaPath, 'utf8'));
