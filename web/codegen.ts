import type { CodegenConfig } from '@graphql-codegen/cli';

// Typed operations (GraphQL Code Generator's client preset) from src/operations/*.graphql, checked
// against the composed supergraph: a schema change that breaks an operation breaks the build.
const config: CodegenConfig = {
  overwrite: true,
  schema: '../gateway/supergraph.graphql',
  documents: 'src/operations/*.graphql',
  generates: {
    'src/__generated__/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        strictScalars: true,
        scalars: {
          DateTime: 'string',
          LocalDate: 'string',
          link__Import: 'string',
          join__FieldSet: 'string',
          join__DirectiveArguments: 'unknown',
        },
      },
    },
  },
};
export default config;
