import { documentId as id, loadExisting, maybeEntityRef } from '@jwh/platform';
import type { SurveyResponseResolvers } from '../__generated__/resolvers-types.js';

export const SurveyResponse: SurveyResponseResolvers = {
  id,
  wave: (r, _, ctx) => loadExisting(ctx.loaders.wave, r.waveId, 'survey wave'),
  submittedAt: (r) => r.createdAt,
  // Responses from before channels were recorded were taken at the door (the demo's, the evaluators').
  channel: (r) => (r.channel ?? 'INTERVIEW') as 'ONLINE' | 'INTERVIEW' | 'PAPER',
  enteredBy: (r) => (r.channel === 'ONLINE' ? null : r.submittedBy),
  enteredByStaff: (r) => maybeEntityRef(r.enteredByStaffId),
  corrections: (r) =>
    (r.corrections ?? []).map((c) => ({
      changes: c.changes.map((x) => ({ field: x.field ?? '', before: x.before ?? null, after: x.after ?? null })),
      by: c.by,
      byStaff: maybeEntityRef(c.byStaffId),
      at: c.at,
      reason: c.reason ?? null,
    })),
};
