import fc from 'fast-check';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { PRIVACY_NOTICE_VERSION } from '@union/shared';
import { buildTestApp, login, testIdNumber, type TestApp } from '../helpers';
import { isStaffOperation, loadOperations, PUBLIC_OPERATIONS, sampleValue, urlFor, validRequest, type Operation, type SampleContext } from './openapi';

/**
 * Bad input against every operation in the OpenAPI document, sent by a caller who may use the
 * route so that it reaches validation and the services: boundary and malformed values, __proto__
 * and constructor keys, deep nesting, huge numbers, wrong content types, oversized and broken
 * bodies, odd path and query values, wrong methods. Every answer must be below 500, carry
 * `{ error: { code, message } }` when it is an error, and show no stack trace or personal data.
 *
 * Reproducible: FUZZ_SEED (default 20261101) and FUZZ_RUNS (generated inputs per operation, default 40).
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261101);
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);

let t: TestApp;
let ops: Operation[];
let staff: Record<string, string>;
let member: Record<string, string>;
let applicant: Record<string, string>;
let orgX = '';
let appA = '';
/** Personal data the fixtures hold: no error answer may show any of it. */
const personal: string[] = ['13900000002', '110102198805170032', '6229990000000001231', '13900000001', '13800000001'];

beforeAll(async () => {
  t = await buildTestApp({ env: { BANK_DEV_ISSUE_DELAY_MS: '0' } });
  staff = (await login(t.app, '13800000001')).auth;
  member = (await login(t.app, '13900000002')).auth;
  applicant = (await login(t.app, '13900000001')).auth;
  orgX = (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: staff })).json().grants[0].orgId;
  const submitted = await t.app.inject({
    method: 'POST',
    url: '/api/v1/applications',
    headers: applicant,
    payload: {
      name: '钱多多',
      idNumber: testIdNumber(501),
      employer: '京东物流',
      category: 'courier',
      workDistrict: '110102',
      orgId: orgX,
      consentVersion: PRIVACY_NOTICE_VERSION,
    },
  });
  if (submitted.statusCode !== 201) throw new Error(`fixture: ${submitted.body}`);
  appA = submitted.json().id;
  personal.push(testIdNumber(501));
  ops = await loadOperations(t.app);
});
afterAll(() => t.close());

/** Who sends it, so the input gets past authentication (and, for staff, the role check). */
async function callerFor(op: Operation): Promise<{ headers: Record<string, string>; ctx: SampleContext }> {
  if (PUBLIC_OPERATIONS.has(op.name)) return { headers: {}, ctx: {} };
  if (isStaffOperation(op)) return { headers: staff, ctx: { id: appA, orgId: orgX } };
  // Session routes (logout) get a session of their own, so fuzzing them cannot end anyone else's.
  if (op.path.startsWith('/api/v1/auth/')) return { headers: (await login(t.app, `1390${String(100_000 + ops.indexOf(op)).padStart(7, '0')}`)).auth, ctx: {} };
  if (op.params.some((p) => p.name === 'id')) return { headers: applicant, ctx: { id: appA, orgId: orgX, person: 502 } };
  return { headers: member, ctx: { orgId: orgX, person: 503 } };
}

// ---- inputs -------------------------------------------------------------------------------

const deepArray = (depth: number): unknown => (depth === 0 ? 1 : [deepArray(depth - 1)]);
const deepObject = (depth: number): unknown => (depth === 0 ? 'x' : { a: deepObject(depth - 1) });

const nastyStrings = [
  '',
  ' ',
  '\u0000',
  '\u0000abc',
  'null',
  'undefined',
  'NaN',
  'true',
  '0',
  '-1',
  '1e309',
  '０１２３',
  'ＡＢＣ',
  '<script>alert(1)</script>',
  "' OR '1'='1' --",
  '"; DROP TABLE applications; --',
  '../../../../etc/passwd',
  '%00',
  '%',
  '\\',
  '\u202e\u202d',
  '\ud800',
  '😀'.repeat(40),
  '𠀀𠀁',
  'x'.repeat(201),
  'x'.repeat(5_000),
  '__proto__',
  'constructor',
  'prototype',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '11010219900307001X',
  '11010219900307001x',
  '1380000000',
  '138000000000',
  '2026-02-30T25:61:00Z',
  '0000-00-00T00:00:00Z',
  '9999-12-31T23:59:59.999999999+14:00',
];
const hugeNumbers = [1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, -Number.MAX_SAFE_INTEGER - 2, 2 ** 31, -(2 ** 31) - 1, -0, 0.1, 1.5, -1, 0];

const badValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...nastyStrings) },
  { weight: 2, arbitrary: fc.constantFrom(...hugeNumbers) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40, unit: 'binary' }) },
  { weight: 1, arbitrary: fc.string({ minLength: 30_000, maxLength: 31_000 }).map((s) => s.slice(0, 30_000)) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}, [null], { $ne: null }, { $gt: '' }) },
  { weight: 1, arbitrary: fc.constantFrom(deepArray(300), deepObject(300)) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

/** Query and path values, raw (not encoded), including broken percent-encoding: each one is also tried on every parameter. */
const nastyQueryValues = [
  '',
  '-1',
  '0',
  '1e400',
  '99999999999999999999',
  'NaN',
  'abc',
  '%zz',
  '%00',
  'a%00b',
  '1,2',
  '1&limit=2',
  'x'.repeat(3_000),
  '%E4%B8',
  '[]',
  '{}',
  '__proto__',
  '%F0%9F%98%80',
];
const nastyPathValues = [
  'x',
  '0',
  '-1',
  'null',
  '..',
  '%2e%2e%2f',
  '%00',
  'a%00b',
  '%zz',
  '%',
  '%E4%B8',
  'a'.repeat(250),
  'a'.repeat(64),
  '00000000-0000-0000-0000-00000000000g',
  '{id}',
  '%20',
  '__proto__',
  'constructor',
];
const badQueryValue = fc.oneof(fc.constantFrom(...nastyQueryValues), fc.string({ maxLength: 30 }).map(encodeURIComponent));
const badPathValue = fc.oneof(
  fc.constantFrom(...nastyPathValues),
  fc.string({ minLength: 1, maxLength: 40 }).map(encodeURIComponent),
  fc.uuid().map((u) => u.toUpperCase()),
);

/** The operation's URL with one path parameter set to a raw value and the others valid. */
function urlWith(op: Operation, ctx: SampleContext, name: string, value: string): string {
  let url = op.path;
  for (const p of op.params)
    url = url.replace(
      `{${p.name}}`,
      p.name === name ? value : encodeURIComponent(String(p.name === 'id' && ctx.id ? ctx.id : sampleValue(p.schema, ctx, p.name))),
    );
  return url;
}

type Case = { kind: string; options: InjectOptions; mustBe4xx: boolean };

function withBody(base: InjectOptions, payload: string, contentType = 'application/json'): InjectOptions {
  return { ...base, payload, headers: { ...(base.headers as object), 'content-type': contentType } };
}

/** Fixed cases every operation gets. */
function fixedCases(op: Operation, base: InjectOptions, ctx: SampleContext): Case[] {
  const cases: Case[] = [];
  const url = String(base.url);
  for (const q of op.query) {
    for (const value of nastyQueryValues)
      cases.push({ kind: `query ${q.name}=${value.slice(0, 20)}`, options: { ...base, url: `${urlFor(op, ctx)}?${q.name}=${value}` }, mustBe4xx: false });
  }
  for (const p of op.params) {
    for (const value of nastyPathValues) {
      cases.push({ kind: `path ${p.name}=${value.slice(0, 20)}`, options: { ...base, url: urlWith(op, ctx, p.name, value) }, mustBe4xx: true });
    }
  }
  const wrongMethod = op.method === 'GET' ? 'DELETE' : op.method === 'DELETE' ? 'PUT' : 'DELETE';
  cases.push({ kind: 'wrong method', options: { ...base, method: wrongMethod, payload: undefined }, mustBe4xx: true });
  cases.push({ kind: 'broken percent-encoding in the path', options: { ...base, url: url.replace(/\/([^/?]*)(\?|$)/, '/%E4%zz$2') }, mustBe4xx: true });
  if (op.query.length) {
    cases.push({
      kind: 'repeated query keys',
      options: { ...base, url: `${url}${url.includes('?') ? '&' : '?'}${op.query.map((q) => `${q.name}=a&${q.name}=b`).join('&')}` },
      mustBe4xx: true,
    });
  }
  if (op.method === 'GET') return cases;
  // A route that takes no body ignores one; it must still never fail on it.
  const hasBody = Boolean(op.body);
  const valid = JSON.stringify(base.payload ?? {});
  const withKey = (key: string, value: string) => (valid === '{}' ? `{"${key}":${value}}` : `${valid.slice(0, -1)},"${key}":${value}}`);
  const must = (kind: string, payload: string, contentType?: string) => cases.push({ kind, options: withBody(base, payload, contentType), mustBe4xx: hasBody });
  must('__proto__ key', withKey('__proto__', '{"isAdmin":true,"status":"approved","polluted":1}'));
  must('nested __proto__ key', withKey('x', '{"__proto__":{"polluted":1}}'));
  must('constructor.prototype key', withKey('constructor', '{"prototype":{"polluted":1}}'));
  must('text/plain body', valid, 'text/plain');
  must('form-encoded body', 'status=approved&role=operator', 'application/x-www-form-urlencoded');
  must('multipart body', '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--', 'multipart/form-data; boundary=x');
  must('XML body', '<a>1</a>', 'application/xml');
  must('JSON in another charset', valid, 'application/json; charset=utf-16');
  must('truncated JSON', valid.slice(0, -1));
  must('trailing garbage after JSON', `${valid}xyz`);
  must('NaN literal', withKey('n', 'NaN'));
  must('JSON array body', `[${valid}]`);
  must('JSON string body', '"hello"');
  // A body whose schema admits null (logout's optional body: null is how no body arrives) may be null.
  const admitsNull = /"type":"null"|"nullable":true/.test(JSON.stringify(op.body ?? {}));
  if (!admitsNull) must('JSON null body', 'null');
  // Built as text: JSON.stringify itself would overflow the stack on these.
  must('deeply nested arrays', `${'['.repeat(15_000)}1${']'.repeat(15_000)}`);
  must('deeply nested objects in a field', withKey('deep', `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`));
  must('body over the size limit', withKey('pad', JSON.stringify('x'.repeat(t.config.bodyLimit + 1))));
  must('body over the size limit, not JSON', 'x'.repeat(t.config.bodyLimit * 4), 'text/plain');
  cases.push({ kind: 'no content type', options: { ...base, payload: valid, headers: { ...(base.headers as object), 'content-type': '' } }, mustBe4xx: false });
  return cases;
}

/** Generated cases: one field of a valid request made bad (body, query or path), or a bad body altogether. */
function generatedCases(op: Operation, base: InjectOptions, ctx: SampleContext): fc.Arbitrary<Case> {
  const variants: fc.Arbitrary<Case>[] = [];
  const body = (base.payload ?? {}) as Record<string, unknown>;
  if (op.body) {
    const declared = Object.keys(op.body.properties ?? {});
    const key = declared.length
      ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...declared) }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) })
      : fc.string({ maxLength: 12 });
    variants.push(
      fc.tuple(key, badValue).map(([k, v]) => ({
        kind: `body field ${JSON.stringify(k)}`,
        options: { ...base, payload: JSON.stringify({ ...body, [k]: v }), headers: { ...(base.headers as object), 'content-type': 'application/json' } },
        mustBe4xx: false,
      })),
      fc.tuple(fc.subarray(Object.keys(body)), fc.constant(0)).map(([drop]) => ({
        kind: `body without ${drop.join(',') || 'nothing'}`,
        options: { ...base, payload: Object.fromEntries(Object.entries(body).filter(([k]) => !drop.includes(k))) },
        mustBe4xx: false,
      })),
      badValue.map((v) => ({
        kind: 'whole body replaced',
        options: { ...base, payload: JSON.stringify(v ?? null), headers: { ...(base.headers as object), 'content-type': 'application/json' } },
        mustBe4xx: false,
      })),
    );
  }
  if (op.query.length) {
    variants.push(
      fc.tuple(fc.constantFrom(...op.query.map((q) => q.name)), badQueryValue).map(([name, value]) => ({
        kind: `query ${name}`,
        options: { ...base, url: `${urlFor(op, ctx)}?${name}=${value}` },
        mustBe4xx: false,
      })),
    );
  }
  if (op.params.length) {
    variants.push(
      fc
        .tuple(fc.constantFrom(...op.params.map((p) => p.name)), badPathValue)
        .map(([name, value]) => ({ kind: `path ${name}`, options: { ...base, url: urlWith(op, ctx, name, value) }, mustBe4xx: false })),
    );
  }
  if (!variants.length) {
    // No body, query or path: bad query anyway, and a body where none is expected.
    variants.push(
      badQueryValue.map((v) => ({ kind: 'unexpected query', options: { ...base, url: `${op.path}?x=${v}` }, mustBe4xx: false })),
      badValue.map((v) => ({
        kind: 'unexpected body',
        options: {
          ...base,
          method: op.method,
          payload: JSON.stringify(v ?? null),
          headers: { ...(base.headers as object), 'content-type': 'application/json' },
        },
        mustBe4xx: false,
      })),
    );
  }
  return fc.oneof(...variants);
}

