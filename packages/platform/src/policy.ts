import type { ApolloServerPlugin } from '@apollo/server';
import { defaultFieldResolver, Kind, type DocumentNode, type GraphQLResolveInfo } from 'graphql';
import type { Role, Viewer } from './auth.js';
import { ForbiddenError, UnauthenticatedError } from './errors.js';
import { maskName, maskNationalId, maskPhone } from './masking.js';
import { requirePurpose } from './validate.js';

/** Every authenticated role. */
export const ANY_ROLE = 'ANY_ROLE' as const;

/** Roles that may see unmasked personal data, each time with a stated purpose (and an access log entry). */
export const PII_ROLES: readonly Role[] = ['STREET_ADMIN', 'COMMUNITY_STAFF', 'GRID_WORKER'];

export type PiiKind = 'phone' | 'nationalId' | 'name';

/** The access rule of one field (`Type.field`). */
export interface FieldRule {
  /** Roles that may resolve the field; any other gets FORBIDDEN. */
  roles: readonly Role[] | typeof ANY_ROLE;
  /**
   * Personal data. `phone` and `nationalId` are masked unless the viewer has a PII role and passes
   * a `purpose` argument (then the read is written to the access log), or is a resident reading
   * their own household. `name` is masked for partners.
   */
  pii?: PiiKind;
  /**
   * Services (by name) that may call this root field with their own identity (README,
   * "Identities"). A service gets no other root field, whatever role it acts for.
   */
  services?: readonly string[];
  /**
   * Answered to someone who has not signed in (an anonymous viewer, README "Access"): plain public
   * data only, no path to personal data. Default false: an anonymous viewer gets UNAUTHENTICATED
   * for the field, whatever its role. The gateway keeps the same list of public root fields
   * (`PUBLIC_ROOT_FIELDS` of @jwh/contracts; a test compares the two).
   */
  public?: boolean;
}

/** A subgraph's declarative access policy: every root field must have a rule. */
export type Policy = Record<string, FieldRule>;

/** What the policy wrapper needs from a request context. */
export interface PolicyContext {
  viewer: Viewer;
  /** Appends to the personal-data access log; resolves once it is stored. */
  recordPiiAccess?: (entry: { residentId: string; communityId: string; field: string; purpose: string }) => Promise<void>;
}

type Resolver = (parent: any, args: any, ctx: any, info: GraphQLResolveInfo) => unknown;
type ResolverMap = Record<string, Record<string, unknown>>;

const MASKS: Record<PiiKind, (v: string) => string> = { phone: maskPhone, nationalId: maskNationalId, name: maskName };

export function isAllowed(rule: FieldRule, role: Role): boolean {
  return rule.roles === ANY_ROLE || rule.roles.includes(role);
}

