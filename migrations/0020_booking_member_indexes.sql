DROP INDEX "bookings_account_id_slot_starts_at_index";--> statement-breakpoint
CREATE INDEX "bookings_account_id_service_id_slot_starts_at_index" ON "bookings" USING btree ("account_id","service_id","slot_starts_at");--> statement-breakpoint
CREATE INDEX "bookings_no_shows_idx" ON "bookings" USING btree ("account_id","slot_starts_at") WHERE status = 'no_show';