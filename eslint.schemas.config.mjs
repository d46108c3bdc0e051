// @graphql-eslint on each subgraph's schema.graphql (run by scripts/hygiene.mjs): descriptions,
// naming, and the Relay connection rules where a field pages.
import graphql from '@graphql-eslint/eslint-plugin';
import { readdirSync } from 'node:fs';

const services = readdirSync('services', { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

const namingConvention = graphql.configs['flat/schema-recommended'].rules['@graphql-eslint/naming-convention'][1];

// One graphql-config project per subgraph: the plugin loads the config once per process, and each
// schema file is checked against its own subgraph's schema.
const projects = Object.fromEntries(
  services.map((service) => [service, { schema: [`services/${service}/src/schema.graphql`, 'scripts/hygiene/federation.graphql'] }]),
);

export default [
  {
    files: ['services/*/src/schema.graphql'],
    languageOptions: { parser: graphql.parser, parserOptions: { graphQLConfig: { projects } } },
    plugins: { '@graphql-eslint': graphql },
    rules: {
      ...graphql.configs['flat/schema-recommended'].rules,
      // Public names clients already use (ServiceType, TypeReferrals, Rate.rate) stay.
      '@graphql-eslint/naming-convention': ['error', { ...namingConvention, 'ObjectTypeDefinition,ObjectTypeExtension': {} }],
      '@graphql-eslint/no-typename-prefix': 'off',
      // A subgraph's entities are reached through `_entities`, which the subgraph schema file does not show.
      '@graphql-eslint/no-unreachable-types': 'off',
      // Value types (counts, figures, windows) have no identity of their own.
      '@graphql-eslint/strict-id-in-types': 'off',
      ...graphql.configs['flat/schema-relay'].rules,
      // Our connections page forwards only (first/after, hasNextPage/endCursor).
      '@graphql-eslint/relay-arguments': ['error', { includeBoth: false }],
      '@graphql-eslint/relay-page-info': 'off',
      '@graphql-eslint/relay-edge-types': [
        'error',
        { withEdgeSuffix: true, shouldImplementNode: false, listTypeCanWrapOnlyEdgeType: false },
      ],
    },
  },
];
