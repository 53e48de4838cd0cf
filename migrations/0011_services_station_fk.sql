-- A station id that names no station (written before this key existed) is dropped; the service keeps its address.
UPDATE "services" SET "station_id" = NULL WHERE "station_id" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "stations" WHERE "stations"."id" = "services"."station_id");--> statement-breakpoint
ALTER TABLE "services" ADD CONSTRAINT "services_station_id_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."stations"("id") ON DELETE no action ON UPDATE no action;
