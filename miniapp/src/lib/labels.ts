import type { MeResponse, MembershipSummary, StaffRole } from '@union/shared';

export type AccountRole = MeResponse['roles'][number];

export const ROLE_LABELS: Record<AccountRole, string> = {
  applicant: '申请人',
  member: '会员',
  staff: '工会工作人员',
  operator: '运营',
  merchant: '普惠商户店员',
};

export const GRANT_ROLE_LABELS: Record<StaffRole, string> = {
  reviewer: '审核员',
  scanner: '核验员',
  admin: '管理员',
  operator: '运营',
};

export const MEMBERSHIP_STATUS_LABELS: Record<MembershipSummary['status'], string> = {
  active: '正常',
  retained: '保留会籍',
  transferring: '转出中',
  left: '已退会',
};

export const GENDER_LABELS: Record<'male' | 'female', string> = { male: '男', female: '女' };

/** 11010226000123 -> 1101 0226 0001 23: groups of four are easier to read out and compare. */
export function groupDigits(value: string, size = 4): string {
  const chars = value.replace(/\s+/g, '');
  const groups: string[] = [];
  for (let i = 0; i < chars.length; i += size) groups.push(chars.slice(i, i + size));
  return groups.join(' ');
}

/** Where to claim a benefit, in one line: a campaign honoured at 17 shops names the first few and how many more. */
export function placesText(places: { name: string }[], max = 3): string {
  const names = places.map((p) => p.name);
  return names.length <= max ? names.join('、') : `${names.slice(0, max).join('、')} 等 ${names.length} 处`;
}
