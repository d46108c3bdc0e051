import { BadUserInputError, ConflictError, isDuplicateKeyError, requireText } from '@jwh/platform';
import type { Context } from '../context.js';
import { PLACES, SATISFACTION } from '../models/response.model.js';
import { NEW_THREE_RATES, QUESTION_TYPES, type SurveyDoc } from '../models/survey.model.js';

/** The built-in new-three-rates questionnaire (新三率), as the lecture describes it: two minutes a resident. */
export const BUILT_IN_SURVEY = {
  code: NEW_THREE_RATES,
  title: '新三率调查问卷 (见面率、交谈率、熟知率、满意度)',
  builtIn: true,
  questions: [
    {
      key: 'saw',
      text: '您见过居委会成员吗?在哪里见到的?(社区服务站、社区居委会、晨练场所、公共空间、家里)',
      type: 'SINGLE_CHOICE',
      options: ['见过', '没见过'],
      required: true,
    },
    {
      key: 'talked',
      text: '您和居委会成员交谈过吗?谈了什么?在哪里?',
      type: 'SINGLE_CHOICE',
      options: ['交谈过', '没交谈过'],
      required: true,
    },
    { key: 'members', text: '请写出两位居委会成员的名字和联系方式', type: 'TEXT', options: [], required: false },
    {
      key: 'satisfaction',
      text: '您对居委会的工作满意吗?',
      type: 'SINGLE_CHOICE',
      options: ['基本满意', '满意', '很满意'],
      required: true,
    },
  ],
  createdBy: 'system',
};

const text = requireText;

export interface QuestionInput {
  key: string;
  text: string;
  type: string;
  options?: string[] | null;
  min?: number | null;
  max?: number | null;
  required?: boolean | null;
}

/** Validates a custom questionnaire (each error names its field). */
export function validateQuestions(questions: QuestionInput[]) {
  if (questions.length < 1 || questions.length > 50) throw new BadUserInputError('input.questions', '须有 1–50 题 (1–50 questions)');
  const keys = new Set<string>();
  return questions.map((q, i) => {
    const f = `input.questions[${i}]`;
    if (!/^[a-z][a-z0-9_]{0,29}$/.test(q.key)) throw new BadUserInputError(`${f}.key`, '小写字母、数字、下划线,以字母开头 (a–z, 0–9, _)');
    if (keys.has(q.key)) throw new BadUserInputError(`${f}.key`, '题目编号重复 (duplicate key)');
    keys.add(q.key);
    if (!(QUESTION_TYPES as readonly string[]).includes(q.type)) throw new BadUserInputError(`${f}.type`, '未知题型 (unknown type)');
    const options = (q.options ?? []).map((o, j) => text(o, `${f}.options[${j}]`, 1, 100));
    const choice = q.type === 'SINGLE_CHOICE' || q.type === 'MULTIPLE_CHOICE';
    if (choice && (options.length < 2 || options.length > 20))
      throw new BadUserInputError(`${f}.options`, '选择题须有 2–20 个选项 (2–20 options)');
    if (choice && new Set(options).size !== options.length) throw new BadUserInputError(`${f}.options`, '选项重复 (duplicate option)');
    if (!choice && options.length) throw new BadUserInputError(`${f}.options`, '只有选择题有选项 (only choice questions have options)');
    let [min, max] = [q.min ?? null, q.max ?? null];
    if (q.type === 'SCALE') {
      [min, max] = [min ?? 1, max ?? 5];
      if (!Number.isInteger(min) || !Number.isInteger(max) || min >= max || max - min > 100)
        throw new BadUserInputError(`${f}.max`, 'min < max, 相差不超过 100 (min < max, at most 100 apart)');
    } else if (min !== null || max !== null) throw new BadUserInputError(`${f}.min`, '只有量表题有范围 (only SCALE has bounds)');
    return { key: q.key, text: text(q.text, `${f}.text`, 2, 300), type: q.type, options, min, max, required: q.required ?? true };
  });
}

export async function createSurvey(ctx: Context, input: { code: string; title: string; questions: QuestionInput[] }) {
  if (!/^[a-z0-9][a-z0-9-]{2,40}$/.test(input.code))
    throw new BadUserInputError('input.code', '小写字母、数字和 - (a–z, 0–9, -; 3–41 characters)');
  if (input.code === NEW_THREE_RATES) throw new BadUserInputError('input.code', '内置问卷编号 (the built-in survey’s code)');
  const doc = {
    code: input.code,
    title: text(input.title, 'input.title', 2, 100),
    questions: validateQuestions(input.questions),
    createdBy: ctx.viewer.sub,
  };
  try {
    return (await ctx.models.Survey.create(doc)).toObject();
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    throw new ConflictError('问卷编号已存在 (a survey with this code exists)');
  }
}

export interface NewThreeRatesInput {
  sawMember: boolean;
  sawWhere?: string[] | null;
  talkedWithMember: boolean;
  talkedAbout?: string | null;
  talkedWhere?: string[] | null;
  namedMembers?: { name: string; phone?: string | null }[] | null;
  satisfaction: string;
}
export interface AnswerInput {
  key: string;
  choices?: string[] | null;
  text?: string | null;
  value?: number | null;
}

const places = (list: string[] | null | undefined, field: string) => {
  const out = [...new Set(list ?? [])];
  for (const p of out) if (!(PLACES as readonly string[]).includes(p)) throw new BadUserInputError(field, '未知地点 (unknown place)');
  return out;
};

