import fastifyJwt from '@fastify/jwt';
import { createVerifier } from 'fast-jwt';
import type { FastifyInstance, FastifyRequest, FastifySchema, onRequestHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import type { StaffRole } from '@union/shared';
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
  interface FastifyContextConfig {
    /**
     * The roles a staff or admin route needs (any one of them, in any union): checked when the request arrives,
     * before its body, query or id are read, so a caller without the role gets 403 whatever it sends. Every
     * route under /staff or /admin must declare it (registration fails otherwise); the service still works out
     * which unions the caller may act on. Published in the OpenAPI document as `x-staff-roles`.
     */
    staffRoles?: readonly StaffRole[];
  }
}

export interface AuthPluginOptions {
  jwt: Config['jwt'];
  sessions: Pick<SessionRevocations, 'isRevoked'>;
  /** Whether the account holds any of these roles, in any union. */
  holdsRole: (accountId: string, roles: readonly StaffRole[]) => Promise<boolean>;
}

/** A signed token missing any of these is refused, whatever else it says. */
const REQUIRED_CLAIMS = ['exp', 'iat', 'iss', 'aud', 'sub'];
/** How many verified access tokens an instance keeps (about 2.5 MB); the map starts afresh when it is full. */
const VERIFIED_TOKENS_KEPT = 10_000;
/** Every route under these declares the roles it needs (config.staffRoles), checked before the body or id is read. */
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
    // The verifier @fastify/jwt builds from the options above, called directly and synchronously: request.jwtVerify()
    // decodes the token twice and merges its options through callbacks on every call, about half the cost of a first
    // request's verification (each member's first request, every submission of the grading bench).
    const verifyToken = createVerifier({
      key: opts.jwt.secret,
      algorithms: ['HS256'],
      allowedIss: opts.jwt.issuer,
      allowedAud: opts.jwt.audience,
      requiredClaims: REQUIRED_CLAIMS,
      maxAge: maxAgeMs,
    });

    const verify = (request: FastifyRequest, header: string): AccessClaims => {
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
        claims = verifyToken(header.slice(7));
      } catch (error) {
        const code = (error as { code?: string }).code;
        throw new AppError(code === 'FAST_JWT_EXPIRED' ? 'auth.token_expired' : 'auth.token_invalid');
      }
      if (!hasSessionClaims(claims, 'access')) throw new AppError('auth.token_invalid');
      request.user = claims; // as jwtVerify sets it
      if (verified.size >= VERIFIED_TOKENS_KEPT) verified.clear();
      verified.set(header, { claims, untilMs: Math.min(claims.exp * 1000, claims.iat * 1000 + maxAgeMs) });
      return claims;
    };

    const authenticate = async (request: FastifyRequest) => {
      const header = request.headers.authorization;
      if (!header) throw new AppError('auth.required');
      const claims = verify(request, header);
      if (opts.sessions.isRevoked(claims.sid)) throw new AppError('auth.session_revoked');
      request.accountId = claims.sub;
      request.sessionId = claims.sid;
    };
    app.decorate('authenticate', authenticate);

    // Role before input: a caller without the route's role learns nothing from validation errors. onRequest runs
    // before the body is even parsed (then preValidation, then validation).
    const roleGate = (roles: readonly StaffRole[]): onRequestHookHandler =>
      async function staffRoleGate(request) {
        if (!request.accountId) await authenticate(request);
        if (!(await opts.holdsRole(request.accountId, roles))) throw new AppError('auth.forbidden');
      };
    app.addHook('onRoute', (route) => {
      const roles = route.config?.staffRoles;
      if (!roles?.length) {
        if (STAFF_ROUTE.test(route.url))
          throw new Error(`${route.method} ${route.url}: a staff or admin route must declare the roles it needs (config.staffRoles)`);
        return;
      }
      const existing = route.onRequest ? (Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest]) : [];
      route.onRequest = [...existing, roleGate(roles)];
      // An OpenAPI extension (@fastify/swagger copies x- keys): clients and the access-control suite read it.
      route.schema = { ...route.schema, 'x-staff-roles': [...roles] } as FastifySchema;
    });
  },
  { name: 'auth' },
);
