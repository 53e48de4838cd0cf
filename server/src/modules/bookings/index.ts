export { bookings, bookingStatus, type BookingRow } from './bookings.table';
export { createBookingsService, bookingJobs, limitWindow, CHECK_IN_ROLES, type BookingsService, type CheckInHook, type SlotPort } from './bookings.service';
export { bookingsRoutes } from './bookings.routes';
