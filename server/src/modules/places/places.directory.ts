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

/** The places of one kind in a staffer's scope, for picking where a campaign can be claimed. */
export type PlaceLister = (scope: StaffScope, q: { text?: string; limit: number }) => Promise<{ id: string; name: string; orgName: string }[]>;

/**
 * One resolver (and one lister) per place kind, registered in app.ts by the module that owns that kind (events now; stations and
 * merchants when their modules land). A kind with no resolver has no places: every look-up is "not found".
 */
export interface PlaceDirectory {
  resolve(kind: PlaceKind, id: string): Promise<ResolvedPlace | undefined>;
  list(kind: PlaceKind, scope: StaffScope, q: { text?: string; limit: number }): Promise<{ id: string; name: string; orgName: string }[]>;
}

export function createPlaceDirectory(resolvers: Partial<Record<PlaceKind, PlaceResolver>>, listers: Partial<Record<PlaceKind, PlaceLister>> = {}): PlaceDirectory {
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
