import { BadUserInputError, scalarResolvers } from '@jwh/platform';
import {
  TypeInfo,
  getNamedType,
  isInputObjectType,
  isListType,
  isNonNullType,
  typeFromAST,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLScalarType,
  type GraphQLSchema,
} from 'graphql';

/*
 * The platform's scalars (DateTime, LocalDate) are opaque in the supergraph: the gateway would pass
 * a bad value on, and the subgraph's refusal (HTTP 400) would reach the client as its being
 * unavailable. They are checked here, before any subgraph call, and refused as BAD_USER_INPUT
 * naming the variable path or the argument.
 */

const SCALARS: ReadonlyMap<string, GraphQLScalarType> = new Map(Object.values(scalarResolvers).map((s) => [s.name, s]));

const reason = (err: unknown) => (err instanceof Error ? err.message : String(err));

function checkValue(value: unknown, type: GraphQLInputType, path: string[]): void {
  if (value === null || value === undefined) return;
  if (isNonNullType(type)) return checkValue(value, type.ofType, path);
  if (isListType(type)) {
    (Array.isArray(value) ? value : [value]).forEach((v, i) => checkValue(v, type.ofType, [...path, String(i)]));
    return;
  }
  if (isInputObjectType(type)) {
    if (typeof value !== 'object') return;
    for (const [name, field] of Object.entries(type.getFields()))
      checkValue((value as Record<string, unknown>)[name], field.type, [...path, name]);
    return;
  }
  const scalar = SCALARS.get(type.name);
  if (!scalar) return;
  try {
    scalar.parseValue(value);
  } catch (err) {
    throw new BadUserInputError(path.join('.'), reason(err));
  }
}

/** Refuses a DateTime or LocalDate that does not parse, in the variables or written in the document. */
export function refuseBadScalars(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>): void {
  const typeInfo = new TypeInfo(schema);
  const path: string[] = [];
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      VariableDefinition(node) {
        const type = typeFromAST(schema, node.type);
        if (type) checkValue(variables[node.variable.name.value], type as GraphQLInputType, [node.variable.name.value]);
        return false;
      },
      Argument: { enter: (node) => void path.push(node.name.value), leave: () => void path.pop() },
      ObjectField: { enter: (node) => void path.push(node.name.value), leave: () => void path.pop() },
      StringValue(node) {
        const type = typeInfo.getInputType();
        const scalar = type && SCALARS.get(getNamedType(type).name);
        if (!scalar) return;
        try {
          scalar.parseLiteral(node);
        } catch (err) {
          throw new BadUserInputError(path.join('.'), reason(err));
        }
      },
    }),
  );
}
