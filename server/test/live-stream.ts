import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { json } from './helpers';

/** Live streams as a browser's EventSource opens them, for tests that watch a stream end. */
export interface Stream {
  status: number;
  /** The error code of a refused stream. */
  code?: string;
  /** Resolves when the server ends an open stream. */
  ended: Promise<void>;
  close(): void;
}

/** Opens GET /live like EventSource does; resolves once the status (and for 200 the ready event) arrived. */
export function openStream(app: FastifyInstance, ticket: string): Promise<Stream> {
  const { port } = app.server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = http.get(`http://127.0.0.1:${port}/api/v1/live?ticket=${encodeURIComponent(ticket)}`, { agent: false });
    req.on('error', reject);
    req.on('response', (res) => {
      let text = '';
      const ended = new Promise<void>((done) => {
        res.on('end', done);
        res.on('close', done);
      });
      const stream = { status: res.statusCode ?? 0, ended, close: () => req.destroy() };
      res.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (res.statusCode === 200 && text.includes('event: ready')) resolve(stream);
      });
      if (res.statusCode !== 200) {
        res.on('end', () => resolve({ ...stream, code: (JSON.parse(text) as { error: { code: string } }).error.code }));
      }
    });
  });
}

export const endsWithin = (stream: Stream, ms: number) =>
  Promise.race([stream.ended.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);

export async function ticketFor(app: FastifyInstance, auth: { authorization: string }): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/live/ticket', headers: auth });
  if (res.statusCode !== 200) throw new Error(`ticket: ${res.statusCode} ${res.body}`);
  return json(res).ticket;
}
