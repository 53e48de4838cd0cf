import { messageListReadSchema, type Message } from './messages';

const notice = (over: Partial<Record<keyof Message, unknown>>) => ({
  id: '7d7c6a52-52f4-4d0e-9f55-5c4f4a3c1b01',
  kind: 'voucher_used',
  heading: '消费券已使用',
  subject: '留京过年消费券',
  time: '2026-12-08 10:05',
  place: '新街口老北京炸酱面',
  note: '本次抵扣 40 元，还可用 3 次',
  reason: null,
  expires: null,
  createdAt: '2026-12-08T02:05:00.000Z',
  readAt: null,
  ...over,
});

describe('消息 as the app reads it', () => {
  it('leaves out a notice of a kind this build does not know, and keeps the rest', () => {
    const list = messageListReadSchema.parse({ items: [notice({}), notice({ kind: 'volunteer_hours', heading: '志愿时长已记录' })], unread: 2 });
    expect(list.items.map((m) => m.kind)).toEqual(['voucher_used']);
    expect(list.unread).toBe(2);
  });
});
