import fc from 'fast-check';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { testIdNumber } from '../helpers';

/**
 * The API as its OpenAPI document describes it, so the security suites walk every operation the
 * server publishes: a route added later is tested without anyone adding it here.
 */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  default?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
}

export interface Parameter {
  in: 'path' | 'query' | 'header';
  name: string;
  required?: boolean;
  schema: JsonSchema;
}

export interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** As in the document: /api/v1/staff/applications/{id}/approve */
  path: string;
  /** "METHOD path", the name used in lists and failures. */
  name: string;
  params: Parameter[];
  query: Parameter[];
  body?: JsonSchema;
  bodyRequired: boolean;
  /** Staff and admin routes: the roles the route needs, any one of them (x-staff-roles, from config.staffRoles). */
  staffRoles?: string[];
}

/**
 * Operations anyone may call without an access token. Everything else must answer 401 without
 * one, so a new route is private unless someone adds it here on purpose.
 */
export const PUBLIC_OPERATIONS = new Set([
  'GET /api/v1/health',
  'GET /api/v1/ready',
  'GET /api/v1/orgs',
  'GET /api/v1/events/{code}',
  // 普惠商户 and their discounts are public, as a shop's sign is; the code check at the counter is not.
  'GET /api/v1/merchants',
  // Rest stations are public facts, shown before anyone signs in.
  'GET /api/v1/stations',
  'GET /api/v1/stations/map',
  // Which map tiles the H5 map draws on: the operator's tile URL, which every browser loading tiles sees anyway.
  'GET /api/v1/stations/map-config',
  'GET /api/v1/stations/{id}',
  // A certificate's verification code is checked by whoever holds the paper (an employer, a training centre): the
  // holder's name masked, what and when; wrong codes are limited per IP.
  'GET /api/v1/certificates/{code}',
  // Which union would review: names a public union, nothing about any person.
  'GET /api/v1/applications/route-preview',
  'POST /api/v1/auth/sms',
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/wechat',
  'POST /api/v1/auth/wechat-phone',
  'POST /api/v1/auth/refresh',
  // The live stream authenticates with its one-minute ticket in the query (EventSource sends no headers).
  'GET /api/v1/live',
]);

/** Routes for staff of a union and for operators: /staff/* and /admin/*. */
export const isStaffOperation = (op: Operation) => /^\/api\/v1\/(staff|admin)(\/|$)/.test(op.path);

/** Streams that never end on their own: called only with inputs that cannot open them. */
export const STREAMING_OPERATIONS = new Set(['GET /api/v1/live']);

export async function loadOperations(app: FastifyInstance): Promise<Operation[]> {
  const res = await app.inject({ method: 'GET', url: '/docs/json' });
  if (res.statusCode !== 200) throw new Error(`/docs/json answered ${res.statusCode}`);
  const doc = res.json() as {
    paths: Record<
      string,
      Record<
        string,
        { parameters?: Parameter[]; requestBody?: { required?: boolean; content: Record<string, { schema: JsonSchema }> }; 'x-staff-roles'?: string[] }
      >
    >;
  };
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [m, spec] of Object.entries(methods)) {
      const method = m.toUpperCase() as Operation['method'];
      if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) continue;
      const parameters = spec.parameters ?? [];
      ops.push({
        method,
        path,
        name: `${method} ${path}`,
        params: parameters.filter((p) => p.in === 'path'),
        query: parameters.filter((p) => p.in === 'query'),
        body: spec.requestBody?.content['application/json']?.schema,
        bodyRequired: spec.requestBody?.required ?? false,
        staffRoles: spec['x-staff-roles'],
      });
    }
  }
  return ops;
}

/** Values a valid request would carry, by field name, where a JSON schema says only "string". */
export interface SampleContext {
  /** The id put in every {id} of the path. */
  id?: string;
  /** A union the caller may act on. */
  orgId?: string;
  /** Person number for a fresh, valid ID number. */
  person?: number;
  /** The place kind put in every {kind} of the path (places where benefits are claimed). */
  kind?: string;
  /** The slot put in every {slotId} (a slot of the service in {id}). */
  slotId?: string;
}

