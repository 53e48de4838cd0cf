import {
  stationListResponseSchema,
  stationMapConfigSchema,
  stationMapResponseSchema,
  stationImportReportSchema,
  stationSchema,
  type Station,
  type StationImportReport,
  type StationFacility,
  type StationList,
  type StationMap,
  type StationMapConfig,
} from '@union/shared';
import { request } from './http';

export interface StationQuery {
  near: { lat: number; lng: number };
  facility: StationFacility[];
  openNow: boolean;
  limit?: number;
  offset?: number;
}

/** Nearest rest stations first, each with its distance in metres. Public: no sign-in needed. */
export function listStations(q: StationQuery): Promise<StationList> {
  return request({
    path: '/stations',
    query: {
      near: `${q.near.lat.toFixed(6)},${q.near.lng.toFixed(6)}`,
      facility: q.facility.join(',') || undefined,
      openNow: q.openNow ? 'true' : undefined,
      limit: q.limit ?? 20,
      offset: q.offset || undefined,
    },
    schema: stationListResponseSchema,
    auth: false,
  });
}

export interface MapBox {
  south: number;
  west: number;
  north: number;
  east: number;
}

/** What a map viewport shows: single stations, or server-side clusters when there are many. */
export function stationsOnMap(box: MapBox, facility: StationFacility[], openNow: boolean): Promise<StationMap> {
  return request({
    path: '/stations/map',
    query: {
      bbox: [box.south, box.west, box.north, box.east].map((n) => n.toFixed(6)).join(','),
      facility: facility.join(',') || undefined,
      openNow: openNow ? 'true' : undefined,
    },
    schema: stationMapResponseSchema,
    auth: false,
  });
}

/** One station by id (its name and address, e.g. the station a service is held at). Public. */
export function getStation(id: string): Promise<Station> {
  return request({ path: `/stations/${encodeURIComponent(id)}`, schema: stationSchema, auth: false });
}

let mapConfig: Promise<StationMapConfig> | null = null;

/** The operator's H5 map tiles, or none (then the app draws its diagram). Asked once per visit; a failure asks again next time. */
export function stationMapConfig(): Promise<StationMapConfig> {
  mapConfig ??= request({ path: '/stations/map-config', schema: stationMapConfigSchema, auth: false }).catch((error: unknown) => {
    mapConfig = null;
    throw error;
  });
  return mapConfig;
}

/**
 * A station import (the file base64, read as UTF-8 or GBK): a dry run reports every row without saving; an import
 * saves the good rows (a known code is updated) and reports the bad ones. Waits up to 3 minutes for a big file.
 */
export function importStations(input: { orgId: string; file: string; dryRun: boolean }): Promise<StationImportReport> {
  return request({ method: 'POST', path: '/admin/stations/import', body: input, schema: stationImportReportSchema, timeoutMs: 180_000 });
}
