import {
  allOf,
  allowRoles,
  hasControlCharacters,
  localDate,
  maskNationalId,
  maskPhone,
  PII_ROLES,
  rowScope,
  type Logger,
  type PiiCipher,
  type Viewer,
} from '@jwh/platform';
import { appendPiiExport } from '../services/pii-access.service.js';
import ExcelJS from 'exceljs';
import type { Express, RequestHandler } from 'express';
import type { Connection, Types } from 'mongoose';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Models } from '../models/index.js';
import { ACTIVE_RESIDENT } from '../models/resident.model.js';
import { inCommunityScope, routePolicy, uploadPolicy } from '../policy.js';
import { ageOn } from '../services/age.js';
import { inFacilityScope } from '../services/facility.service.js';
import { uploadsBucket } from '../services/register-import.service.js';
import { REGISTER_HEADER } from '../services/register-row.js';

/** Largest register file accepted (bytes). */
export const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;
/** Largest inspection photo accepted (bytes). */
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;

/** What an upload may be, by file extension: a register to import or an inspection photo. */
const FORMATS: Record<string, { format: 'CSV' | 'XLSX' | 'JPEG' | 'PNG'; kind: keyof typeof uploadPolicy }> = {
  csv: { format: 'CSV', kind: 'REGISTER' },
  xlsx: { format: 'XLSX', kind: 'REGISTER' },
  jpg: { format: 'JPEG', kind: 'PHOTO' },
  jpeg: { format: 'JPEG', kind: 'PHOTO' },
  png: { format: 'PNG', kind: 'PHOTO' },
};
/** The first bytes of a photo of each format: a file named .jpg must be one. */
const MAGIC: Partial<Record<string, Buffer>> = {
  JPEG: Buffer.from([0xff, 0xd8, 0xff]),
  PNG: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
};
const TAG_LABELS: Record<string, string> = {
  LOW_INCOME: '低保',
  DISABLED: '残疾',
  EMPTY_NEST: '空巢',
  LIVING_ALONE: '独居',
  VETERAN_FAMILY: '军属',
  RETIRED_CADRE: '离退休干部',
  UNEMPLOYED: '失业',
};

function fail(res: Parameters<RequestHandler>[1], status: number, code: string, message: string) {
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
}

/**
 * POST /uploads?filename=x.csv|x.xlsx|x.jpg|x.png — streams a register file (managers) or an
 * inspection photo (any staff role, at most 10 MB, checked to be one) into GridFS (never whole in memory).
 * GET /exports/inspections/:inspectionId/photo — an inspection's photo, to the staff who may inspect the facility.
 * GET /exports/grids/:gridId/register.xlsx[?purpose=…] — streams a grid's register (台账) as XLSX;
 * phones and ID numbers masked unless a staff role states a purpose (each reveal logged).
 */
