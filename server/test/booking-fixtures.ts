import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../src/db/client';
import { accounts } from '../src/modules/auth';
import { memberships } from '../src/modules/members';
import { orgs } from '../src/modules/orgs';

let counter = 0;

/** `n` members of the union with `orgCode`, inserted directly (the join flow has its own tests); their access headers. */
export async function insertMembers(app: FastifyInstance, db: Database, orgCode: string, n: number) {
  const [org] = await db.select({ id: orgs.id }).from(orgs).where(eq(orgs.code, orgCode));
  const tag = randomUUID().slice(0, 8);
  const rows = Array.from({ length: n }, (_, i) => ({ id: randomUUID(), i: counter++ + i }));
  counter += n;
  await db.insert(accounts).values(rows.map((r) => ({ id: r.id, phoneHash: `test-${tag}-${r.i}`, phoneEnc: null })));
  await db.insert(memberships).values(
    rows.map((r) => ({
      memberNo: `T${tag}${r.i}`,
      personIdHash: `person-${tag}-${r.i}`,
      accountId: r.id,
      orgId: org!.id,
      name: `会员${r.i}`,
      gender: 'male' as const,
      idEnc: 'x',
      phoneEnc: 'x',
    })),
  );
  return rows.map((r) => ({ accountId: r.id, auth: { authorization: `Bearer ${app.jwt.sign({ sub: r.id, typ: 'access', sid: randomUUID() })}` } }));
}

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
    payload: { kind: opts.kind ?? 'legal_aid', orgId, title: '劳动争议法律咨询', description: '律师一对一解答欠薪、工伤、劳动合同问题', place: { address: '北京市西城区新街口外大街甲14号' }, ...opts.rules },
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
