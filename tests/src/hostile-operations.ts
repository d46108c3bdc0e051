// The probes of issue 13 that the gateway's cost must refuse (used by operation-cost.spec and hostile.test).

/** The S1 probe: community → grids → community … five times, as a resident sent it. */
export const CYCLE_QUERY = `{ communities { grids { community { grids { community { grids { community { grids { community { grids { community { id } } } } } } } } } } } }`;
/** The S7 probe: fifteen aliased name searches, each a scan of the engine. */
export const SEARCH_ALIASES_QUERY = `{ ${Array.from({ length: 15 }, (_, i) => `s${i}: residents(first: 1, filter: { namePrefix: "${'王李张刘陈杨黄赵吴周徐孙马朱胡'[i]}" }) { totalCount }`).join(' ')} }`;