// ---- checks -------------------------------------------------------------------------------

const STACK_TRACE = [/\n\s+at /, /\bat [^\s]+ \(.*:\d+:\d+\)/, /node_modules/, /\/work\//, /\.[tj]s:\d+/, /\b[A-Z][a-zA-Z]*Error: /, /"stack"/];
const MOBILE = /(?<!\d)1[3-9]\d{9}(?!\d)/g;
const ID_NUMBER = /(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])/g;

function problemWith(res: LightMyRequestResponse, c: Case): string | undefined {
  if (res.statusCode >= 500) return `${res.statusCode} ${res.body.slice(0, 200)}`;
  if (c.mustBe4xx && (res.statusCode < 400 || res.statusCode >= 500)) return `expected a 4xx, got ${res.statusCode}`;
  for (const pattern of STACK_TRACE) if (pattern.test(res.body)) return `${res.statusCode}: internals in the answer (${pattern}): ${res.body.slice(0, 200)}`;
  if (res.statusCode < 400) return undefined;
  let error: { code?: unknown; message?: unknown } | undefined;
  try {
    error = (res.json() as { error?: typeof error }).error;
  } catch {
    return `${res.statusCode} without a JSON body: ${res.body.slice(0, 100)}`;
  }
  if (typeof error?.code !== 'string' || !/^[a-z_]+(\.[a-z_]+)+$/.test(error.code)) return `${res.statusCode} without a dotted code: ${res.body.slice(0, 200)}`;
  if (typeof error.message !== 'string' || !error.message) return `${res.statusCode} ${error.code} without a message`;
  const sent = `${c.options.url} ${typeof c.options.payload === 'string' ? c.options.payload : JSON.stringify(c.options.payload ?? '')}`;
  for (const value of personal) if (res.body.includes(value)) return `${res.statusCode} ${error.code} shows personal data`;
  // The request id is random hex and may hold eleven digits in a row.
  const shown = res.body.replace(/"requestId":"[^"]*"/, '');
  for (const m of [...shown.matchAll(MOBILE), ...shown.matchAll(ID_NUMBER)])
    if (!sent.includes(m[0])) return `${res.statusCode} ${error.code} shows a phone or ID number it was not sent (${m[0]})`;
  return undefined;
}

