import type { MeResponse, MembershipSummary, StaffRole } from '@union/shared';

export type AccountRole = MeResponse['roles'][number];

export const ROLE_LABELS: Record<AccountRole, string> = {
  applicant: '申请人',
  member: '会员',
  staff: '工会工作人员',
  operator: '运营',
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

/** 2024-03-05T08:00:00Z -> 2024年3月5日 (local date). */
export function formatDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日`;
}

export function greeting(date = new Date()): string {
  const h = date.getHours();
  if (h < 5) return '夜深了';
  if (h < 11) return '早上好';
  if (h < 13) return '中午好';
  if (h < 18) return '下午好';
  return '晚上好';
}
