import { z } from 'zod';
import { orgContactSchema } from './orgs';
import {
  applicationKindSchema,
  applicationStatusSchema,
  genderSchema,
  realNameOutcomeSchema,
  workerCategorySchema,
  type ApplicationStatus,
  type WorkerCategory,
} from './enums';
import { ageOn, checkIdNumber } from './validators/id-number';
import { checkName } from './validators/text';
import { applicantOrgIdSchema, eventCodeSchema, plainTextSchema } from './fields';

/** The privacy notice the applicant consents to; its version is stored with each application. */
export const PRIVACY_NOTICE_VERSION = '2026-11-v1';
export const PRIVACY_NOTICE_TEXT =
  '为办理入会，工会将收集您的姓名、身份证号、手机号、工作单位、职业类别和工作区域，仅用于会员登记、会籍管理和会员服务。身份证号和手机号加密保存，工作人员仅在审核必要时查看并留有记录。未经您单独同意，不会向任何第三方提供。';
/** Separate consent: data shared with the partner bank to open the member service card. */
export const BANK_CONSENT_VERSION = '2026-11-bank-v1';
export const BANK_CONSENT_TEXT = '我同意工会将我的姓名、身份证号和手机号提供给合作银行（北京银行），仅用于办理工会会员互助服务卡。';

export const WORKER_CATEGORIES: Record<WorkerCategory, string> = {
  courier: '快递员',
  rider: '外卖配送员',
  ride_hailing: '网约车司机',
  truck: '货车司机',
  domestic: '家政服务员',
  security: '保安员',
  other: '其他',
};

/** Beijing's 16 districts (GB/T 2260). */
export const WORK_DISTRICTS: { code: string; name: string }[] = [
  { code: '110101', name: '东城区' },
  { code: '110102', name: '西城区' },
  { code: '110105', name: '朝阳区' },
  { code: '110106', name: '丰台区' },
  { code: '110107', name: '石景山区' },
  { code: '110108', name: '海淀区' },
  { code: '110109', name: '门头沟区' },
  { code: '110111', name: '房山区' },
  { code: '110112', name: '通州区' },
  { code: '110113', name: '顺义区' },
  { code: '110114', name: '昌平区' },
  { code: '110115', name: '大兴区' },
  { code: '110116', name: '怀柔区' },
  { code: '110117', name: '平谷区' },
  { code: '110118', name: '密云区' },
  { code: '110119', name: '延庆区' },
];
const districtCodes = new Set(WORK_DISTRICTS.map((d) => d.code));

/** The platforms each kind of worker is most likely to name first; free text is allowed too. */
export const EMPLOYERS_BY_CATEGORY: Partial<Record<WorkerCategory, readonly string[]>> = {
  courier: ['顺丰速运', '京东物流', '中通快递', '圆通速递', '韵达快递', '申通快递', '极兔速递', '中国邮政EMS'],
  rider: ['美团', '饿了么', '闪送', 'UU跑腿'],
  ride_hailing: ['滴滴出行', '曹操出行', 'T3出行', '高德打车'],
  truck: ['货拉拉', '满帮', '快狗打车'],
};
/** Every suggested employer, once. */
export const EMPLOYER_SUGGESTIONS: readonly string[] = [...new Set(Object.values(EMPLOYERS_BY_CATEGORY).flat())];

export const REJECT_REASONS = ['身份信息与证件不符', '信息不完整，请补充后重新提交', '已是其他工会会员，请办理转会', '不属于本工会受理范围'] as const;

export const idNumberSchema = z.string({ error: '请输入身份证号' }).transform((value, ctx) => {
  const result = checkIdNumber(value);
  if (!result.ok) {
    ctx.addIssue({ code: 'custom', message: result.message });
    return z.NEVER;
  }
  return result.idNumber;
});

/** The legal working age (劳动法 第十五条): younger applicants cannot join. */
export const MIN_APPLICANT_AGE = 16;

