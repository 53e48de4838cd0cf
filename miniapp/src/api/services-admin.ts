import type { z } from 'zod';
import {
  serviceListSchema,
  serviceSchema,
  slotCreatedSchema,
  slotBookersSchema,
  slotCancelResultSchema,
  slotListSchema,
  type Service,
  type SlotBookers,
  type SlotCancelResult,
  type serviceInputSchema,
  type servicePatchSchema,
  type Slot,
  type SlotInput,
  type SlotSchedule,
} from '@union/shared';
import { request } from './http';

export type ServiceInput = z.input<typeof serviceInputSchema>;
export type ServicePatch = z.input<typeof servicePatchSchema>;

/** The services of the unions this admin or operator covers (403 staff.forbidden for other staff). */
export async function listManagedServices(): Promise<Service[]> {
  return (await request({ path: '/admin/services', query: { limit: 100 }, schema: serviceListSchema })).items;
}

export function getManagedService(id: string): Promise<Service> {
  return request({ path: `/admin/services/${encodeURIComponent(id)}`, schema: serviceSchema });
}

export async function listManagedSlots(id: string): Promise<Slot[]> {
  return (await request({ path: `/admin/services/${encodeURIComponent(id)}/slots`, query: { limit: 100 }, schema: slotListSchema })).items;
}

export function createService(input: ServiceInput): Promise<Service> {
  return request({ method: 'POST', path: '/admin/services', body: input, schema: serviceSchema });
}

export function updateService(id: string, patch: ServicePatch): Promise<Service> {
  return request({ method: 'PATCH', path: `/admin/services/${encodeURIComponent(id)}`, body: patch, schema: serviceSchema });
}

/** One slot; 400 services.slot_ends_before_start / slot_zero_length / slot_in_past, 409 services.slot_overlap. */
export function addSlot(id: string, input: SlotInput) {
  return request({ method: 'POST', path: `/admin/services/${encodeURIComponent(id)}/slots`, body: input, schema: slotCreatedSchema });
}

/** Every chosen weekday between from and to (Beijing dates), at each time. */
export function generateSlots(id: string, schedule: SlotSchedule) {
  return request({ method: 'POST', path: `/admin/services/${encodeURIComponent(id)}/slots/generate`, body: schedule, schema: slotCreatedSchema });
}

/** Who is on a slot: masked names and phones, booked and the waitlist in order (admins of the service's union). */
export function slotBookers(serviceId: string, slotId: string): Promise<SlotBookers> {
  return request({ path: `/admin/services/${encodeURIComponent(serviceId)}/slots/${encodeURIComponent(slotId)}/bookings`, schema: slotBookersSchema });
}

/** Cancels a slot: everyone on it is told `reason`; the slot takes no more bookings. Again: nothing changes. */
export function cancelSlot(serviceId: string, slotId: string, reason: string): Promise<SlotCancelResult> {
  return request({
    method: 'POST',
    path: `/admin/services/${encodeURIComponent(serviceId)}/slots/${encodeURIComponent(slotId)}/cancel`,
    body: { reason },
    schema: slotCancelResultSchema,
  });
}
