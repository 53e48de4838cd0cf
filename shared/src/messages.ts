import { z } from 'zod';
import { cursorParam, limitParam } from './paging';
import { NOTIFICATION_KINDS } from './enums';

/**
 * What the message centre lists: every kind the outbox sends, and the member's own claims (福利领取), which are
 * read from the claims themselves (the member made them on the screen: nothing is pushed, and the claim's hot path
 * writes no second row).
 */
export const MESSAGE_KINDS = [...NOTIFICATION_KINDS, 'benefit_claimed'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];
export const messageKindSchema = z.enum(MESSAGE_KINDS);

/** The heading of each notice in the message centre (消息), the same words the SMS and WeChat templates lead with. */
export const MESSAGE_HEADINGS: Record<MessageKind, string> = {
  booking_confirmed: '预约成功',
  booking_promoted: '候补成功，已为您预约',
  booking_offered: '有人取消，候补名额待您确认',
  booking_reminder: '预约即将开始',
  booking_cancelled: '预约已被取消',
  application_approved: '入会申请已通过',
  application_rejected: '入会申请未通过',
  transfer_requested: '会员申请转出',
  transfer_approved: '转会已办理',
  transfer_declined: '转会未办成',
  membership_left: '已退会',
  membership_retained: '已保留会籍',
  voucher_used: '消费券已使用',
  voucher_voided: '消费券已作废',
  benefit_claimed: '领取成功',
};

/** One notice the outbox sent (or will send) to the member, as the message centre lists it. */
export const messageSchema = z.object({
  id: z.string(),
  kind: messageKindSchema,
  heading: z.string(),
  /** What it is about: the service or the application. */
  subject: z.string(),
  /** When and where: the slot time, the union. */
  time: z.string(),
  place: z.string(),
  note: z.string(),
  /** Why an application was not approved; when an offered place must be confirmed by. */
  reason: z.string().nullable(),
  expires: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type Message = z.infer<typeof messageSchema>;
/** `next`: the cursor of the page after this one (older notices), null on the last page. */
export const messageListSchema = z.object({ items: z.array(messageSchema), unread: z.number().int(), next: z.string().nullable() });
export type MessageList = z.infer<typeof messageListSchema>;
/**
 * The list as the app reads it: a notice of a kind this build does not know yet (a newer server added one) is left out
 * instead of failing the whole list, so an installed mini-program keeps its 消息 when a kind is added.
 */
export const messageListReadSchema = z.object({
  items: z.array(z.unknown()).transform((items) =>
    items.flatMap((item) => {
      const read = messageSchema.safeParse(item);
      return read.success ? [read.data] : [];
    }),
  ),
  unread: z.number().int(),
  // A server from before paging sends none: the list then has no next page.
  next: z.string().nullable().default(null),
});
export const messageListQuerySchema = z.strictObject({ limit: limitParam(100, 50), before: cursorParam() });
export const unreadCountSchema = z.object({ unread: z.number().int() });
export type UnreadCount = z.infer<typeof unreadCountSchema>;

/** Whether notices may go by SMS where no WeChat subscription reaches the member (the H5 app). */
export const messageSettingsSchema = z.object({ smsConsent: z.boolean(), consentAt: z.string().nullable() });
export type MessageSettings = z.infer<typeof messageSettingsSchema>;
export const messageSettingsInputSchema = z.strictObject({ smsConsent: z.boolean({ error: '请选择是否接收短信通知' }) });
export type MessageSettingsInput = z.infer<typeof messageSettingsInputSchema>;

/** Shown beside the switch in 我的: what the member agrees to. */
export const SMS_CONSENT_TEXT = '在浏览器中使用时，审核结果、候补名额和预约提醒将以短信发送到您登录的手机号。可随时关闭。';
