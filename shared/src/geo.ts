/** A point in degrees. Stations and merchants are stored in GCJ-02 (what Chinese maps and WeChat use). */
export interface GeoPoint {
  lat: number;
  lng: number;
}

/**
 * The one earth radius every distance in the project uses: the sphere of PostgreSQL's earthdistance (`earth()`),
 * so a distance computed here matches the stations' SQL `earth_distance` to the metre.
 */
export const EARTH_RADIUS_M = 6_378_168;

const RAD = Math.PI / 180;

/** Great-circle metres between two points (haversine) on the sphere of EARTH_RADIUS_M. */
export function greatCircleMetres(a: GeoPoint, b: GeoPoint): number {
  const s1 = Math.sin(((b.lat - a.lat) * RAD) / 2);
  const s2 = Math.sin(((b.lng - a.lng) * RAD) / 2);
  const h = s1 * s1 + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * s2 * s2;
  // Rounding can push h a hair over 1 for points on opposite sides of the earth.
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}
