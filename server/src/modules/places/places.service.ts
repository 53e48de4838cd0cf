import { claimLinks, PLACE_OFFSET_MAX, STAFF_ROLES, type PlaceCode, type PlaceKind, type PlaceOptionList, type StaffRole } from '@union/shared';
import type { Database } from '../../db/client';
import { covers, type ScopeFor } from '../../lib/scope';
import { SignedCodeError, type CodeSigner } from '../../lib/signed-codes';
import type { ShortCodeIssuer } from '../shortcodes';
import type { PlaceDirectory, ResolvedPlace } from './places.directory';
import { placeErrors } from './places.errors';
import * as repo from './places.repository';

export const PLACE_CODE_PURPOSE = 'p';
/** A rotating place code: a new one every 30 s on the staffer's phone, accepted for 60 s from its step's start. */
export const PLACE_CODE_STEP_SECONDS = 30;
export const PLACE_CODE_MAX_AGE_SECONDS = 60;
/** How long an instance trusts the poster generation it read (a reprint revokes old posters within this time). */
const GENERATION_TTL_MS = 5_000;

const KIND_LETTER: Record<PlaceKind, string> = { station: 's', event: 'e', merchant: 'm' };
const LETTER_KIND = Object.fromEntries(Object.entries(KIND_LETTER).map(([k, l]) => [l, k])) as Record<string, PlaceKind>;

/** The signed subject for a place: kind letter + the uuid's 32 hex digits (fits the code's subject rules). */
export function placeSubject(kind: PlaceKind, id: string): string {
  return `${KIND_LETTER[kind]}${id.replace(/-/g, '')}`;
}

function parseSubject(subject: string): { kind: PlaceKind; id: string } | null {
  const m = /^([sem])([0-9a-f]{32})$/.exec(subject);
  if (!m) return null;
  const h = m[2]!;
  return { kind: LETTER_KIND[m[1]!]!, id: `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}` };
}

export interface VerifiedPlaceCode {
  kind: PlaceKind;
  id: string;
  rotating: boolean;
}

export const SHOW_ROLES: readonly StaffRole[] = STAFF_ROLES;
export const PRINT_ROLES: readonly StaffRole[] = ['admin', 'operator'];

export interface PlacesServiceDeps {
  db: Database;
  codes: CodeSigner;
  directory: PlaceDirectory;
  scopeFor: ScopeFor;
  now?: () => Date;
  /** The short code printed under the QR. */
  shortCodes?: ShortCodeIssuer;
}

export function createPlacesService(deps: PlacesServiceDeps) {
  const { db, codes, directory } = deps;
  const now = deps.now ?? (() => new Date());
  const generations = new Map<string, { generation: number | undefined; until: number }>();

  async function currentGeneration(kind: PlaceKind, id: string): Promise<number | undefined> {
    const key = `${kind}:${id}`;
    const cached = generations.get(key);
    const t = Date.now();
    if (cached && cached.until > t) return cached.generation;
    const generation = await repo.findGeneration(db, kind, id);
    if (generations.size > 50_000) generations.clear();
    generations.set(key, { generation, until: t + GENERATION_TTL_MS });
    return generation;
  }

  async function placeInScope(accountId: string, kind: PlaceKind, id: string, roles: readonly StaffRole[]): Promise<ResolvedPlace> {
    const scope = await deps.scopeFor(accountId, roles);
    const place = await directory.resolve(kind, id);
    // Another union's place looks the same as a missing one.
    if (!place || !covers(scope, place.orgPath)) throw placeErrors.notFound();
    return place;
  }

  const view = (p: ResolvedPlace) => ({ kind: p.kind, id: p.id, name: p.name });
  const shortCodeOf = async (code: string, expiresAt: Date | null) =>
    deps.shortCodes ? ((await deps.shortCodes([{ purpose: 'place', text: code, expiresAt }]))[0] ?? null) : null;

  return {
    directory,
    placeInScope,

    /** The code on a staffer's phone; the page fetches the next one at `refreshAt`. */
    async rotatingCode(accountId: string, kind: PlaceKind, id: string): Promise<PlaceCode> {
      const place = await placeInScope(accountId, kind, id, SHOW_ROLES);
      const t = now().getTime() / 1000;
      const { code, issuedAt } = codes.signRotating(PLACE_CODE_PURPOSE, placeSubject(kind, id), t);
      const expiresAt = new Date((issuedAt + PLACE_CODE_MAX_AGE_SECONDS) * 1000);
      return {
        place: view(place),
        code,
        shortCode: await shortCodeOf(code, expiresAt),
        expiresAt: expiresAt.toISOString(),
        refreshAt: new Date((issuedAt + PLACE_CODE_STEP_SECONDS) * 1000).toISOString(),
        ...claimLinks(code),
      };
    },

    /**
     * A page of the places of one kind in the caller's scope, searched by name or address: a campaign's 领取地点 and a
     * service's 驿站 (admins and operators, who run both). One row more than asked tells whether there is a next page.
     */
    async listInScope(accountId: string, kind: PlaceKind, q: { text?: string; limit: number; offset: number }): Promise<PlaceOptionList> {
      const scope = await deps.scopeFor(accountId, PRINT_ROLES);
      const rows = await directory.list(kind, scope, { text: q.text || undefined, limit: q.limit + 1, offset: q.offset });
      // No next page past the furthest offset a search may ask for (加载更多 would answer 400): narrow the search.
      const more = rows.length > q.limit && q.offset + q.limit <= PLACE_OFFSET_MAX;
      return { items: rows.slice(0, q.limit).map((r) => ({ kind, ...r })), nextOffset: more ? q.offset + q.limit : null };
    },

    /** A new poster code; every earlier print of this place stops working. */
    async printPoster(accountId: string, kind: PlaceKind, id: string): Promise<PlaceCode> {
      const place = await placeInScope(accountId, kind, id, PRINT_ROLES);
      const generation = await repo.bumpGeneration(db, kind, id, now());
      generations.delete(`${kind}:${id}`);
      const code = codes.signStatic(PLACE_CODE_PURPOSE, placeSubject(kind, id), generation);
      return { place: view(place), code, shortCode: await shortCodeOf(code, null), expiresAt: null, refreshAt: null, ...claimLinks(code) };
    },

    /** Signature, purpose and time first, then (static codes) the poster generation. */
    async verify(token: string): Promise<VerifiedPlaceCode> {
      let verified;
      try {
        verified = codes.verify(token, {
          purpose: PLACE_CODE_PURPOSE,
          maxAgeSeconds: PLACE_CODE_MAX_AGE_SECONDS,
          allowStatic: true,
          now: now().getTime() / 1000,
        });
      } catch (error) {
        if (error instanceof SignedCodeError) throw placeErrors.fromCode(error.reason);
        throw error;
      }
      const place = parseSubject(verified.subject);
      if (!place) throw placeErrors.fromCode('malformed');
      if (verified.generation !== null && verified.generation !== (await currentGeneration(place.kind, place.id))) throw placeErrors.revoked();
      return { ...place, rotating: verified.step !== null };
    },
  };
}

export type PlacesService = ReturnType<typeof createPlacesService>;
