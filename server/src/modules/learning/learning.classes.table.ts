import { sql } from 'drizzle-orm';
import { check, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { accounts } from '../auth';
import { services } from '../services';
import { lessons } from './learning.table';

/**
 * A class (课堂): a service of kind `course` that teaches a lesson and/or is broadcast live. The service holds the
 * place, the slots and the bookings; this row only adds the lesson and the live link. Attending a session (the
 * booking checked in) pays the `class_attended` rule whether or not the service has a row here.
 */
export const classes = pgTable(
  'classes',
  {
    serviceId: uuid()
      .primaryKey()
      .references(() => services.id),
    lessonId: uuid().references(() => lessons.id),
    liveUrl: text(),
    updatedBy: uuid()
      .notNull()
      .references(() => accounts.id),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('classes_live_url_https', sql`${t.liveUrl} is null or ${t.liveUrl} like 'https://%'`)],
);

export type ClassRow = typeof classes.$inferSelect;
