import fastifyJwt from '@fastify/jwt';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config';
import { AppError } from '../lib/errors';

export interface AccessClaims {
  sub: string;
  typ: 'access';
}

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: AccessClaims;
    user: AccessClaims;
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    authenticate: (request: FastifyRequest) => Promise<void>;
  }
  interface FastifyRequest {
    accountId: string;
  }
}

/** Short-lived HS256 access tokens with issuer and audience pinned on both sign and verify. */
export const authPlugin = fp(
  async (app: FastifyInstance, opts: { jwt: Config['jwt'] }) => {
    await app.register(fastifyJwt, {
      secret: opts.jwt.secret,
      sign: { algorithm: 'HS256', iss: opts.jwt.issuer, aud: opts.jwt.audience, expiresIn: opts.jwt.accessTtl * 1000 },
      verify: { algorithms: ['HS256'], allowedIss: opts.jwt.issuer, allowedAud: opts.jwt.audience },
    });
    app.decorateRequest('accountId', '');
    app.decorate('authenticate', async (request: FastifyRequest) => {
      const header = request.headers.authorization;
      if (!header) throw new AppError('auth.required');
      if (!/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/.test(header)) throw new AppError('auth.token_invalid');
      try {
        const claims = await request.jwtVerify<AccessClaims>();
        if (claims.typ !== 'access' || typeof claims.sub !== 'string') throw new Error('wrong token type');
        request.accountId = claims.sub;
      } catch (error) {
        const code = (error as { code?: string }).code;
        throw new AppError(code === 'FST_JWT_AUTHORIZATION_TOKEN_EXPIRED' ? 'auth.token_expired' : 'auth.token_invalid');
      }
    });
  },
  { name: 'auth' },
);
