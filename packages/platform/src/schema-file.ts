import { readFileSync } from 'node:fs';
import { gql } from 'graphql-tag';
import type { DocumentNode } from 'graphql';

/** Parses a subgraph's `schema.graphql` (schema first: the file is the source of truth). */
export function loadTypeDefs(path: URL): DocumentNode {
  return gql(readFileSync(path, 'utf8'));
}
