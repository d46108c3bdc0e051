import { composeServices } from '@apollo/composition';
import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { SUBGRAPHS, schemaFileOf } from './subgraphs.js';

/**
 * Composes the four subgraph schemas into the supergraph SDL (@apollo/composition). Throws one
 * error listing every composition error. The URLs in it are defaults; the gateway overrides them
 * from its environment.
 */
export function composeSupergraph(): string {
  const result = composeServices(
    SUBGRAPHS.map((s) => ({ name: s.name, url: s.defaultUrl, typeDefs: parse(readFileSync(schemaFileOf(s.name), 'utf8')) })),
  );
  if (result.errors) {
    throw new Error(`supergraph composition failed:\n${result.errors.map((e) => `  - ${e.message}`).join('\n')}`);
  }
  return result.supergraphSdl;
}
