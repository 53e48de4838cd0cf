import {
  myMembershipSchema,
  smsResponseSchema,
  staffMemberDetailSchema,
  staffMemberListSchema,
  staffTransferListSchema,
  staffTransferSchema,
  transferSchema,
  type MyMembership,
  type ProfileInput,
  type RetainInput,
  type SmsResponse,
  type StaffMember,
  type StaffMemberDetail,
  type StaffMemberQuery,
  type StaffTransfer,
  type Transfer,
  type TransferInput,
} from '@union/shared';
import { ApiError } from './errors';
import { request } from './http';

/** 我的会籍 with its history, or null when the account never was a member (404 members.not_member). */
export async function fetchMyMembership(): Promise<MyMembership | null> {
  try {
    return await request({ path: '/members/me/membership', schema: myMembershipSchema });
  } catch (error) {
    if (error instanceof ApiError && error.code === 'members.not_member') return null;
    throw error;
  }
}

/** 409 members.transfer_pending, transfers.same_union; 400 orgs.not_joinable. */
export function requestTransfer(input: TransferInput): Promise<Transfer> {
  return request({ method: 'POST', path: '/members/me/transfer', body: input, schema: transferSchema });
}

export function cancelTransfer(): Promise<MyMembership> {
  return request({ method: 'POST', path: '/members/me/transfer/cancel', schema: myMembershipSchema });
}

export function leaveUnion(reason: string): Promise<MyMembership> {
  return request({ method: 'POST', path: '/members/me/leave', body: { reason }, schema: myMembershipSchema });
}

export function retainMembership(input: RetainInput): Promise<MyMembership> {
  return request({ method: 'POST', path: '/members/me/retain', body: input, schema: myMembershipSchema });
}

export function resumeMembership(): Promise<MyMembership> {
  return request({ method: 'POST', path: '/members/me/resume', schema: myMembershipSchema });
}

export function changeProfile(input: ProfileInput): Promise<MyMembership> {
  return request({ method: 'PATCH', path: '/members/me/profile', body: input, schema: myMembershipSchema });
}

/** A code to the new phone (the login code's limits apply: 60 s between codes). */
export function requestPhoneCode(phone: string): Promise<SmsResponse> {
  return request({ method: 'POST', path: '/members/me/phone/code', body: { phone }, schema: smsResponseSchema });
}

export function changePhone(phone: string, code: string): Promise<MyMembership> {
  return request({ method: 'POST', path: '/members/me/phone', body: { phone, code }, schema: myMembershipSchema });
}

// ---- staff ----

export async function fetchStaffTransfers(direction: 'in' | 'out'): Promise<StaffTransfer[]> {
  return (await request({ path: '/staff/transfers', query: { direction }, schema: staffTransferListSchema })).items;
}

type TransferAction = 'approve' | 'reject' | 'object' | 'release';

export function decideTransfer(id: string, action: TransferAction, reason?: string): Promise<StaffTransfer> {
  return request({
    method: 'POST',
    path: `/staff/transfers/${encodeURIComponent(id)}/${action}`,
    ...(reason === undefined ? {} : { body: { reason } }),
    schema: staffTransferSchema,
  });
}

export async function fetchStaffMembers(query: Partial<Pick<StaffMemberQuery, 'q' | 'status'>>): Promise<StaffMember[]> {
  return (await request({ path: '/staff/members', query: { q: query.q || undefined, status: query.status }, schema: staffMemberListSchema })).items;
}

export function fetchStaffMember(id: string): Promise<StaffMemberDetail> {
  return request({ path: `/staff/members/${encodeURIComponent(id)}`, schema: staffMemberDetailSchema });
}

export function staffLeave(id: string, reason: string): Promise<StaffMemberDetail> {
  return request({ method: 'POST', path: `/staff/members/${encodeURIComponent(id)}/leave`, body: { reason }, schema: staffMemberDetailSchema });
}