/** The fields of every object type the schema defines or extends, as `Type.field`. */
export function schemaCoordinates(typeDefs: DocumentNode): string[] {
  const coords: string[] = [];
  for (const def of typeDefs.definitions) {
    if (def.kind !== Kind.OBJECT_TYPE_DEFINITION && def.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    for (const f of def.fields ?? []) coords.push(`${def.name.value}.${f.name.value}`);
  }
  return coords;
}

async function revealOrMask(
  kind: PiiKind,
  value: string,
  parent: any,
  purpose: unknown,
  ctx: PolicyContext,
  field: string,
): Promise<string> {
  const { role } = ctx.viewer;
  if (kind === 'name') return role === 'PARTNER' ? maskName(value) : value;
  // A service reads for its own purposes: never an unmasked phone or ID number.
  if (ctx.viewer.service) return MASKS[kind](value);
  if (role === 'RESIDENT') {
    // Their own household only; any other resident's value stays masked.
    const own = ctx.viewer.householdId && String(parent.householdId ?? '') === ctx.viewer.householdId;
    return own ? value : MASKS[kind](value);
  }
  if (purpose === undefined || purpose === null) return MASKS[kind](value);
  if (!PII_ROLES.includes(role)) throw new ForbiddenError('无权查看完整个人信息 (this role may not see unmasked personal data)');
  const stated = requirePurpose(purpose);
  if (!ctx.recordPiiAccess) throw new Error(`no access log for ${field}`);
  await ctx.recordPiiAccess({
    residentId: String(parent._id ?? parent.id),
    communityId: String(parent.communityId ?? ''),
    field,
    purpose: stated,
  });
  return value;
}

/**
 * Wraps `resolvers` with `policy`, the single place access rules live. Fails at start-up when a
 * Query or Mutation field has no rule, or a rule names a field the schema does not have, so a new
 * field cannot ship unguarded. An anonymous viewer is refused (UNAUTHENTICATED) every field with a
 * rule that is not `public`, root fields and guarded fields below them alike.
 */
export function applyPolicy<R extends ResolverMap>(typeDefs: DocumentNode, resolvers: R, policy: Policy): R {
  const coords = new Set(schemaCoordinates(typeDefs));
  const unguarded = [...coords].filter((c) => /^(Query|Mutation)\./.test(c) && !policy[c]);
  if (unguarded.length) throw new Error(`fields without an access rule: ${unguarded.join(', ')}`);
  const unknown = Object.keys(policy).filter((c) => !coords.has(c));
  if (unknown.length) throw new Error(`access rules for fields the schema does not have: ${unknown.join(', ')}`);
  const publicWrites = Object.keys(policy).filter((c) => c.startsWith('Mutation.') && policy[c]!.public);
  if (publicWrites.length) throw new Error(`mutations are never public: ${publicWrites.join(', ')}`);

  const wrapped: ResolverMap = Object.fromEntries(Object.entries(resolvers).map(([t, fields]) => [t, { ...fields }]));
  for (const [coord, rule] of Object.entries(policy)) {
    const [type, field] = coord.split('.') as [string, string];
    const typeResolvers = (wrapped[type] ??= {});
    const original = (typeResolvers[field] as Resolver | undefined) ?? (defaultFieldResolver as Resolver);
    const root = type === 'Query' || type === 'Mutation';
    typeResolvers[field] = async (parent: unknown, args: Record<string, unknown>, ctx: PolicyContext, info: GraphQLResolveInfo) => {
      // Before the role check: the anonymous viewer carries a role (RESIDENT) only so that the
      // schema of a viewer holds; it is never a resident's.
      if (ctx.viewer.anonymous && !rule.public) throw new UnauthenticatedError(`请先登录 (${coord} requires signing in)`);
      const service = ctx.viewer.service;
      if (root && service && !rule.services?.includes(service))
        throw new ForbiddenError(`无权访问 ${coord} (not granted to service ${service})`);
      if (!isAllowed(rule, ctx.viewer.role)) throw new ForbiddenError(`无权访问 ${coord} (forbidden for ${ctx.viewer.role})`);
      if (!rule.pii) return original(parent, args, ctx, info);
      const { purpose, ...rest } = args;
      const value = await original(parent, rest, ctx, info);
      return typeof value === 'string' ? revealOrMask(rule.pii, value, parent, purpose, ctx, field) : value;
    };
  }
  return wrapped as R;
}

/**
 * A subgraph plugin beside `applyPolicy`: an anonymous viewer may send a query of plain root fields
 * only (which the policy then answers when public) and `__typename`; never `_entities`, `_service`,
 * introspection, a fragment at the root or a mutation, which no policy rule guards. The gateway
 * never sends these for an anonymous viewer; this refuses them if it ever did.
 */
export function anonymousOperationsPlugin<C extends PolicyContext>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operation }) {
          if (!contextValue.viewer.anonymous) return;
          const plain =
            operation?.operation === 'query' &&
            operation.selectionSet.selections.every(
              (s) => s.kind === Kind.FIELD && (s.name.value === '__typename' || !s.name.value.startsWith('_')),
            );
          if (plain) return;
          const refusal = new UnauthenticatedError('请先登录 (this operation requires signing in)');
          Object.assign(refusal.extensions, { http: { status: 401 } });
          throw refusal;
        },
      };
    },
  };
}

/** Row scoping rules of one collection: a database filter per role; a role without one is refused. */
export type ScopeRules<F> = Partial<Record<Role, (viewer: Viewer) => F>>;

/**
 * Scope rules for rows kept by place, each carrying `communityId` and `gridId`: street admins and
 * community staff see their communities' rows, grid workers their grids'. `others` adds the rules
 * of the other roles (a resident's own rows, its household's); a role with no rule is refused.
 */
export function placeScope(others: ScopeRules<Record<string, unknown>> = {}): ScopeRules<Record<string, unknown>> {
  return {
    STREET_ADMIN: (v) => ({ communityId: { $in: v.communityIds } }),
    COMMUNITY_STAFF: (v) => ({ communityId: { $in: v.communityIds } }),
    GRID_WORKER: (v) => ({ gridId: { $in: v.gridIds } }),
    ...others,
  };
}

/** Like `rowScope`, but a role without a rule gets a filter that matches nothing (for loaders built per request). */
export function rowScopeOrNothing<F>(viewer: Viewer, rules: ScopeRules<F>): F | { _id: null } {
  const rule = rules[viewer.role];
  return rule ? rule(viewer) : { _id: null };
}

/**
 * The database filter that limits `viewer` to its own rows (own grids, community, organisation,
 * household). Put it into the query itself so lists, counts and pages never include other rows.
 */
export function rowScope<F>(viewer: Viewer, rules: ScopeRules<F>): F {
  const rule = rules[viewer.role];
  if (!rule) throw new ForbiddenError(`无权访问 (forbidden for ${viewer.role})`);
  return rule(viewer);
}
