import {
  bookingListSchema,
  bookingSchema,
  checkInResultSchema,
  serviceListSchema,
  serviceSchema,
  slotListSchema,
  type Booking,
  type CheckInResult,
  type Service,
  type ServiceKind,
  type Slot,
} from '@union/shared';
import { request } from './http';

/** Services the member's union may use (404 members.not_member for someone who is not a member). */
export async function listServices(kind?: ServiceKind): Promise<Service[]> {
  return (await request({ path: '/services', query: kind ? { kind, limit: 100 } : { limit: 100 }, schema: serviceListSchema })).items;
}

export function getService(id: string): Promise<Service> {
  return request({ path: `/services/${encodeURIComponent(id)}`, schema: serviceSchema });
}

export async function listSlots(serviceId: string): Promise<Slot[]> {
  return (await request({ path: `/services/${encodeURIComponent(serviceId)}/slots`, query: { limit: 100 }, schema: slotListSchema })).items;
}

/** Booked, or waitlisted with a position; the same booking again when this slot is already booked. */
export function bookSlot(slotId: string): Promise<Booking> {
  return request({ method: 'POST', path: '/bookings', body: { slotId }, schema: bookingSchema });
}

export async function myBookings(): Promise<Booking[]> {
  return (await request({ path: '/bookings/mine', query: { limit: 100 }, schema: bookingListSchema })).items;
}

export function cancelBooking(id: string): Promise<Booking> {
  return request({ method: 'DELETE', path: `/bookings/${encodeURIComponent(id)}`, schema: bookingSchema });
}

export function acceptOffer(id: string): Promise<Booking> {
  return request({ method: 'POST', path: `/bookings/${encodeURIComponent(id)}/accept`, schema: bookingSchema });
}

/** Staff: the scanned booking code; a repeated scan answers the same. */
export function checkInBooking(token: string): Promise<CheckInResult> {
  return request({ method: 'POST', path: '/staff/bookings/check-in', body: { token }, schema: checkInResultSchema });
}
