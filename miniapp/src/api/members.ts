import { BANK_CONSENT_VERSION, memberCardSchema, memberCodeResponseSchema, type MemberCard, type MemberCodeResponse } from '@union/shared';
import { ApiError } from './errors';
import { request } from './http';

/** The electronic member card, or null when the account is not a member (404 members.not_member). */
export async function getMemberCard(): Promise<MemberCard | null> {
  try {
    return await request({ path: '/members/me/card', schema: memberCardSchema });
  } catch (error) {
    if (error instanceof ApiError && error.code === 'members.not_member') return null;
    throw error;
  }
}

/** 202: the bank application goes out; the card comes back with serviceCard.status 'applying'. */
export function applyServiceCard(): Promise<MemberCard> {
  return request({
    method: 'POST',
    path: '/members/me/service-card',
    body: { consentVersion: BANK_CONSENT_VERSION },
    schema: memberCardSchema,
  });
}

/** A fresh member code (会员码); the server decides how long it lives. */
export function fetchMemberCode(): Promise<MemberCodeResponse> {
  return request({ method: 'POST', path: '/members/me/code', schema: memberCodeResponseSchema });
}
