-- Nearest stations: cube + earthdistance (contrib, on PostgreSQL and PGlite alike). ll_to_earth() puts a
-- point on the earth's surface as a 3-D cube; `<->` between two of them is the straight-line distance,
-- which orders points the same way as the great-circle distance, and a GiST index answers
-- ORDER BY ... <-> ... LIMIT n by walking the tree (KNN), without reading every station. Facility and
-- opening-hours filters are checked as rows come off that walk (see stations.repository.ts).
CREATE EXTENSION IF NOT EXISTS cube;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS earthdistance;--> statement-breakpoint
CREATE INDEX "stations_earth_idx" ON "stations" USING gist (ll_to_earth("lat", "lng"));
