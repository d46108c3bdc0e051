import { allOf, BadUserInputError, findPage, isDuplicateKeyError, NotFoundError, rowScope, type PageArgs } from '@jwh/platform';
import { Types } from 'mongoose';
import type { MutationStartRegisterImportArgs } from '../__generated__/resolvers-types.js';
import type { Context } from '../context.js';
import * as registerImport from '../jobs/register-import.job.js';
import { communityScope, inCommunityScope } from '../policy.js';
import { uploadsBucket } from './register-import.service.js';
import { requireId } from './validate.js';

/**
 * Queues the import of an uploaded register into a community. One import per upload: asking
 * again returns the same job (and re-queues it only if it has not started).
 */
export async function startRegisterImport(ctx: Context, args: MutationStartRegisterImportArgs) {
  const uploadId = requireId(args.uploadId, 'uploadId');
  const communityId = requireId(args.communityId, 'communityId');
  const community = await ctx.models.Community.findOne(allOf(rowScope(ctx.viewer, communityScope), { _id: communityId }))
    .lean()
    .exec();
  if (!community) throw new BadUserInputError('communityId', '不在您的管辖范围 (not one of your communities)');
  const [file] = await uploadsBucket(ctx.conn)
    .find({ _id: new Types.ObjectId(uploadId) })
    .toArray();
  if (!file) throw new BadUserInputError('uploadId', '没有这个上传文件 (no such upload)');
  if (file.metadata?.by !== ctx.viewer.sub) throw new BadUserInputError('uploadId', '只能导入本人上传的文件 (import your own uploads)');
  let job = await ctx.models.ImportJob.findOne({ uploadId }).lean().exec();
  if (!job) {
    try {
      job = (
        await ctx.models.ImportJob.create({
          uploadId,
          communityId,
          format: file.metadata.format,
          requestedBy: ctx.viewer.sub,
          requestedRole: ctx.viewer.role,
        })
      ).toObject();
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      job = await ctx.models.ImportJob.findOne({ uploadId }).lean().exec();
    }
  }
  if (!job) throw new NotFoundError('import job', uploadId);
  if (String(job.communityId) !== communityId)
    throw new BadUserInputError('communityId', '该文件已导入其他社区 (this upload was imported into another community)');
  if (job.status === 'QUEUED')
    await ctx.queues.registerImport.add(registerImport.name, { importJobId: String(job._id) }, { jobId: `import-${job._id}` });
  return job;
}

export async function findImportJob(ctx: Context, id: string) {
  requireId(id, 'id');
  return ctx.models.ImportJob.findOne(allOf(rowScope(ctx.viewer, inCommunityScope), { _id: id }))
    .lean()
    .exec();
}

export const importErrors = (ctx: Context, jobId: unknown, args: PageArgs) => findPage(ctx.models.ImportError, { jobId }, args);
