import type { z } from 'zod';
import { stallEventListSchema, stallEventSchema, type StallEvent, type eventInputSchema } from '@union/shared';
import { request } from './http';

export type EventInput = z.input<typeof eventInputSchema>;

/** Public: what the stall's QR code points at (404 events.not_found, 409 events.ended). */
export function getEvent(code: string): Promise<StallEvent> {
  return request({ path: `/events/${encodeURIComponent(code)}`, schema: stallEventSchema, auth: false });
}

export function createEvent(input: EventInput): Promise<StallEvent> {
  return request({ method: 'POST', path: '/staff/events', body: input, schema: stallEventSchema });
}

/** The stall events of the staffer's unions, with their application counts. */
export async function listMyEvents(): Promise<StallEvent[]> {
  const res = await request({ path: '/staff/events', schema: stallEventListSchema });
  return res.items;
}
