import { BadUserInputError, querySubgraph, requireId } from '@jwh/platform';
import type { Context } from '../context.js';
import { MeetingUnitsDocument, type MeetingUnitsQuery } from '../__generated__/operations.js';

/** A registered organisation as a joint meeting names it. */
export type RegisteredUnit = NonNullable<MeetingUnitsQuery['meetingUnits'][number]>;

/**
 * The registered organisations `ids` name, read from volunteers as this service narrowed to the
 * caller (volunteers answers only organisations of the caller's communities), checked for
 * `communityId`: each must be registered there (an unknown unit and another community's answer alike),
 * be active and serve the community (else BAD_USER_INPUT naming `fields[i]`).
 */
export async function registeredUnits(
  ctx: Context,
  ids: readonly { id: string | null | undefined; field: string }[],
  communityId: string,
): Promise<RegisteredUnit[]> {
  const checked = ids.map(({ id, field }) => requireId(id, field));
  if (!checked.length) return [];
  const { meetingUnits } = await querySubgraph(
    ctx.volunteersUrl,
    MeetingUnitsDocument,
    { ids: checked },
    ctx.identity('volunteers'),
    ctx.requestId,
  );
  return meetingUnits.map((unit, i) => {
    if (!unit) throw new BadUserInputError(ids[i]!.field, '没有这个已登记的单位 (no such registered unit in your communities)');
    if (unit.status !== 'ACTIVE') throw new BadUserInputError(ids[i]!.field, '该单位已注销 (the unit is retired)');
    if (!unit.communityIds.includes(communityId))
      throw new BadUserInputError(ids[i]!.field, '该单位不服务本社区 (the unit does not serve this community)');
    return unit;
  });
}
