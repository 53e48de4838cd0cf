import {
  orgSettingsListSchema,
  orgSettingsSchema,
  revealResponseSchema,
  staffApplicationSchema,
  staffQueueResponseSchema,
  type ApplicationStatus,
  type OrgSettings,
  type StaffApplication,
} from '@union/shared';
import { request } from './http';

export interface QueueParams {
  status: ApplicationStatus;
  orgId?: string;
  eventId?: string;
  phoneLast4?: string;
  limit?: number;
}

export function fetchQueue(params: QueueParams): Promise<{ items: StaffApplication[]; total: number }> {
  return request({
    path: '/staff/applications',
    query: { status: params.status, orgId: params.orgId, eventId: params.eventId, phoneLast4: params.phoneLast4, limit: params.limit },
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

/**
 * Moves a pending application to another union. It leaves this staffer's queue unless that union is
 * also in their scope. 404 out of scope, 409 applications.already_decided, 400 orgs.not_joinable.
 */
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

/** The unions this staffer covers (reviewer, admin or operator), with their settings. */
export async function fetchStaffOrgs(): Promise<OrgSettings[]> {
  const res = await request({ path: '/staff/orgs', schema: orgSettingsListSchema });
  return res.items;
}

/** Admin or operator only: 403 staff.forbidden for a reviewer, 404 outside their scope. */
export function setAutoApprove(orgId: string, autoApprove: boolean): Promise<OrgSettings> {
  return request({
    method: 'PATCH',
    path: `/staff/orgs/${encodeURIComponent(orgId)}`,
    body: { autoApprove },
    schema: orgSettingsSchema,
  });
}
