import {
  messageListReadSchema,
  messageSchema,
  messageSettingsSchema,
  unreadCountSchema,
  type Message,
  type MessageList,
  type MessageSettings,
} from '@union/shared';
import { request } from './http';

/** A page of 消息, newest first; `before` (a page's `next`) for the older ones after it. */
export function myMessages(before?: string): Promise<MessageList> {
  return request({ path: '/messages', query: { limit: MESSAGES_PAGE_SIZE, ...(before ? { before } : {}) }, schema: messageListReadSchema });
}

export const MESSAGES_PAGE_SIZE = 30;

/** For the badges on 首页 and 我的: a background check, never a reason to open the login page. */
export async function unreadCount(): Promise<number> {
  return (await request({ path: '/messages/unread-count', schema: unreadCountSchema, loginOnAuthFailure: false })).unread;
}

export function markMessageRead(id: string): Promise<Message> {
  return request({ method: 'POST', path: `/messages/${encodeURIComponent(id)}/read`, schema: messageSchema });
}

export function markAllMessagesRead(): Promise<number> {
  return request({ method: 'POST', path: '/messages/read-all', schema: unreadCountSchema }).then((r) => r.unread);
}

export function messageSettings(): Promise<MessageSettings> {
  return request({ path: '/messages/settings', schema: messageSettingsSchema });
}

export function setSmsConsent(smsConsent: boolean): Promise<MessageSettings> {
  return request({ method: 'PUT', path: '/messages/settings', body: { smsConsent }, schema: messageSettingsSchema });
}
