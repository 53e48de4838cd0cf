import {
  facilitiesOfIds,
  facilityIds,
  minuteOfWeek,
  type Station,
  type StationFacility,
  type StationImportError,
  type StationImportReport,
  type StationList,
  type StationMap,
  type StaffRole,
} from '@union/shared';
import type { Database } from '../../db/client';
import { stationErrors } from './stations.errors';
import { serviceClock } from '../../lib/dates';
import { covers, type ScopeFor, type StaffScope } from '../../lib/scope';
import { readStationCsv } from './stations.csv';
import {
  findStationView,
  listByName,
  listNearest,
  orgsByCodes,
  ownersOfCodes,
  stationsInBox,
  upsertStations,
  type Box,
  type StationView,
} from './stations.repository';
import type { StationMemory } from './stations.memory';
import type { NewStation } from './stations.table';
import type { OrgLookup } from '../orgs';
import type { AuditPort } from '../audit';

export interface StationsServiceDeps {
  db: Database;
  now?: () => Date;
  scopeFor: ScopeFor;
  findOrg: OrgLookup;
  audit: AuditPort;
  /** The in-memory copy for nearest-first search; without it (or before it has loaded) PostgreSQL answers. */
  memory?: Pick<StationMemory, 'nearest'>;
  /** A nearest-first search (its first page) found a station of this union: the figures count station searches by it. */
  searched?: (orgId: string) => void;
}

export interface ListParams {
  near?: { lat: number; lng: number };
  facility: StationFacility[];
  openNow: boolean;
  orgId?: string;
  limit: number;
  offset: number;
}

/** Who may import a union's stations: an operator or the owning union's admin. */
export const STATION_ADMIN_ROLES: readonly StaffRole[] = ['admin', 'operator'];

/** Under this many stations in view the map shows each one; above, clusters on a grid. */
const MAP_SINGLE_MAX = 120;
/** Stations read for one map answer: a city-wide view is a sample, which clusters still represent. */
const MAP_READ_MAX = 5_000;
const MAP_GRID = 6;
/** Error lines in one import report: enough to fix a file, small enough to show. */
const REPORT_ERRORS_MAX = 1_000;

export function stationDto(v: StationView): Station {
  const { facilityIds: ids, ...rest } = v;
  return { ...rest, facilities: facilitiesOfIds(ids) };
}

/** Minute of the Beijing week (Monday 00:00 = 0): what 营业中 is checked against. */
export function beijingMinuteOfWeek(at: Date): number {
  const t = serviceClock(at);
  return minuteOfWeek(t.isoWeekday, t.hour, t.minute);
}

