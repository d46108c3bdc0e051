import { viewerSchema, type Viewer } from '@jwh/platform';

/**
 * The viewer the Apollo gateway derives from a verified token's claims (gateway/src/auth.ts), so
 * that Hive Gateway and straight-to-subgraph requests carry the same signed identity.
 */
export function viewerFromClaims(claims: Record<string, unknown>): Viewer {
  return viewerSchema.parse({
    sub: claims.sub,
    role: claims.role,
    street: claims.street,
    communityIds: claims.community_ids ?? [],
    gridIds: claims.grid_ids ?? [],
    orgId: claims.org_id,
    orgKind: claims.org_kind,
    residentId: claims.resident_id,
    householdId: claims.household_id,
    staffId: claims.staff_id,
  });
}
