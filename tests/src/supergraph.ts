// What the end-to-end tests know of the graph as a whole: the composed supergraph, every
// subgraph's access rules merged, the gateway's default cost limit, and literals of an argument's
// shape. The access, data-scope and hostile tests generate their operations from these.
import { policy as evaluationsPolicy } from '@jwh/evaluations/policy';
import { envShape } from '@jwh/gateway/environment';
import { policy as peopleGridsPolicy } from '@jwh/people-grids/policy';
import { policy as serviceMattersPolicy } from '@jwh/service-matters/policy';
import { policy as volunteersPolicy } from '@jwh/volunteers/policy';
import type { FieldRule } from '@jwh/platform';
import {
  buildASTSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  parse,
  type GraphQLInputType,
} from 'graphql';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './harness.js';

/** The supergraph the gateway serves (gateway/supergraph.graphql). */
export const supergraph = buildASTSchema(parse(readFileSync(join(ROOT, 'gateway/supergraph.graphql'), 'utf8')), { assumeValidSDL: true });

/** The access rule of every field coordinate (`Query.residents`), from the four subgraphs' policies. */
export const POLICY: Record<string, FieldRule> = {
  ...peopleGridsPolicy,
  ...serviceMattersPolicy,
  ...volunteersPolicy,
  ...evaluationsPolicy,
};

/** The gateway's default limit on an operation's cost (MAX_OPERATION_COST unset). */
export const MAX_COST = envShape.MAX_OPERATION_COST.parse(undefined);

/**
 * A GraphQL literal of `type`'s shape for the argument or input field `name`: a list of one, an
 * enum's first value, an input object with its required fields; `scalar` gives each scalar from
 * its field name and scalar type name.
 */
export function literalOf(name: string, type: GraphQLInputType, scalar: (name: string, scalarType: string) => string): string {
  const t = isNonNullType(type) ? type.ofType : type;
  if (isListType(t)) return `[${literalOf(name, t.ofType, scalar)}]`;
  if (isEnumType(t)) return t.getValues()[0]!.name;
  if (isInputObjectType(t)) {
    const fields = Object.values(t.getFields()).filter((f) => isNonNullType(f.type));
    return `{ ${fields.map((f) => `${f.name}: ${literalOf(f.name, f.type, scalar)}`).join(', ')} }`;
  }
  return scalar(name, getNamedType(t).name);
}
