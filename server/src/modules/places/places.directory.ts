import type { PlaceKind } from '@union/shared';
import type { StaffScope } from '../../lib/scope';

/** What the benefits need to know about a place, whichever module owns it. */
export interface ResolvedPlace {
  kind: PlaceKind;
  id: string;
  name: string;
  /** The owning union: staff scope and campaign ownership are checked against its path. */
  orgId: string;
  orgPath: string;
  lat: number | null;
  lng: number | null;
}

export type PlaceResolver = (id: string) => Promise<Omit<ResolvedPlace, 'kind' | 'id'> | undefined>;

/** A search of the places of one kind: by name or address, ordered by name, `limit` rows from `offset`. */
export interface PlaceQuery {
  text?: string;
  limit: number;
  offset: number;
}

/** One place to pick; `address` is null where the kind has none of its own (stall events). */
export interface PlaceRow {
  id: string;
  name: string;
  address: string | null;
  orgName: string;
}

/** The places of one kind in a staffer's scope, for picking where a campaign can be claimed or a service is held. */
export type PlaceLister = (scope: StaffScope, q: PlaceQuery) => Promise<PlaceRow[]>;

/**
 * One resolver (and one lister) per place kind, registered in app.ts by the module that owns that kind (events now; stations and
 * merchants when their modules land). A kind with no resolver has no places: every look-up is "not found".
 */
export interface PlaceDirectory {
  resolve(kind: PlaceKind, id: string): Promise<ResolvedPlace | undefined>;
  list(kind: PlaceKind, scope: StaffScope, q: PlaceQuery): Promise<PlaceRow[]>;
}

export function createPlaceDirectory(
  resolvers: Partial<Record<PlaceKind, PlaceResolver>>,
  listers: Partial<Record<PlaceKind, PlaceLister>> = {},
): PlaceDirectory {
  return {
    async list(kind, scope, q) {
      const lister = listers[kind];
      return lister ? lister(scope, q) : [];
    },
    async resolve(kind, id) {
      const resolver = resolvers[kind];
      if (!resolver) return undefined;
      const found = await resolver(id);
      return found ? { kind, id, ...found } : undefined;
    },
  };
}