export function createStationsService(deps: StationsServiceDeps) {
  const { db } = deps;
  const now = () => deps.now?.() ?? new Date();

  const filterOf = (params: ListParams, minute: number) => ({
    facilityIds: facilityIds(params.facility),
    openAt: params.openNow ? minute : undefined,
    orgId: params.orgId,
  });

  return {
    /**
     * Nearest first from the in-memory copy, as the response body ready to send; undefined when there is no point
     * or no copy yet, and `list` answers from PostgreSQL.
     */
    listFromMemory(params: ListParams): Buffer | undefined {
      if (!params.near || !deps.memory) return undefined;
      const minute = beijingMinuteOfWeek(now());
      const onNearest = params.offset === 0 ? deps.searched : undefined;
      return deps.memory.nearest(params.near, filterOf(params, minute), { limit: params.limit, offset: params.offset }, minute, onNearest);
    },

    async list(params: ListParams): Promise<StationList> {
      const minute = beijingMinuteOfWeek(now());
      const filter = filterOf(params, minute);
      // One more than asked tells whether a next page exists.
      const page = { limit: params.limit + 1, offset: params.offset };
      const found = params.near ? await listNearest(db, params.near, filter, page, minute) : await listByName(db, filter, page, minute);
      if (params.near && params.offset === 0 && found[0]) deps.searched?.(found[0].orgId);
      const items = found.slice(0, params.limit).map(stationDto);
      return { items, nextOffset: found.length > params.limit ? params.offset + params.limit : null };
    },

    async get(id: string): Promise<Station> {
      const found = await findStationView(db, id, beijingMinuteOfWeek(now()));
      if (!found) throw stationErrors.notFound();
      return stationDto(found);
    },

    /** What a map viewport shows: each station, or grid clusters when there are many. */
    async map(box: Box, facility: StationFacility[], openNow: boolean): Promise<StationMap> {
      const filter = { facilityIds: facilityIds(facility), openAt: openNow ? beijingMinuteOfWeek(now()) : undefined };
      const found = await stationsInBox(db, box, filter, MAP_READ_MAX);
      if (found.length <= MAP_SINGLE_MAX) {
        return { points: found.map((s) => ({ lat: s.lat, lng: s.lng, count: 1, id: s.id, name: s.name })), total: found.length, clustered: false };
      }
      const cellLat = (box.north - box.south) / MAP_GRID;
      const cellLng = (box.east - box.west) / MAP_GRID;
      const cells = new Map<string, { lat: number; lng: number; count: number; id: string; name: string }>();
      for (const s of found) {
        const key = `${Math.min(MAP_GRID - 1, Math.floor((s.lat - box.south) / cellLat))}:${Math.min(MAP_GRID - 1, Math.floor((s.lng - box.west) / cellLng))}`;
        const cell = cells.get(key);
        if (cell) {
          cell.lat += s.lat;
          cell.lng += s.lng;
          cell.count++;
        } else cells.set(key, { lat: s.lat, lng: s.lng, count: 1, id: s.id, name: s.name });
      }
      const points = [...cells.values()].map((c) =>
        c.count === 1
          ? { lat: c.lat, lng: c.lng, count: 1, id: c.id, name: c.name }
          : { lat: c.lat / c.count, lng: c.lng / c.count, count: c.count, id: null, name: null },
      );
      return { points, total: found.length, clustered: true };
    },

    /**
     * CSV import by an operator or the owning union's admin. Good rows are saved (a known code is
     * updated, never duplicated), bad ones reported with line, column and reason.
     */
    async importCsv(accountId: string, input: { orgId: string; csv: string; dryRun?: boolean }): Promise<StationImportReport> {
      const scope = await deps.scopeFor(accountId, STATION_ADMIN_ROLES);
      return importWithin(scope, accountId, input);
    },

    /** The operator's command line: whoever can reach the database acts for every union. */
    async importAsOperator(orgCode: string, csv: string, dryRun = false): Promise<StationImportReport> {
      const org = (await orgsByCodes(db, [orgCode])).get(orgCode);
      if (!org) throw stationErrors.unknownOrgCode(orgCode);
      return importWithin({ accountId: 'cli', paths: [org.path.split('.')[0]!] }, null, { orgId: org.id, csv, dryRun });
    },
  };

  async function importWithin(
    scope: StaffScope,
    accountId: string | null,
    input: { orgId: string; csv: string; dryRun?: boolean },
  ): Promise<StationImportReport> {
    const org = await deps.findOrg(db, input.orgId);
    // Another union looks the same as a missing one.
    if (!org || !covers(scope, org.path)) throw stationErrors.orgNotFound();

    const { rows, errors, total } = await readStationCsv(input.csv);
    const unions = await orgsByCodes(db, [...new Set(rows.map((r) => r.unionCode).filter((c): c is string => c !== null))]);
    const owners = await ownersOfCodes(
      db,
      rows.map((r) => r.code),
    );
    const values: NewStation[] = [];
    const refused: StationImportError[] = [];
    for (const r of rows) {
      let target = { id: org.id, path: org.path };
      if (r.unionCode) {
        const union = unions.get(r.unionCode);
        if (!union) {
          refused.push({ row: r.row, field: 'union', message: `未找到工会编码“${r.unionCode}”` });
          continue;
        }
        if (!covers(scope, union.path)) {
          refused.push({ row: r.row, field: 'union', message: '无权为该工会导入驿站' });
          continue;
        }
        target = union;
      }
      const owner = owners.get(r.code);
      if (owner && !covers(scope, owner.orgPath)) {
        refused.push({ row: r.row, field: 'code', message: '该编号的驿站属于其他工会，无权修改' });
        continue;
      }
      const { row: _row, unionCode: _union, ...station } = r;
      values.push({ ...station, orgId: target.id });
    }
    const allErrors = [...errors, ...refused].sort((a, b) => a.row - b.row);
    const failedRows = new Set(allErrors.map((e) => e.row)).size;
    let counts = { created: 0, updated: 0 };
    if (!input.dryRun && values.length) {
      counts = await db.transaction(async (tx) => {
        const saved = await upsertStations(tx, values);
        await deps.audit.record(tx, {
          actorAccountId: accountId,
          action: 'stations.import',
          targetType: 'org',
          targetId: org.id,
          orgId: org.id,
          detail: { rows: total, ...saved, failed: failedRows },
        });
        return saved;
      });
    } else if (input.dryRun) {
      const created = values.filter((v) => !owners.has(v.code)).length;
      counts = { created, updated: values.length - created };
    }
    return { rows: total, ...counts, failed: failedRows, dryRun: Boolean(input.dryRun), errors: allErrors.slice(0, REPORT_ERRORS_MAX) };
  }
}

export type StationsService = ReturnType<typeof createStationsService>;
