import { demoResidentPlacement, seededRandom, stableObjectId, type Logger } from '@jwh/shared';
import type { Models } from '../models/index.js';
import { RATINGS } from '../models/worker-review.model.js';
import { SATISFACTION } from '../models/survey-response.model.js';
import { isReviewValid } from '../services/review-validity.js';

/** Demo survey responses (first 100 demo residents, every other one) and reviews of the demo staff. */
export async function seedDemoData(m: Models, logger: Logger): Promise<void> {
  if ((await m.SurveyResponse.estimatedDocumentCount()) > 0) return;
  const rnd = seededRandom(11);
  const responses = [];
  for (let n = 0; n < 100; n += 2) {
    const saw = rnd() < 0.85;
    responses.push({
      _id: stableObjectId(`demo:survey-response:${n}`),
      residentId: stableObjectId(`demo:resident:${n}`),
      communityId: stableObjectId(demoResidentPlacement(n).communityKey),
      period: '2026-Q3',
      sawMember: saw,
      talkedWithMember: saw && rnd() < 0.8,
      membersKnown: Math.floor(rnd() * 3),
      satisfaction: SATISFACTION[Math.floor(rnd() * SATISFACTION.length)],
    });
  }
  const reviews = [];
  for (let s = 0; s < 46; s++) {
    for (let k = 0; k < 3; k++) {
      const rating = RATINGS[Math.floor(rnd() * RATINGS.length)]!;
      const reason = rnd() < 0.6 ? '上门办理低保,材料一次讲清' : null;
      reviews.push({
        _id: stableObjectId(`demo:review:${s}:${k}`),
        staffMemberId: stableObjectId(`demo:staff:${s}`),
        reviewerResidentId: stableObjectId(`demo:resident:${(s * 3 + k) % 100}`),
        period: '2026-Q3',
        rating,
        reason,
        valid: isReviewValid(rating, reason),
      });
    }
  }
  await m.SurveyResponse.insertMany(responses);
  await m.WorkerReview.insertMany(reviews);
  logger.info({ responses: responses.length, reviews: reviews.length }, 'demo data loaded');
}