// ---- the run ------------------------------------------------------------------------------
// About 70 inputs per operation, so the time grows with every route added (35 operations: 50-85 s on 2 busy cores).

/** Sends every input to every operation once; what went wrong, and how many inputs were sent. */
async function fuzzEveryOperation(): Promise<{ failures: string[]; inputs: number }> {
  const failures: string[] = [];
  const statuses = new Map<number, number>();
  const codes = new Map<string, number>();
  let inputs = 0;
  let remote = 0;
  const started = Date.now();
  for (const op of ops) {
    const { headers, ctx } = await callerFor(op);
    const base = validRequest(op, ctx, headers);
    const generated = fc.sample(generatedCases(op, base, ctx), { seed: SEED + ops.indexOf(op), numRuns: RUNS });
    for (const c of [...fixedCases(op, base, ctx), ...generated]) {
      inputs++;
      // Spread over addresses so per-address SMS caps do not hide the deeper code paths.
      const res = await t.app.inject({ ...c.options, remoteAddress: `10.${(remote >> 16) & 255}.${(remote >> 8) & 255}.${remote++ & 255}` });
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      if (res.statusCode >= 400) {
        try {
          const code = (res.json() as { error: { code: string } }).error.code;
          codes.set(code, (codes.get(code) ?? 0) + 1);
        } catch {
          /* reported by problemWith */
        }
      }
      const problem = problemWith(res, c);
      if (problem) failures.push(`${op.name} · ${c.kind}: ${problem}`);
    }
  }
  console.log(
    [
      `fuzz: ${ops.length} operations, ${inputs} inputs in ${((Date.now() - started) / 1000).toFixed(1)} s (seed ${SEED}, ${RUNS} generated per operation)`,
      `  statuses: ${[...statuses]
        .sort(([a], [b]) => a - b)
        .map(([s, n]) => `${s}×${n}`)
        .join(' ')}`,
      `  codes: ${[...codes]
        .sort(([, a], [, b]) => b - a)
        .map(([c, n]) => `${c}×${n}`)
        .join(' ')}`,
    ].join('\n'),
  );
  return { failures, inputs };
}

