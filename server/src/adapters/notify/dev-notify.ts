import type { NotificationMessage, NotificationSender } from './notify.adapter';

/** Development sender: records what it would send (tests read `sent`) and logs it without phone numbers. */
export function createDevNotifier(log?: { info(obj: object, msg: string): void }): NotificationSender & { sent: NotificationMessage[] } {
  const sent: NotificationMessage[] = [];
  return {
    name: 'dev',
    sent,
    async send(message) {
      sent.push(message);
      log?.info(
        { notification: { kind: message.kind, data: message.data, openId: Boolean(message.to.openId), phone: Boolean(message.to.phone) } },
        'dev notifier: would send',
      );
      return { channel: 'dev' };
    },
  };
}
