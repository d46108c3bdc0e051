/** `id` from `_id` for the value types this subgraph returns. */
const withId = { id: (d: { _id: unknown }) => String(d._id) };
export const SurveyResponse = withId;
export const WorkerReview = withId;