/** An applicant's ID number: valid, and of a person of working age. */
export const applicantIdNumberSchema = idNumberSchema.superRefine((idNumber, ctx) => {
  const birthDate = `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;
  if (ageOn(birthDate) < MIN_APPLICANT_AGE) {
    ctx.addIssue({ code: 'custom', message: `未满${MIN_APPLICANT_AGE}周岁（法定劳动年龄），暂不能申请入会` });
  }
});

export const personNameSchema = z.string({ error: '请输入姓名' }).transform((value, ctx) => {
  const result = checkName(value);
  if (!result.ok) {
    ctx.addIssue({ code: 'custom', message: result.message });
    return z.NEVER;
  }
  return result.name;
});

export const workDistrictSchema = z.string({ error: '请选择工作区域' }).refine((v) => districtCodes.has(v), { error: '请选择工作区域' });

export const applicationInputSchema = z.strictObject({
  name: personNameSchema,
  idNumber: applicantIdNumberSchema,
  employer: plainTextSchema('工作单位或平台', 2, 60),
  category: workerCategorySchema,
  workDistrict: workDistrictSchema,
  /** The union chosen by the applicant; routing decides when absent. */
  orgId: applicantOrgIdSchema.optional(),
  /** The stall event whose code was scanned: the application goes to that event's union. */
  eventCode: eventCodeSchema.optional(),
  consentVersion: z.literal(PRIVACY_NOTICE_VERSION, { error: '请阅读并同意个人信息保护说明' }),
});
export type ApplicationInput = z.input<typeof applicationInputSchema>;

export const APPLICATION_STATUS_LABELS: Record<ApplicationStatus, string> = {
  pending: '待审核',
  approved: '已通过',
  rejected: '未通过',
  withdrawn: '已撤回',
};

export const applicationSchema = z.object({
  id: z.string(),
  kind: applicationKindSchema,
  status: applicationStatusSchema,
  orgId: z.string(),
  orgName: z.string(),
  /** The reviewing union's phone and opening hours, for the applicant waiting on it. */
  orgContact: orgContactSchema,
  eventId: z.string().nullable(),
  eventTitle: z.string().nullable(),
  name: z.string(),
  idNumber: z.string().describe('masked: 110***********002X'),
  gender: genderSchema,
  birthDate: z.string(),
  employer: z.string(),
  category: workerCategorySchema,
  workDistrict: z.string(),
  rejectReason: z.string().nullable(),
  memberNo: z.string().nullable(),
  submittedAt: z.string(),
  decidedAt: z.string().nullable(),
});
export type Application = z.infer<typeof applicationSchema>;
export const myApplicationsResponseSchema = z.object({ items: z.array(applicationSchema) });

export const applicationWarningSchema = z.object({
  code: z.enum(['already_member', 'transfer_request', 'realname_unverified', 'resubmitted']),
  message: z.string(),
});

/**
 * What a reviewer sees in lists: the age, never the birth date, which together with the masked ID's
 * last four characters would narrow the full number to a handful of candidates.
 */
export const staffApplicationSchema = applicationSchema.omit({ birthDate: true }).extend({
  age: z.number().int(),
  phone: z.string().describe('masked: 138****5678'),
  warnings: z.array(applicationWarningSchema),
  realName: realNameOutcomeSchema,
  decidedBy: z.string().nullable(),
});
export type StaffApplication = z.infer<typeof staffApplicationSchema>;

export const staffQueueQuerySchema = z.strictObject({
  status: applicationStatusSchema.default('pending'),
  orgId: z.uuid().optional(),
  /** Only this stall event's applications. */
  eventId: z.uuid({ error: '活动不存在' }).optional(),
  /** The last 4 digits of the applicant's phone (the masked phone shows them too). */
  phoneLast4: z
    .string()
    .regex(/^\d{4}$/, { error: '请输入手机号后4位' })
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const staffQueueResponseSchema = z.object({ items: z.array(staffApplicationSchema), total: z.number().int() });

export const rejectInputSchema = z.strictObject({ reason: plainTextSchema('驳回原因', 2, 200) });
export const reassignInputSchema = z.strictObject({ orgId: z.uuid({ error: '请选择工会' }), reason: plainTextSchema('转交原因', 2, 200) });
export const revealInputSchema = z.strictObject({
  field: z.enum(['idNumber', 'phone']),
  reason: plainTextSchema('查看原因', 2, 200),
});
export const revealResponseSchema = z.object({ field: z.enum(['idNumber', 'phone']), value: z.string() });

export const idParamSchema = z.strictObject({ id: z.uuid({ error: '编号格式不正确' }) });

/** The largest ID-card photo the reader takes: the client downscales to ≤1280 px JPEG, far below this. */
export const ID_CARD_IMAGE_MAX_BYTES = 2 * 1024 * 1024;

/** A photo of the ID card's portrait side, base64 (no data: prefix). Read once, never stored. */
export const idCardOcrRequestSchema = z.strictObject({
  image: z
    .string({ error: '请拍摄身份证人像面' })
    .min(100, { error: '照片无法识别，请重新拍摄' })
    .max(Math.ceil(ID_CARD_IMAGE_MAX_BYTES / 3) * 4, { error: '照片太大，请重新拍摄' })
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, { error: '照片格式错误，请重新拍摄' }),
});
export type IdCardOcrRequest = z.infer<typeof idCardOcrRequestSchema>;

/** What was read, for the applicant to confirm: their own card, so the ID number comes back whole. */
export const idCardOcrResponseSchema = z.object({ name: z.string(), idNumber: z.string() });
export type IdCardOcrResponse = z.infer<typeof idCardOcrResponseSchema>;

/** Which union an application with these answers would go to, before anything is submitted. */
export const routePreviewQuerySchema = z.strictObject({
  district: z.string().regex(/^\d{6}$/, { error: '请选择工作所在区' }),
  category: workerCategorySchema,
  eventCode: eventCodeSchema.optional(),
  orgId: z.uuid({ error: '工会编号格式错误' }).optional(),
});
export type RoutePreviewQuery = z.infer<typeof routePreviewQuerySchema>;

export const routePreviewResponseSchema = z.object({
  org: z.object({ id: z.string(), name: z.string(), contact: orgContactSchema }).nullable(),
});
export type RoutePreviewResponse = z.infer<typeof routePreviewResponseSchema>;
