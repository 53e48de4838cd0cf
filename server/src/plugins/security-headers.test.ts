import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import helmet from 'helmet';
import { helmetHeaders } from './security-headers';

const options = {
  contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], imgSrc: ["'self'", 'data:'], upgradeInsecureRequests: null } },
  crossOriginEmbedderPolicy: false,
};

describe('helmetHeaders', () => {
  it('gives exactly the headers helmet sets on a real response', async () => {
    const middleware = helmet(options);
    const server = createServer((req, res) => {
      res.setHeader('x-powered-by', 'node');
      middleware(req, res, () => res.end('ok'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      const real: Record<string, string> = {};
      const transport = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);
      res.headers.forEach((value, name) => {
        if (!transport.has(name)) real[name] = value;
      });
      expect(real['x-powered-by']).toBeUndefined();
      expect(helmetHeaders(options)).toEqual(real);
      expect(real['content-security-policy']).toContain("img-src 'self' data:");
    } finally {
      server.close();
    }
  });
});
