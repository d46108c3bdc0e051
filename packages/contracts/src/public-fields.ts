/**
 * The root fields anyone may query without signing in (README, "Access"): the public notice board
 * of seed 001 (挂牌上岗, 日程公示). The gateway answers an operation without a token only when it is
 * a query of these (and introspection); the owning subgraph's policy marks the same fields
 * `public: true`, and a test compares the two lists.
 */
export const PUBLIC_ROOT_FIELDS: readonly string[] = ['noticeBoard', 'noticeBoardCommunities'];