export function fileRoutes(
  app: Express,
  deps: { models: Models; conn: Connection; logger: Logger; identity: RequestHandler; cipher: PiiCipher },
) {
  const { models, conn, identity, cipher } = deps;

  app.post('/uploads', identity, allowRoles(routePolicy['POST /uploads']), async (req, res) => {
    const filename = String(req.query.filename ?? '');
    const type = FORMATS[filename.split('.').pop()?.toLowerCase() ?? ''];
    if (!type || filename.length > 200)
      return fail(res, 400, 'BAD_USER_INPUT', 'filename: 须为 .csv、.xlsx、.jpg 或 .png 文件 (a .csv, .xlsx, .jpg or .png file)');
    const viewer = res.locals.viewer as Viewer;
    if (!(uploadPolicy[type.kind] as readonly string[]).includes(viewer.role))
      return fail(res, 403, 'FORBIDDEN', '无权上传此类文件 (you may not upload this kind of file)');
    const { format } = type;
    const max = type.kind === 'PHOTO' ? MAX_PHOTO_BYTES : MAX_UPLOAD_BYTES;
    const magic = MAGIC[format];
    const upload = uploadsBucket(conn).openUploadStream(filename, { metadata: { by: viewer.sub, format } });
    let bytes = 0;
    let head = Buffer.alloc(0);
    let problem: 'large' | 'type' | null = null;
    const limit = new Transform({
      transform(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        if (magic && head.length < magic.length) {
          head = Buffer.concat([head, chunk]).subarray(0, magic.length);
          if (!magic.subarray(0, head.length).equals(head)) problem = 'type';
        }
        if (bytes > max) problem = 'large';
        done(problem ? new Error(problem) : null, chunk);
      },
      flush(done) {
        if (magic && head.length < magic.length) problem = 'type';
        done(problem ? new Error(problem) : null);
      },
    });
    try {
      await pipeline(req, limit, upload);
      res.status(201).json({ uploadId: String(upload.id), format, bytes });
    } catch {
      await uploadsBucket(conn)
        .delete(upload.id)
        .catch(() => undefined);
      if (!res.headersSent)
        fail(
          res,
          problem === 'large' ? 413 : 400,
          'BAD_USER_INPUT',
          problem === 'large'
            ? '文件过大 (file too large)'
            : problem === 'type'
              ? `文件内容不是 ${format} 图片 (the file is not a ${format} image)`
              : '上传中断 (upload interrupted)',
        );
    }
  });

  app.get(
    '/exports/inspections/:inspectionId/photo',
    identity,
    allowRoles(routePolicy['GET /exports/inspections/:inspectionId/photo']),
    async (req, res) => {
      const viewer = res.locals.viewer as Viewer;
      const id = String(req.params.inspectionId);
      const inspection = /^[0-9a-f]{24}$/.test(id) ? await models.FacilityInspection.findById(id).lean().exec() : null;
      const [file] =
        inspection?.photoUploadId && inFacilityScope(viewer, inspection)
          ? await uploadsBucket(conn).find({ _id: inspection.photoUploadId }).toArray()
          : [];
      if (!file) return fail(res, 404, 'NOT_FOUND', `inspection photo ${id} not found`);
      res.setHeader('content-type', file.metadata?.format === 'PNG' ? 'image/png' : 'image/jpeg');
      res.setHeader('content-length', String(file.length));
      await pipeline(uploadsBucket(conn).openDownloadStream(file._id), res);
    },
  );

  app.get(
    '/exports/grids/:gridId/register.xlsx',
    identity,
    allowRoles(routePolicy['GET /exports/grids/:gridId/register.xlsx']),
    async (req, res) => {
      const viewer = res.locals.viewer as Viewer;
      const gridId = String(req.params.gridId);
      const visible = /^[0-9a-f]{24}$/.test(gridId)
        ? await models.Grid.findOne(allOf(rowScope(viewer, inCommunityScope), { _id: gridId, level: 'SMALL' }))
            .lean()
            .exec()
        : null;
      if (!visible || (viewer.role === 'GRID_WORKER' && !viewer.gridIds.includes(gridId)))
        return fail(res, 404, 'NOT_FOUND', `grid ${gridId} not found`);
      const purpose = typeof req.query.purpose === 'string' ? req.query.purpose.trim() : '';
      if (purpose && (purpose.length < 4 || purpose.length > 200 || hasControlCharacters(purpose)))
        return fail(
          res,
          400,
          'BAD_USER_INPUT',
          'purpose: 请说明用途,4–200 个字符,不含控制字符 (state the purpose, 4–200 characters, no control characters)',
        );
      const reveal = Boolean(purpose) && PII_ROLES.includes(viewer.role);
      const households = new Map(
        (await models.Household.find({ gridId }, { address: 1 }).lean().exec()).map((h) => [String(h._id), h.address]),
      );
      const today = localDate();

      res.setHeader('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      res.setHeader('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`${visible.name}台账.xlsx`)}`);
      const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: res, useSharedStrings: false, useStyles: false });
      const sheet = workbook.addWorksheet('台账');
      sheet.addRow([...REGISTER_HEADER, '年龄']).commit();
      // An unmasked export is logged once, before its first row leaves, with the count of residents;
      // the residents it covered are recorded in batches for "who has seen this resident's data".
      const logMembers = reveal
        ? await appendPiiExport(models, {
            communityId: String(visible.communityId),
            field: 'phone,nationalId',
            purpose,
            at: new Date(),
            actor: viewer.sub,
            role: viewer.role,
            requestId: String(req.headers['x-request-id'] ?? 'export'),
            count: await models.Resident.countDocuments({ gridId, ...ACTIVE_RESIDENT }).exec(),
            subject: `网格 ${visible.name} 台账导出 (register export)`,
          })
        : null;
      // Rows leave in batches of 500, each after its residents are recorded: a download cut short
      // has logged everyone it revealed.
      let batch: { id: Types.ObjectId; row: unknown[] }[] = [];
      const send = async () => {
        await logMembers?.(batch.map((b) => b.id));
        for (const b of batch) sheet.addRow(b.row).commit();
        batch = [];
      };
      for await (const r of models.Resident.find({ gridId, ...ACTIVE_RESIDENT })
        .sort({ householdId: 1, _id: 1 })
        .lean()
        .cursor()) {
        const nationalId = cipher.decrypt(r.nationalIdEnc);
        batch.push({
          id: r._id,
          row: [
            households.get(String(r.householdId)) ?? '',
            visible.name,
            r.name,
            r.gender === 'MALE' ? '男' : '女',
            r.birthDate,
            reveal ? nationalId : maskNationalId(nationalId),
            r.phone ? (reveal ? r.phone : maskPhone(r.phone)) : '',
            r.hukou === 'LOCAL' ? '本地' : '外地',
            r.tags.map((t) => TAG_LABELS[t] ?? t).join('、'),
            ageOn(r.birthDate, today),
          ],
        });
        if (batch.length >= 500) await send();
      }
      await send();
      sheet.commit();
      await workbook.commit();
    },
  );
}
