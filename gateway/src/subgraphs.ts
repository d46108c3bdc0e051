import { fileURLToPath } from 'node:url';

/** The four subgraphs, in composition order, with the env variable that holds each one's URL. */
export const SUBGRAPHS = [
  { name: 'people-grids', envVar: 'SUBGRAPH_PEOPLE_GRIDS_URL', defaultUrl: 'http://localhost:4001/graphql' },
  { name: 'service-matters', envVar: 'SUBGRAPH_SERVICE_MATTERS_URL', defaultUrl: 'http://localhost:4002/graphql' },
  { name: 'volunteers', envVar: 'SUBGRAPH_VOLUNTEERS_URL', defaultUrl: 'http://localhost:4003/graphql' },
  { name: 'evaluations', envVar: 'SUBGRAPH_EVALUATIONS_URL', defaultUrl: 'http://localhost:4004/graphql' },
] as const;
export type SubgraphName = (typeof SUBGRAPHS)[number]['name'];

/** A subgraph's schema file in the monorepo (read at compose time only). */
export const schemaFileOf = (name: SubgraphName) => fileURLToPath(new URL(`../../../services/${name}/src/schema.graphql`, import.meta.url));

/** The committed supergraph the gateway serves. */
export const SUPERGRAPH_FILE = fileURLToPath(new URL('../../supergraph.graphql', import.meta.url));
