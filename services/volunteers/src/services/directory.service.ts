import {
  BadUserInputError,
  ConflictError,
  NotFoundError,
  isLocalDate,
  isObjectId,
  withLock,
  type LocalDate,
  existing,
} from '@jwh/platform';
import type { Context } from '../context.js';
import type {
  CreateProjectInput,
  EvaluateProjectInput,
  PayProjectInput,
  QueryOrganizationsArgs,
} from '../__generated__/resolvers-types.js';
import { ORG_KINDS } from '../models/canteen.model.js';
import type { AllianceDoc, OrganizationDoc, ProjectDoc } from '../models/index.js';

/** The directory of organisations (what each offers and where), optionally by kind or community. */
export async function organizations(ctx: Context, args: QueryOrganizationsArgs) {
  const q: Record<string, unknown> = {};
  if (args.kind != null) {
    if (!(ORG_KINDS as readonly string[]).includes(args.kind)) throw new BadUserInputError('kind', ORG_KINDS.join(' | '));
    q.kind = args.kind;
  }
  if (args.communityId != null) {
    if (!isObjectId(args.communityId)) throw new BadUserInputError('communityId', '无效的编号 (invalid id)');
    q.communityIds = args.communityId;
  }
  const rows = await ctx.models.Organization.find(q).sort({ name: 1 }).limit(500).lean().exec();
  return rows.filter((o) => o.status !== 'RETIRED');
}

export const alliances = (ctx: Context) => ctx.models.Alliance.find().sort({ name: 1 }).lean().exec();

const PROJECT_STATUSES = ['CONTRACTED', 'IN_PROGRESS', 'EVALUATED', 'CLOSED'];

export async function createProject(ctx: Context, input: CreateProjectInput) {
  if (!isObjectId(input.organizationId) || !(await ctx.models.Organization.exists({ _id: input.organizationId })))
    throw new BadUserInputError('input.organizationId', '没有这个组织 (no such organisation)');
  const title = (input.title ?? '').trim();
  if (title.length < 2 || title.length > 80) throw new BadUserInputError('input.title', '2–80 个字符');
  if (!Number.isInteger(input.amountCents) || input.amountCents < 1) throw new BadUserInputError('input.amountCents', '> 0');
  if (!isLocalDate(input.periodStart)) throw new BadUserInputError('input.periodStart', 'YYYY-MM-DD');
  if (!isLocalDate(input.periodEnd) || input.periodEnd < input.periodStart)
    throw new BadUserInputError('input.periodEnd', '不早于开始的 YYYY-MM-DD');
  if (!input.deliverables.length || input.deliverables.length > 50) throw new BadUserInputError('input.deliverables', '1–50');
  const deliverables = input.deliverables.map((d, i) => {
    if (!(d.title ?? '').trim()) throw new BadUserInputError(`input.deliverables[${i}].title`, 'required');
    if (!isLocalDate(d.dueDate)) throw new BadUserInputError(`input.deliverables[${i}].dueDate`, 'YYYY-MM-DD');
    return { title: d.title.trim(), dueDate: d.dueDate, done: false };
  });
  return (
    await ctx.models.Project.create({
      organizationId: input.organizationId,
      title,
      amountCents: input.amountCents,
      periodStart: input.periodStart,
      periodEnd: input.periodEnd,
      deliverables,
      status: 'IN_PROGRESS',
    })
  ).toObject();
}

export function projects(ctx: Context, status?: string | null) {
  if (status != null && !PROJECT_STATUSES.includes(status)) throw new BadUserInputError('status', PROJECT_STATUSES.join(' | '));
  return ctx.models.Project.find(status ? { status } : {})
    .sort({ periodEnd: 1 })
    .limit(500)
    .lean()
    .exec();
}

/** The evaluation comes before any payment (评估后付款). */
export async function evaluateProject(ctx: Context, input: EvaluateProjectInput) {
  if (!isObjectId(input.projectId)) throw new BadUserInputError('input.projectId', '无效的编号 (invalid id)');
  if (!['PASSED', 'FAILED'].includes(input.result)) throw new BadUserInputError('input.result', 'PASSED | FAILED');
  if (!(input.score >= 0 && input.score <= 100)) throw new BadUserInputError('input.score', '0–100');
  const updated = await ctx.models.Project.findOneAndUpdate(
    { _id: input.projectId, status: 'IN_PROGRESS' },
    { $set: { status: 'EVALUATED', evaluation: { result: input.result, score: input.score, note: input.note ?? '', at: new Date() } } },
    { new: true },
  )
    .lean()
    .exec();
  if (!updated) throw new ConflictError('项目不在执行中,不能评估 (only a project in progress can be evaluated)');
  return updated;
}

/** Records a payment, once per key, only after a passed evaluation and never above the contract amount. */
export async function payProject(ctx: Context, input: PayProjectInput) {
  if (!isObjectId(input.projectId)) throw new BadUserInputError('input.projectId', '无效的编号 (invalid id)');
  if (!Number.isInteger(input.amountCents) || input.amountCents < 1) throw new BadUserInputError('input.amountCents', '> 0');
  const key = (input.idempotencyKey ?? '').trim();
  if (key.length < 8) throw new BadUserInputError('input.idempotencyKey', '8–100 characters');
  return withLock(ctx.redis, `${ctx.queuePrefix}:lock:project:${input.projectId}`, async () => {
    const p = await ctx.models.Project.findById(input.projectId).lean().exec();
    if (!p) throw new NotFoundError('project', input.projectId);
    if (p.payments.some((x) => x.key === key)) return p;
    if (p.status !== 'EVALUATED' || p.evaluation?.result !== 'PASSED')
      throw new BadUserInputError('input.projectId', '须评估合格后付款 (pay only after a passed evaluation)');
    if (p.paidCents + input.amountCents > p.amountCents)
      throw new BadUserInputError('input.amountCents', '超过合同金额 (above the contract amount)');
    const paid = await ctx.models.Project.findOneAndUpdate(
      { _id: p._id },
      { $inc: { paidCents: input.amountCents }, $push: { payments: { key, amountCents: input.amountCents, at: new Date() } } },
      { new: true },
    )
      .lean()
      .exec();
    return existing(paid, 'project', input.projectId);
  });
}

/** A project's deliverables not done and due by `by`. */
export function deliverablesDue(p: ProjectDoc, by: LocalDate) {
  return p.deliverables.filter((d) => !d.done && d.dueDate <= by);
}

/** UNPAID, PARTIAL or PAID: what has been paid of the contract amount. */
export function paymentStatus(p: ProjectDoc): 'UNPAID' | 'PARTIAL' | 'PAID' {
  return p.paidCents === 0 ? 'UNPAID' : p.paidCents < p.amountCents ? 'PARTIAL' : 'PAID';
}

/** An alliance's member organisations (those that still exist), in its order. */
export async function allianceMembers(ctx: Context, a: AllianceDoc): Promise<OrganizationDoc[]> {
  const members = await ctx.loaders.organization.loadMany(a.memberOrgIds.map(String));
  return members.filter((o): o is OrganizationDoc => o !== null && !(o instanceof Error));
}
