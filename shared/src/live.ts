import { z } from 'zod';
import { applicationStatusSchema } from './enums';

/** A short-lived ticket that opens one live stream (EventSource cannot send an Authorization header). */
export const liveTicketSchema = z.object({ ticket: z.string(), expiresIn: z.number().int() });
export type LiveTicket = z.infer<typeof liveTicketSchema>;

export const liveStreamQuerySchema = z.strictObject({ ticket: z.string().min(20).max(2000) });

/** `event: application` on the live stream: an application changed; the client refetches what it shows. */
export const liveApplicationEventSchema = z.object({
  id: z.string(),
  status: applicationStatusSchema,
  /** The subscriber's own application (the applicant's page), as opposed to one in their queue. */
  mine: z.boolean(),
});
export type LiveApplicationEvent = z.infer<typeof liveApplicationEventSchema>;