/** Validates a new-three-rates answer; the named members are returned apart (scored, never stored). */
export function validateNewThreeRates(a: NewThreeRatesInput) {
  const f = 'input.newThreeRates';
  const sawWhere = places(a.sawWhere, `${f}.sawWhere`);
  const talkedWhere = places(a.talkedWhere, `${f}.talkedWhere`);
  if (a.sawMember && !sawWhere.length) throw new BadUserInputError(`${f}.sawWhere`, '见过的请选择地点 (where, when seen)');
  if (!a.sawMember && sawWhere.length) throw new BadUserInputError(`${f}.sawWhere`, '没见过则不填地点 (no place when not seen)');
  if (!a.talkedWithMember && (talkedWhere.length || a.talkedAbout))
    throw new BadUserInputError(`${f}.talkedWhere`, '没交谈过则不填 (nothing when not talked)');
  if (a.talkedWithMember && !talkedWhere.length) throw new BadUserInputError(`${f}.talkedWhere`, '交谈过的请选择地点 (where, when talked)');
  const talkedAbout = a.talkedAbout ? text(a.talkedAbout, `${f}.talkedAbout`, 1, 200) : null;
  if (!(SATISFACTION as readonly string[]).includes(a.satisfaction))
    throw new BadUserInputError(`${f}.satisfaction`, '未知选项 (unknown value)');
  const named = a.namedMembers ?? [];
  if (named.length > 2) throw new BadUserInputError(`${f}.namedMembers`, '最多两位 (at most two)');
  named.forEach((m, i) => {
    text(m.name, `${f}.namedMembers[${i}].name`, 1, 20);
    if (m.phone && !/^[\d\s-]{5,20}$/.test(m.phone))
      throw new BadUserInputError(`${f}.namedMembers[${i}].phone`, '电话号码格式不对 (digits)');
  });
  return {
    fields: {
      sawMember: a.sawMember,
      sawWhere,
      talkedWithMember: a.talkedWithMember,
      talkedAbout,
      talkedWhere,
      satisfaction: a.satisfaction,
    },
    named,
  };
}

/**
 * How many of the named members are right against the staff list: a member counts when the name is
 * a staff member's and the phone is that member's public phone (or the member has none). Two
 * namings of the same member count once.
 */
export function scoreNamedMembers(
  named: { name: string; phone?: string | null }[],
  staff: { id: string; name: string; dutyPhone: string | null }[],
): number {
  const digits = (s: string | null | undefined) => (s ?? '').replace(/\D/g, '');
  const right = new Set<string>();
  for (const m of named) {
    const s = staff.find((x) => x.name === m.name.trim() && (!x.dutyPhone || digits(x.dutyPhone) === digits(m.phone)));
    if (s) right.add(s.id);
  }
  return Math.min(2, right.size);
}

/** Validates custom answers against the survey's questions. */
export function validateAnswers(
  survey: Pick<SurveyDoc, 'questions'>,
  answers: AnswerInput[],
): { key: string; choices: string[]; text: string | null; value: number | null }[] {
  const byKey = new Map(answers.map((a, i) => [a.key, { a, i }]));
  if (byKey.size !== answers.length) throw new BadUserInputError('input.answers', '题目重复作答 (a question answered twice)');
  for (const a of answers)
    if (!survey.questions.some((q) => q.key === a.key)) throw new BadUserInputError('input.answers', `没有这道题 (no question ${a.key})`);
  return survey.questions.flatMap((q): { key: string; choices: string[]; text: string | null; value: number | null }[] => {
    const found = byKey.get(q.key);
    if (!found) {
      if (q.required) throw new BadUserInputError(`input.answers.${q.key}`, '此题必答 (required)');
      return [];
    }
    const { a, i } = found;
    const f = `input.answers[${i}]`;
    const choices = [...new Set(a.choices ?? [])];
    if (q.type === 'SINGLE_CHOICE' || q.type === 'MULTIPLE_CHOICE') {
      if (!choices.length || (q.type === 'SINGLE_CHOICE' && choices.length !== 1))
        throw new BadUserInputError(
          `${f}.choices`,
          q.type === 'SINGLE_CHOICE' ? '单选一项 (choose one)' : '至少选一项 (choose at least one)',
        );
      for (const c of choices) if (!q.options.includes(c)) throw new BadUserInputError(`${f}.choices`, `不是选项 (not an option: ${c})`);
      return [{ key: q.key, choices, text: null, value: null }];
    }
    if (q.type === 'SCALE') {
      if (!Number.isInteger(a.value) || a.value! < q.min! || a.value! > q.max!)
        throw new BadUserInputError(`${f}.value`, `${q.min}–${q.max}`);
      return [{ key: q.key, choices: [], text: null, value: a.value! }];
    }
    return [{ key: q.key, choices: [], text: text(a.text, `${f}.text`, q.required ? 1 : 0, 500), value: null }];
  });
}

/** The built-in survey, created on first use. */
/** The surveys, the built-in one first (a read: the built-in survey is stored when the subgraph starts). */
export async function listSurveys(ctx: Context) {
  return ctx.models.Survey.find({}).sort({ builtIn: -1, code: 1 }).lean().exec();
}

/** The built-in new-three-rates survey, stored on first call (at start, and by waves that need it). */
export async function builtInSurvey(models: { Survey: Context['models']['Survey'] }) {
  const found = await models.Survey.findOne({ code: NEW_THREE_RATES }).lean().exec();
  if (found) return found;
  try {
    await models.Survey.create(BUILT_IN_SURVEY);
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
  }
  return (await models.Survey.findOne({ code: NEW_THREE_RATES }).lean().exec())!;
}
