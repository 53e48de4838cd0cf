import type { NotificationKind } from '@union/shared';
import { createDevNotifier } from './dev-notify';
import { isPermanent, type NotificationSender } from './notify.adapter';
import { createTencentSmsNotifier, type TencentSmsNotifyConfig } from './tencent-sms-notify';
import { createWechatSubscribe, type WechatSubscribeConfig } from './wechat-subscribe';

export interface NotifyConfig {
  /** In order of preference: a message goes by the first channel that can reach the member. */
  channels: ('dev' | 'wechat' | 'sms')[];
  wechat: WechatSubscribeConfig;
  sms: TencentSmsNotifyConfig;
}

/** Parses `booking_confirmed:123,booking_promoted:456` (config.ts validates the kinds). */
export function templateMap(raw: string): Partial<Record<NotificationKind, string>> {
  return Object.fromEntries(
    raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((pair) => pair.split(':').map((s) => s.trim()) as [string, string]),
  );
}

/**
 * The channels chosen by NOTIFY_CHANNELS, tried in order: WeChat first when the member subscribed,
 * SMS when WeChat cannot reach them (no openid, subscription refused). A passing failure on one
 * channel is retried later rather than sent by the next, so a member is not told twice.
 */
export function createNotifier(config: NotifyConfig, log?: { info(obj: object, msg: string): void }): NotificationSender {
  const senders = config.channels.map((c) =>
    c === 'wechat' ? createWechatSubscribe(config.wechat) : c === 'sms' ? createTencentSmsNotifier(config.sms) : createDevNotifier(log),
  );
  if (senders.length === 1) return senders[0]!;
  return {
    name: senders.map((s) => s.name).join('+'),
    async send(message) {
      let last: unknown;
      for (const sender of senders) {
        try {
          return await sender.send(message);
        } catch (error) {
          if (!isPermanent(error)) throw error;
          last = error;
        }
      }
      throw last;
    },
  };
}
