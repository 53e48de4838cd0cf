import Taro from '@tarojs/taro';

const TEMPLATE_IDS = (process.env.TARO_APP_SUBSCRIBE_TEMPLATES ?? '')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean)
  .slice(0, 3);

/**
 * Asks the member, on the tap that books or submits, to allow the messages we send later (booking
 * confirmed, promoted, reminder). WeChat only allows it inside a tap, so call it before any await.
 * H5 has no such thing, and a refusal never stops the booking.
 */
export function requestSubscription(): void {
  if (process.env.TARO_ENV !== 'weapp' || TEMPLATE_IDS.length === 0) return;
  try {
    void Taro.requestSubscribeMessage({ tmplIds: TEMPLATE_IDS, entityIds: [] } as unknown as Taro.requestSubscribeMessage.Option).catch(() => undefined);
  } catch {
    // Older base libraries lack it; the SMS channel still reaches the member.
  }
}