describe('the fuzz run', () => {
  let run: { failures: string[]; inputs: number };
  beforeAll(
    async () => {
      run = await fuzzEveryOperation();
    },
    Math.max(180_000, RUNS * 4_000),
  );

  it(`answers bad input on every operation with a 4xx and a code: never a 5xx, a stack trace or personal data (seed ${SEED}, ${RUNS} generated inputs per operation)`, () => {
    expect(ops.length).toBeGreaterThanOrEqual(25);
    // The same problem on many inputs is one line per operation and kind.
    expect([...new Set(run.failures.map((f) => f.replace(/[0-9a-f-]{36}/g, '<id>')))].slice(0, 60)).toEqual([]);
    expect(run.inputs).toBeGreaterThanOrEqual(ops.length * RUNS);
  });

  it('left no prototype polluted and no personal data in the logs', () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    const logs = t.logs();
    // Whole values only: response times like 2.13900000000247 hold the digits too.
    for (const value of ['110102198805170032', testIdNumber(501), '13900000002']) {
      const whole = new RegExp(`(?<![\\d.])${value}(?![\\dXx])`);
      expect(
        logs
          .split('\n')
          .filter((l) => whole.test(l))
          .map((l) => l.slice(0, 600)),
      ).toEqual([]);
    }
  });
});

describe('what the fuzzing found, pinned', () => {
  it('answers a NUL character in a search with 400 naming the field (it reached PostgreSQL as a 500)', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/orgs?q=a%00b' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'request.invalid_characters', field: 'q', message: '提交的内容包含无法识别的字符，请检查后重试' });
  });

  it("answers a URL that cannot be decoded with the usual error shape (it was Fastify's own body)", async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/events/%E4%zz' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: { code: 'request.invalid_url', message: '链接不完整或已失效，请重新扫码或返回重试', requestId: expect.any(String) } });
  });

  it('answers JSON declared in another charset with 415 (it was read as UTF-8 and accepted)', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sms',
      payload: JSON.stringify({ phone: '13912345670' }),
      headers: { 'content-type': 'application/json; charset=utf-16' },
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('request.unsupported_media_type');
  });
});
