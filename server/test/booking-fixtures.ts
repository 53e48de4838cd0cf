import type { FastifyInstance } from 'fastify';

export const inHours = (h: number, from = Date.now()) => new Date(from + h * 3_600_000).toISOString();

/** A service of the union `orgId` created through the admin API, with one slot. */
export async function serviceWithSlot(
  app: FastifyInstance,
  admin: Record<string, string>,
  orgId: string,
  opts: { capacity: number; rules?: Record<string, unknown>; startsInHours?: number; kind?: string },
) {
  const created = await app.inject({
    method: 'POST',
    url: '/api/v1/admin/services',
    headers: admin,
    payload: {
      kind: opts.kind ?? 'legal_aid',
      orgId,
      title: '劳动争议法律咨询',
      description: '律师一对一解答欠薪、工伤、劳动合同问题',
      place: { address: '北京市西城区新街口外大街甲14号' },
      ...opts.rules,
    },
  });
  if (created.statusCode !== 201) throw new Error(`service: ${created.statusCode} ${created.body}`);
  const serviceId = created.json().id as string;
  const start = opts.startsInHours ?? 48;
  const slot = await app.inject({
    method: 'POST',
    url: `/api/v1/admin/services/${serviceId}/slots`,
    headers: admin,
    payload: { startsAt: inHours(start), endsAt: inHours(start + 1), capacity: opts.capacity },
  });
  if (slot.statusCode !== 201) throw new Error(`slot: ${slot.statusCode} ${slot.body}`);
  return { serviceId, slotId: slot.json().items[0].id as string };
}
