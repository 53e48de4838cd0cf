// Distances on earthdistance's sphere (shared greatCircleMetres), so they match the SQL path's `earth_distance` to the metre.
import { facilitiesOfIds, greatCircleMetres } from '@union/shared';
import { sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../db/client';
import { createTurns } from '../../lib/turns';
import type { StationFilter } from './stations.repository';

const CHUNK_BYTES = 16 * 1024 * 1024;
/** Rows per read while loading: on PGlite the read runs on the server's own event loop (about 40 µs a row). */
const LOAD_BATCH = 1_000;
/** Rows whose JSON is built between two turns of the event loop at most (about 8 µs each on an idle machine). */
const ROWS_PER_TURN = 1_000;
/**
 * Stations one answer may test against its filters (a few milliseconds of the event loop). A filter almost no
 * station meets would otherwise walk the whole tree (about 50 ms for 1,000,000 stations, blocking every other
 * request); past this the answer comes from PostgreSQL, whose walk runs outside the server's event loop.
 */
const MAX_TESTED = 60_000;

/** kdbush's index, as far as this file uses it (a type import of the ES module would not compile to CommonJS). */
interface KDBush {
  add(x: number, y: number): number;
  finish(): unknown;
}
type Geo = { around(index: KDBush, lng: number, lat: number, maxResults?: number, maxDistance?: number, predicate?: (id: number) => boolean): number[] };

/** One loaded copy: replaced whole by a reload, never changed in place. */
interface Snapshot {
  count: number;
  index: KDBush;
  lat: Float64Array;
  lng: Float64Array;
  /** Facilities as bits (positions in shared STATION_FACILITIES). */
  facilities: Uint32Array;
  /** Into `weeks`: the distinct opening-hour patterns, as flat [from, to) minute pairs of the Beijing week. */
  week: Uint32Array;
  weeks: Int32Array[];
  org: Uint32Array;
  /** Union id to its position in `orgTails` (the `org` values). */
  orgIndex: Map<string, number>;
  /** The union ids, by position (the `org` values). */
  orgIds: string[];
  /** `,"orgId":…,"orgName":…` per union. */
  orgTails: Buffer[];
  /** The station's JSON up to (not including) openNow, in shared chunks: chunk, offset and length of each. */
  chunk: Uint16Array;
  offset: Uint32Array;
  length: Uint32Array;
  chunks: Buffer[];
  bytes: number;
}

export interface StationMemoryOptions {
  db: Database;
  /** Largest copy to hold (fragments and arrays); a bigger table is answered by SQL only. 0 turns the copy off. */
  budgetBytes: number;
  log?: FastifyBaseLogger;
  /** Stations one answer may test (MAX_TESTED; tests lower it). */
  maxTested?: number;
}

const TOO_RARE = Symbol('too rare');

const parseWeek = (text: string): number[] => [...text.matchAll(/\[(\d+),(\d+)\)/g)].flatMap((m) => [Number(m[1]), Number(m[2])]);

const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows;

interface LoadRow {
  id: string;
  code: string;
  name: string;
  host_kind: string;
  address: string;
  district: string | null;
  lat: number | string;
  lng: number | string;
  facility_ids: number[] | string;
  hours: string;
  is24h: boolean;
  open_week: string;
  org_id: string;
}

/**
 * The nearest-station search held in the process: every station's position, facilities, hours and union in
 * typed arrays under a static k-d tree (kdbush, walked nearest first by geokdbush), and its JSON ready to send.
 * A nearest-20 answer is then a tree walk and a copy of twenty byte ranges, with no database round trip and no
 * serialiser: the GiST walk in PostgreSQL it replaces cost about 1.3 ms of database CPU per request on 1,000,000
 * stations, and the rows' parsing and serialisation another 0.5 ms in the server.
 *
 * PostgreSQL stays the source of truth. A copy is loaded at start (SQL answers until it is ready) and reloaded
 * whole, in the background, when an import commits (`stations_changed`, NOTIFY at commit, to every instance) and
 * when the periodic check finds the table's row count or newest change differs (a notification lost while the
 * LISTEN connection reconnected). The old copy answers until the new one is complete.
 */
// eslint-disable-next-line max-lines-per-function -- the copy's loader, its typed arrays and the search that reads them share one closure, so an answer never sees a half-loaded copy
export function createStationMemory(options: StationMemoryOptions) {
  const { db, log } = options;
  const maxTested = options.maxTested ?? MAX_TESTED;
  let current: Snapshot | undefined;
  let geo: Geo | undefined;
  let loading: Promise<void> | undefined;
  let again = false;
  let closed = false;
  /** `count(*)` and `max(updated_at)` at the last complete load, kept or over budget: what the check compares. */
  let seen: string | undefined;

  async function signature(): Promise<string> {
    const [row] = rowsOf<{ n: number; at: string | null }>(await db.execute(sql`select count(*)::int as n, max(updated_at)::text as at from stations`));
    return `${row?.n ?? 0}@${row?.at ?? ''}`;
  }

  async function build(): Promise<Snapshot | undefined> {
    const started = Date.now();
    const sig = await signature();
    const [{ default: KDBushClass }, geokdbush] = await Promise.all([import('kdbush'), import('geokdbush')]);
    geo = geokdbush as unknown as Geo;
    const total = Number(sig.split('@')[0]);
    // A little room for rows inserted while loading; they wait for the next reload if there are more.
    let capacity = Math.max(16, Math.ceil(total * 1.05) + 16);
    let lat = new Float64Array(capacity);
    let lng = new Float64Array(capacity);
    let facilities = new Uint32Array(capacity);
    let week = new Uint32Array(capacity);
    let org = new Uint32Array(capacity);
    let chunk = new Uint16Array(capacity);
    let offset = new Uint32Array(capacity);
    let length = new Uint32Array(capacity);
    const grow = () => {
      capacity *= 2;
      const bigger = <T extends Float64Array | Uint32Array | Uint16Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(capacity);
        b.set(a);
        return b;
      };
      [lat, lng, facilities, week, org, chunk, offset, length] = [
        bigger(lat),
        bigger(lng),
        bigger(facilities),
        bigger(week),
        bigger(org),
        bigger(chunk),
        bigger(offset),
        bigger(length),
      ];
    };
    const weekIds = new Map<string, number>();
    const weeks: Int32Array[] = [];
    const orgIndex = new Map<string, number>();
    const orgIds: string[] = [];
    const chunks: Buffer[] = [Buffer.allocUnsafe(CHUNK_BYTES)];
    let used = 0;
    let bytes = 0;
    let count = 0;
    let after = '00000000-0000-0000-0000-000000000000';
    const turns = createTurns(ROWS_PER_TURN);
    for (;;) {
      const batch = rowsOf<LoadRow>(
        await db.execute(sql`
          select id, code, name, host_kind, address, district, lat, lng, facility_ids, hours, is24h, open_week::text as open_week, org_id
          from stations where id > ${after}::uuid order by id limit ${LOAD_BATCH}`),
      );
      for (const r of batch) {
        // Let requests run every few milliseconds: a reload of a million rows must not stall the server.
        if (turns.due()) await turns.take();
        if (count === capacity) grow();
        const ids = typeof r.facility_ids === 'string' ? r.facility_ids.replace(/[{}]/g, '').split(',').filter(Boolean).map(Number) : r.facility_ids;
        const la = Number(r.lat);
        const ln = Number(r.lng);
        const text = JSON.stringify({
          id: r.id,
          code: r.code,
          name: r.name,
          hostKind: r.host_kind,
          address: r.address,
          district: r.district,
          lat: la,
          lng: ln,
          facilities: facilitiesOfIds(ids),
          hours: r.hours,
          is24h: r.is24h,
        }).slice(0, -1);
        const size = Buffer.byteLength(text);
        if (used + size > CHUNK_BYTES) {
          chunks.push(Buffer.allocUnsafe(Math.max(CHUNK_BYTES, size)));
          used = 0;
        }
        chunks[chunks.length - 1]!.write(text, used);
        chunk[count] = chunks.length - 1;
        offset[count] = used;
        length[count] = size;
        used += size;
        bytes += size;
        lat[count] = la;
        lng[count] = ln;
        let mask = 0;
        for (const f of ids) mask |= 1 << f;
        facilities[count] = mask >>> 0;
        let w = weekIds.get(r.open_week);
        if (w === undefined) {
          w = weeks.push(Int32Array.from(parseWeek(r.open_week))) - 1;
          weekIds.set(r.open_week, w);
        }
        week[count] = w;
        let o = orgIndex.get(r.org_id);
        if (o === undefined) {
          o = orgIds.push(r.org_id) - 1;
          orgIndex.set(r.org_id, o);
        }
        org[count] = o;
        count++;
      }
      const arrays = capacity * (8 + 8 + 4 * 5 + 2);
      if (bytes + arrays > options.budgetBytes) {
        log?.warn({ budgetBytes: options.budgetBytes, stations: total }, 'stations do not fit STATIONS_MEMORY_MB: nearest-first search stays in PostgreSQL');
        seen = sig;
        return undefined;
      }
      if (closed) return undefined;
      if (batch.length < LOAD_BATCH) break;
      after = batch[batch.length - 1]!.id;
      await turns.take();
    }
    const orgTails = await orgTailsOf(orgIds);
    const index = new KDBushClass(Math.max(count, 1));
    for (let i = 0; i < count; i++) index.add(lng[i]!, lat[i]!);
    if (count === 0) index.add(0, 0); // kdbush needs a point; a predicate below never accepts it
    index.finish();
    log?.info({ stations: count, megabytes: Math.round((bytes + capacity * 38) / 1048576), ms: Date.now() - started }, 'stations loaded into memory');
    seen = sig;
    return { count, index, lat, lng, facilities, week, weeks, org, orgIndex, orgIds, orgTails, chunk, offset, length, chunks, bytes };
  }

  async function orgTailsOf(orgIds: string[]): Promise<Buffer[]> {
    if (!orgIds.length) return [];
    const names = new Map(
      rowsOf<{ id: string; name: string }>(await db.execute(sql`select id, name from orgs where id = any(${`{${orgIds.join(',')}}`}::uuid[])`)).map((r) => [
        r.id,
        r.name,
      ]),
    );
    return orgIds.map((id) => Buffer.from(`,"orgId":${JSON.stringify(id)},"orgName":${JSON.stringify(names.get(id) ?? '')}`));
  }

  /** Loads a new copy; one at a time, and one more after it when asked meanwhile. */
  function reload(): Promise<void> {
    if (options.budgetBytes <= 0 || closed) return Promise.resolve();
    if (loading) {
      again = true;
      return loading;
    }
    loading = (async () => {
      try {
        do {
          again = false;
          current = await build();
        } while (again && !closed);
      } catch (error) {
        log?.error({ err: error }, 'loading stations into memory failed: SQL answers until the next reload');
      } finally {
        loading = undefined;
      }
    })();
    return loading;
  }

  return {
    reload,
    /** Reloads when the table changed since the copy was made (row count or newest update). */
    async check(): Promise<void> {
      if (options.budgetBytes <= 0 || closed || loading) return;
      if (seen === undefined) return reload();
      // Over budget the table is not loaded again until it changes.
      if ((await signature()) !== seen) await reload();
    },
    get ready(): boolean {
      return current !== undefined;
    },
    /** Stops reloading; waits for a reload under way to stop at its next batch. */
    async close(): Promise<void> {
      closed = true;
      await loading;
    },

    /**
     * Nearest first from the copy, as the response body (`{"items":[…],"nextOffset":…}`), or undefined when
     * there is no copy (still loading, over budget) or the filter is met by so few stations that the walk would
     * test more than MAX_TESTED: the caller asks PostgreSQL.
     */
    /** `onNearest`: told the union of the nearest station found (the figures count searches by it). */
    nearest(
      at: { lat: number; lng: number },
      filter: StationFilter,
      page: { limit: number; offset: number },
      minute: number,
      onNearest?: (orgId: string) => void,
    ): Buffer | undefined {
      const s = current;
      if (!s || !geo) return undefined;
      let want = 0;
      for (const f of filter.facilityIds) want |= 1 << f;
      want >>>= 0;
      const orgWanted = filter.orgId === undefined ? -1 : (s.orgIndex.get(filter.orgId) ?? -1);
      if (filter.orgId !== undefined && orgWanted < 0) return Buffer.from('{"items":[],"nextOffset":null}');
      const openAt = filter.openAt;
      const { count, facilities, org, week, weeks } = s;
      const openIn = (i: number, minuteOfWeek: number) => {
        const ranges = weeks[week[i]!]!;
        for (let k = 0; k < ranges.length; k += 2) if (minuteOfWeek >= ranges[k]! && minuteOfWeek < ranges[k + 1]!) return true;
        return false;
      };
      let tested = 0;
      const predicate = (i: number) => {
        if (++tested > maxTested) throw TOO_RARE;
        return i < count && (facilities[i]! & want) >>> 0 === want && (orgWanted < 0 || org[i] === orgWanted) && (openAt === undefined || openIn(i, openAt));
      };
      let found: number[];
      try {
        // One more than the page tells whether a next page exists.
        // Without a filter every station qualifies: no test per station (the empty copy holds one placeholder point).
        const filtered = want !== 0 || orgWanted >= 0 || openAt !== undefined || count === 0;
        found = geo.around(s.index, at.lng, at.lat, page.offset + page.limit + 1, Infinity, filtered ? predicate : undefined);
      } catch (error) {
        if (error === TOO_RARE) return undefined;
        throw error;
      }
      const end = Math.min(found.length, page.offset + page.limit);
      if (onNearest && found.length > 0) onNearest(s.orgIds[org[found[0]!]!]!);
      // One buffer, sized up front: each station's ready JSON and its union's copied in, the rest written as ASCII.
      let size = 64;
      for (let n = page.offset; n < end; n++) size += s.length[found[n]!]! + s.orgTails[org[found[n]!]!]!.length + 48;
      const out = Buffer.allocUnsafe(size);
      let pos = out.write('{"items":[', 0, 'latin1');
      for (let n = page.offset; n < end; n++) {
        const i = found[n]!;
        if (n > page.offset) out[pos++] = 0x2c; // ,
        const from = s.offset[i]!;
        pos += s.chunks[s.chunk[i]!]!.copy(out, pos, from, from + s.length[i]!);
        pos += out.write(openIn(i, minute) ? ',"openNow":true' : ',"openNow":false', pos, 'latin1');
        pos += s.orgTails[org[i]!]!.copy(out, pos);
        pos += out.write(`,"distance":${Math.round(greatCircleMetres(at, { lat: s.lat[i]!, lng: s.lng[i]! }))}}`, pos, 'latin1');
      }
      pos += out.write(`],"nextOffset":${found.length > end ? end : 'null'}}`, pos, 'latin1');
      return out.subarray(0, pos);
    },
  };
}

export type StationMemory = ReturnType<typeof createStationMemory>;
