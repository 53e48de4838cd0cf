import type { NotificationKind } from '@union/shared';
import { AdapterError } from '../http';

/** What one notification says and to whom; the dispatcher resolves the recipient. */
export interface NotificationMessage {
  kind: NotificationKind;
  data: Record<string, string>;
  to: { openId: string | null; phone: string | null };
}

export interface NotificationSender {
  readonly name: string;
  /** Sends it, or throws: an AdapterError to retry later, a PermanentNotifyError never to retry. */
  send(message: NotificationMessage): Promise<{ channel: string }>;
}

/** No retry can help: no recipient on this channel, the member refused the subscription, a bad template. */
export class PermanentNotifyError extends AdapterError {
  readonly permanent = true;
}

export const isPermanent = (error: unknown): boolean => error instanceof PermanentNotifyError;

/** The four things every message says, in the order SMS templates take them. */
export function messageFields(m: Pick<NotificationMessage, 'kind' | 'data'>): { title: string; time: string; place: string; note: string } {
  const d = m.data;
  return { title: d.title ?? '', time: d.time ?? '', place: d.place ?? '', note: d.note ?? '' };
}
