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

export const GENDER_LABELS: Record<'male' | 'female', string> = { male: '男', female: '女' };

/** 1990-03-02 -> 1990年3月2日, without going through Date (no time-zone shift). */
export function formatBirthDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  if (!y || !m || !d) return date;
  return `${y}年${m}月${d}日`;
}

/** 2024-03-05T08:05:00Z -> 3月5日 16:05 (local). */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getMonth() + 1}月${d.getDate()}日 ${formatClock(d)}`;
}

export function formatClock(d: Date): string {
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** 11010226000123 -> 1101 0226 0001 23: groups of four are easier to read out and compare. */
export function groupDigits(value: string, size = 4): string {
  const chars = value.replace(/\s+/g, '');
  const groups: string[] = [];
  for (let i = 0; i < chars.length; i += size) groups.push(chars.slice(i, i + size));
  return groups.join(' ');
}

/** 刚刚, 5分钟前, 2小时前, else the date and time. */
export function formatAgo(iso: string, now = Date.now()): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const minutes = Math.floor((now - t) / 60_000);
  if (minutes < 1) return '刚刚';
  if (minutes < 60) return `${minutes}分钟前`;
  if (minutes < 24 * 60) return `${Math.floor(minutes / 60)}小时前`;
  return formatDateTime(iso);
}