function hintFor(name: string, ctx: SampleContext): unknown {
  const now = Date.now();
  switch (name) {
    case 'name':
      return '李长财';
    case 'idNumber':
      return testIdNumber(ctx.person ?? 901);
    case 'employer':
      return '美团';
    case 'workDistrict':
      return '110102';
    case 'title':
      return '快递员入会专场';
    case 'place':
      return '新街口暖心驿站';
    case 'reason':
      return '核对身份信息';
    case 'phone':
      return '13912345678';
    case 'code':
      return '123456';
    case 'image':
      // A photo of an ID card as far as a schema can tell: base64 of a JPEG.
      return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 0x41)]).toString('base64');
    case 'refreshToken':
      return 'r'.repeat(43);
    case 'ticket':
      return 't'.repeat(40);
    case 'startsAt':
      return new Date(now).toISOString();
    case 'endsAt':
      return new Date(now + 3 * 3_600_000).toISOString();
    case 'orgId':
      return ctx.orgId;
    case 'weekdays':
      return [1, 2, 3, 4, 5, 6, 7];
    case 'times':
      return [{ start: '09:00', end: '10:00' }];
    case 'from':
      return new Date(now + 2 * 86_400_000).toISOString().slice(0, 10);
    case 'to':
      return new Date(now + 9 * 86_400_000).toISOString().slice(0, 10);
    case 'address':
      return '北京市西城区新街口外大街甲14号';
    case 'description':
      return '律师一对一解答劳动争议';
    case 'liveUrl':
      return 'https://live.example.org/session';
    case 'consentVersion':
      return undefined; // the enum in the schema says which one
    default:
      return undefined;
  }
}

/** A valid value for a schema: required fields only, field-name hints first, then the schema. */
export function sampleValue(schema: JsonSchema | undefined, ctx: SampleContext, name = ''): unknown {
  if (!schema) return undefined;
  const hint = hintFor(name, ctx);
  // A hint for a name that is an object elsewhere (a stall's `place` is text, a service's an address object).
  if (hint !== undefined && !(schema.type === 'object' && typeof hint !== 'object')) return hint;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum[0];
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return sampleValue(alternatives.find((s) => s.type !== 'null') ?? alternatives[0], ctx, name);
  if (schema.allOf?.length) return sampleValue(Object.assign({}, ...schema.allOf), ctx, name);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const key of schema.required ?? []) out[key] = sampleValue(schema.properties?.[key], ctx, key);
      return out;
    }
    case 'array':
      // As few items as the schema allows (a campaign needs at least one place).
      return Array.from({ length: schema.minItems ?? 0 }, () => sampleValue(schema.items, ctx));
    case 'boolean':
      return false;
    case 'integer':
    case 'number':
      return schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 1);
    case 'string':
    default: {
      if (schema.format === 'uuid') return ctx.id ?? '00000000-0000-4000-8000-000000000000';
      if (schema.format === 'date-time') return new Date().toISOString();
      if (schema.pattern) return fc.sample(fc.stringMatching(new RegExp(schema.pattern)), { numRuns: 1, seed: 1 })[0];
      const min = schema.minLength ?? 4;
      return 'a'.repeat(Math.max(min, 4)).slice(0, schema.maxLength ?? 1_000);
    }
  }
}

/** The URL for an operation with every path parameter set to `id` (or a valid sample). */
export function urlFor(op: Operation, ctx: SampleContext, query: Record<string, string> = {}): string {
  let url = op.path;
  for (const p of op.params) {
    const given = p.name === 'id' ? ctx.id : p.name === 'kind' ? ctx.kind : p.name === 'slotId' ? ctx.slotId : undefined;
    const value = given || String(sampleValue(p.schema, ctx, p.name));
    url = url.replace(`{${p.name}}`, encodeURIComponent(value));
  }
  const qs = new URLSearchParams(query).toString();
  return qs ? `${url}?${qs}` : url;
}

/** A request an authorised caller could send: valid path, required query, valid body. */
export function validRequest(op: Operation, ctx: SampleContext, headers: Record<string, string> = {}): InjectOptions {
  const query: Record<string, string> = {};
  for (const q of op.query) if (q.required) query[q.name] = String(sampleValue(q.schema, ctx, q.name));
  const body = op.body ? sampleValue(op.body, ctx) : undefined;
  return {
    method: op.method,
    url: urlFor(op, ctx, query),
    headers,
    ...(body !== undefined ? { payload: body as object } : op.method !== 'GET' && op.method !== 'DELETE' ? { payload: {} } : {}),
  };
}

/** "status error.code" for failure lists. */
export function outcome(res: LightMyRequestResponse): string {
  let code = '';
  try {
    code = (res.json() as { error?: { code?: string } }).error?.code ?? '';
  } catch {
    code = '(not JSON)';
  }
  return `${res.statusCode}${code ? ` ${code}` : ''}`;
}
