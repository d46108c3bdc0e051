/**
 * The love card (爱心卡) rule, one place for the mutation and the demo data: the card belongs to
 * the 70+ tier of the elder services ("6789": 70+ subsidised meals), so its holder must have
 * reached the minimum age (MEAL_CARD_MIN_AGE, default 70) when it is issued.
 * @returns why a resident of `age` may not hold a card, or null when it may.
 */
export function mealCardRefusal(age: number, minAge: number): string | null {
  if (!Number.isInteger(age) || age < 0) return '年龄未知 (age unknown)';
  return age < minAge ? `须年满 ${minAge} 周岁 (age ${minAge} or over; the resident is ${age})` : null;
}
