import {
  revealResponseSchema,
  staffApplicationSchema,
  staffQueueResponseSchema,
  type ApplicationStatus,
  type StaffApplication,
} from '@union/shared';
import { request } from './http';

export interface QueueParams {
  status: ApplicationStatus;
  orgId?: string;
  limit?: number;
}

export function fetchQueue(params: QueueParams): Promise<{ items: StaffApplication[]; total: number }> {
  return request({
    path: '/staff/applications',
    query: { status: params.status, orgId: params.orgId, limit: params.limit },
    schema: staffQueueResponseSchema,
  });
}

export function fetchStaffApplication(id: string): Promise<StaffApplication> {
  return request({ path: `/staff/applications/${encodeURIComponent(id)}`, schema: staffApplicationSchema });
}

/** 409 applications.already_decided when someone else got there first. */
export function approveApplication(id: string): Promise<StaffApplication> {
  return request({ method: 'POST', path: `/staff/applications/${encodeURIComponent(id)}/approve`, schema: staffApplicationSchema });
}

export function rejectApplication(id: string, reason: string): Promise<StaffApplication> {
  return request({
    method: 'POST',
    path: `/staff/applications/${encodeURIComponent(id)}/reject`,
    body: { reason },
    schema: staffApplicationSchema,
  });
}

export function reassignApplication(id: string, orgId: string, reason: string): Promise<StaffApplication> {
  return request({
    method: 'POST',
    path: `/staff/applications/${encodeURIComponent(id)}/reassign`,
    body: { orgId, reason },
    schema: staffApplicationSchema,
  });
}

/** The unmasked value; the server records who asked and why. */
export async function revealField(id: string, field: 'idNumber' | 'phone', reason: string): Promise<string> {
  const res = await request({
    method: 'POST',
    path: `/staff/applications/${encodeURIComponent(id)}/reveal`,
    body: { field, reason },
    schema: revealResponseSchema,
  });
  return res.value;
}
