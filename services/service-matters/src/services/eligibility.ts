/** What the eligibility rules need to know of a resident (read from people-grids). */
export interface ResidentFacts {
  age: number;
  hukou: 'LOCAL' | 'NON_LOCAL';
  tags: string[];
}

export interface EligibilityRules {
  minAge?: number | null;
  localHukouRequired?: boolean | null;
  requiredTag?: string | null;
}

/** The first rule a resident fails, as the reason told to them; null when eligible. */
export function failedRule(rules: EligibilityRules | null | undefined, r: ResidentFacts): string | null {
  if (!rules) return null;
  if (rules.minAge != null && r.age < rules.minAge) return `须年满 ${rules.minAge} 周岁 (age ${rules.minAge} or over required)`;
  if (rules.localHukouRequired && r.hukou !== 'LOCAL')
    return '须为本地户籍,非本地户籍由市级窗口办理 (local hukou required; decided by the city)';
  if (rules.requiredTag && !r.tags.includes(rules.requiredTag)) return `须具备 ${rules.requiredTag} 资格 (requires ${rules.requiredTag})`;
  return null;
}
