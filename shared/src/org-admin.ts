import { z } from 'zod';
import { orgKindSchema } from './enums';
import { OFFICE_HOURS_PATTERN } from './orgs';

/** A union's code: its segment of the tree path (bj.xc.xjk), lower-case letters and digits. */
export const orgCodeSchema = z
  .string({ error: '请填写工会代码' })
  .trim()
  .regex(/^[a-z0-9]{1,24}$/, { error: '工会代码为1-24位小写字母或数字' });

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

/** What an admin sets on a union (create and edit); the parent and the code are set at creation only. */
const orgFields = {
  name: z.string({ error: '请填写工会名称' }).trim().min(2, { error: '工会名称至少2个字' }).max(60, { error: '工会名称不超过60个字' }),
  kind: orgKindSchema,
  regionCode: z.string({ error: '请填写行政区划代码' }).regex(/^\d{6}$/, { error: '行政区划代码为6位数字' }),
  address: optionalText(120),
  lat: z.number().min(-90).max(90).nullable().optional(),
  lng: z.number().min(-180).max(180).nullable().optional(),
  contactPhone: z
    .string()
    .trim()
    .regex(/^[\d-]{7,20}$/, { error: '办公电话格式不正确' })
    .nullable()
    .optional(),
  officeHours: z.string().trim().regex(OFFICE_HOURS_PATTERN, { error: '办公时间格式应为 1-5 09:00-17:30' }).nullable().optional(),
  autoApprove: z.boolean().optional(),
  takesJoins: z.boolean().optional(),
  acceptsUnaffiliated: z.boolean().optional(),
};

export const orgCreateSchema = z.strictObject({ parentId: z.uuid({ error: '请选择上级工会' }), code: orgCodeSchema, ...orgFields });
export type OrgCreate = z.infer<typeof orgCreateSchema>;
export const orgUpdateSchema = z.strictObject(orgFields).partial();
export type OrgUpdate = z.infer<typeof orgUpdateSchema>;
export const orgMoveSchema = z.strictObject({ parentId: z.uuid({ error: '请选择新的上级工会' }) });
/** Where a closing union's members and pending applications go; required when it has any. */
export const orgCloseSchema = z.strictObject({ moveTo: z.uuid({ error: '请选择接收会员的工会' }).optional() });

export const orgDetailSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  kind: orgKindSchema,
  parentId: z.string().nullable(),
  path: z.string(),
  regionCode: z.string(),
  address: z.string().nullable(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  contactPhone: z.string().nullable(),
  officeHours: z.string().nullable(),
  autoApprove: z.boolean(),
  takesJoins: z.boolean(),
  acceptsUnaffiliated: z.boolean(),
  closedAt: z.string().nullable(),
});
export type OrgDetail = z.infer<typeof orgDetailSchema>;
export const orgDetailListSchema = z.object({ items: z.array(orgDetailSchema) });
export const orgCloseResponseSchema = z.object({ org: orgDetailSchema, membersMoved: z.number().int(), applicationsMoved: z.number().int() });

// How deep the union tree goes (org-limits.ts: schema-free, for the error messages every first load carries).
export { ORG_MAX_DEPTH } from './org-limits';

/**
 * A union tree import: an .xlsx (its first sheet) or a CSV in UTF-8 or GBK, checked row by row; nothing is written on
 * a dry run or when any row is bad. The file comes base64 in `file` (a page uploads what the person picked), or as
 * CSV text in `csv` (scripts).
 */
export const ORG_IMPORT_MAX_ROWS = 20_000;
/** The largest file taken: 20,000 unions are about 1 MB as .xlsx and 2 MB as CSV. */
export const ORG_IMPORT_MAX_BYTES = 5 * 1024 * 1024;

/** The columns of the file, by key; the template's headers are the Chinese labels. */
export const ORG_IMPORT_COLUMNS = ['code', 'parent', 'name', 'kind', 'region', 'address', 'phone', 'hours'] as const;
export type OrgImportColumn = (typeof ORG_IMPORT_COLUMNS)[number];
export const ORG_IMPORT_COLUMN_LABELS: Record<OrgImportColumn, string> = {
  code: '代码',
  parent: '上级代码',
  name: '名称',
  kind: '类型',
  region: '区划代码',
  address: '地址',
  phone: '办公电话',
  hours: '办公时间',
};

export const orgImportInputSchema = z
  .strictObject({
    csv: z.string().min(1, { error: '文件是空的' }).max(ORG_IMPORT_MAX_BYTES, { error: '文件太大（最多5MB）' }).optional(),
    /** The file's bytes, base64. */
    file: z
      .base64({ error: '文件内容应为 base64 编码' })
      .min(1, { error: '文件是空的' })
      .max(Math.ceil(ORG_IMPORT_MAX_BYTES / 3) * 4, { error: '文件太大（最多5MB）' })
      .optional(),
    /** The name the file had on the phone, for the audit row. */
    fileName: z.string().trim().max(200).optional(),
    dryRun: z.boolean().optional(),
  })
  .refine((v) => (v.csv === undefined) !== (v.file === undefined), { error: '请上传一个 .xlsx 或 CSV 文件', path: ['file'] });
export type OrgImportInput = z.infer<typeof orgImportInputSchema>;
export const orgImportReportSchema = z.object({
  total: z.number().int(),
  created: z.number().int(),
  dryRun: z.boolean(),
  /** How the file was read: the first sheet of an .xlsx, or CSV in UTF-8 or GBK. */
  readAs: z.enum(['xlsx', 'utf-8', 'gbk']),
  /** Every bad row: its line in the file (a sheet's row number), its column (null: the whole row) and why. */
  errors: z.array(z.object({ row: z.number().int(), column: z.enum(ORG_IMPORT_COLUMNS).nullable(), message: z.string() })),
});
export type OrgImportReport = z.infer<typeof orgImportReportSchema>;
