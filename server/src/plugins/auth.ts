import fastifyJwt from '@fastify/jwt';
import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config';
import { AppError } from '../lib/errors';
import { hasSessionClaims, type AccessClaims } from '../lib/session-claims';
import type { SessionRevocations } from '../modules/auth';

export { hasSessionClaims, type AccessClaims, type LiveTicketClaims } from '../lib/session-claims';

declare module '@fastify/jwt' {
  interface FastifyJWT {
    /** What may be signed; verification checks the exact shape (hasSessionClaims). */
    payload: { sub: string; typ: 'access' | 'live'; sid?: string; jti?: string };
    user: AccessClaims;
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    authenticate: (request: FastifyRequest) => Promise<void>;
  }
  interface FastifyRequest {
    accountId: string;
    sessionId: string;
  }
}

export interface AuthPluginOptions {
  jwt: Config['jwt'];
  sessions: Pick<SessionRevocations, 'isRevoked'>;
  /** Whether the account holds any staff or operator grant. */
  isStaff: (accountId: string) => Promise<boolean>;
}

/** A signed token missing any of these is refused, whatever else it says. */
const REQUIRED_CLAIMS = ['exp', 'iat', 'iss', 'aud', 'sub'];
/** How many verified access tokens an instance keeps (about 2.5 MB); the map starts afresh when it is full. */
const VERIFIED_TOKENS_KEPT = 10_000;
/** Every route under these needs a staff or operator grant, checked before the body or id is read. */
const STAFF_ROUTE = /^\/api\/v1\/(staff|admin)(\/|$)/;


/**
 * Short-lived HS256 access tokens with issuer and audience pinned on both sign and verify, each
 * bound to a session that can be revoked at once on every instance.
 */
export const authPlugin = fp(
  async (app: FastifyInstance, opts: AuthPluginOptions) => {
    await app.register(fastifyJwt, {
      secret: opts.jwt.secret,
      // @fastify/jwt takes a number as seconds (and converts it to fast-jwt's milliseconds itself).
      sign: { algorithm: 'HS256', iss: opts.jwt.issuer, aud: opts.jwt.audience, expiresIn: opts.jwt.accessTtl },
      verify: {
        algorithms: ['HS256'],
        allowedIss: opts.jwt.issuer,
        allowedAud: opts.jwt.audience,
        requiredClaims: REQUIRED_CLAIMS,
        maxAge: opts.jwt.accessTtl,
      },
    });
    app.decorateRequest('accountId', '');
    app.decorateRequest('sessionId', '');

    // Access tokens that verified, by their exact Authorization header, until they expire: a staffer scanning a
    // queue of members sends the same token with every scan, and a signature check plus @fastify/jwt's option
    // handling cost more than the scan itself. Only a token that verified is kept (so a forged one is checked
    // every time), never past its `exp` or `iat + accessTtl`; revocation is checked on every request.
    const verified = new Map<string, { claims: AccessClaims; untilMs: number }>();
    const maxAgeMs = opts.jwt.accessTtl * 1000;

    const verify = async (request: FastifyRequest, header: string): Promise<AccessClaims> => {
      const hit = verified.get(header);
      if (hit) {
        if (hit.untilMs > Date.now()) {
          request.user = hit.claims; // as jwtVerify sets it
          return hit.claims;
        }
        verified.delete(header);
      }
      if (!/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/.test(header)) throw new AppError('auth.token_invalid');
      let claims: unknown;
      try {
        claims = await request.jwtVerify<AccessClaims>();
      } catch (error) {
        const code = (error as { code?: string }).code;
        throw new AppError(code === 'FST_JWT_AUTHORIZATION_TOKEN_EXPIRED' ? 'auth.token_expired' : 'auth.token_invalid');
      }
      if (!hasSessionClaims(claims, 'access')) throw new AppError('auth.token_invalid');
      if (verified.size >= VERIFIED_TOKENS_KEPT) verified.clear();
      verified.set(header, { claims, untilMs: Math.min(claims.exp * 1000, claims.iat * 1000 + maxAgeMs) });
      return claims;
    };

    const authenticate = async (request: FastifyRequest) => {
      const header = request.headers.authorization;
      if (!header) throw new AppError('auth.required');
      const claims = await verify(request, header);
      if (opts.sessions.isRevoked(claims.sid)) throw new AppError('auth.session_revoked');
      request.accountId = claims.sub;
      request.sessionId = claims.sid;
    };
    app.decorate('authenticate', authenticate);

    // Role before input: a member probing staff routes learns nothing from validation errors.
    const staffOnly: onRequestHookHandler = async (request) => {
      if (!request.accountId) await authenticate(request);
      if (!(await opts.isStaff(request.accountId))) throw new AppError('auth.forbidden');
    };
    app.addHook('onRoute', (route) => {
      if (!STAFF_ROUTE.test(route.url)) return;
      const existing = route.onRequest ? (Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest]) : [];
      route.onRequest = [...existing, staffOnly];
    });
  },
  { name: 'auth' },
);
