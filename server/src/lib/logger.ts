import type { FastifyRequest } from 'fastify';
import { maskPhone } from '@union/shared';

// Anything that looks like a mainland mobile or a resident ID number is masked wherever it
// appears in a log line, as a net under the field-level redaction below.
const MOBILE_IN_TEXT = /(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g;
const ID_IN_TEXT = /(?<![\dA-Za-z])(\d{3})\d{11}(\d{3}[\dXx])(?![\dA-Za-z])/g;

const SECRET_PARAMS = /([?&](?:ticket|token|access_token|code)=)[^&#]*/gi;

export function scrubText(text: string): string {
  return text.replace(SECRET_PARAMS, '$1[redacted]').replace(ID_IN_TEXT, '$1***********$2').replace(MOBILE_IN_TEXT, '$1****$2');
}

function censor(value: unknown): unknown {
  if (typeof value !== 'string') return '[redacted]';
  if (/^1[3-9]\d{9}$/.test(value)) return maskPhone(value);
  return '[redacted]';
}

// Not 'code': that key carries our stable error codes; SMS codes are never logged under it.
const SENSITIVE_KEYS = ['phone', 'idNumber', 'devCode', 'smsCode', 'token', 'accessToken', 'refreshToken', 'placeToken', 'password', 'secret'];

export function loggerOptions(level: string, stream?: NodeJS.WritableStream) {
  return {
    level,
    ...(stream ? { stream } : {}),
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-wechat-code"]', ...SENSITIVE_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`])],
      censor,
    },
    serializers: {
      req(req: FastifyRequest) {
        return { method: req.method, url: scrubText(req.url), remoteAddress: req.ip };
      },
    },
    hooks: {
      logMethod(this: unknown, args: unknown[], method: (...a: unknown[]) => void) {
        method.apply(
          this,
          args.map((a) => (typeof a === 'string' ? scrubText(a) : a)),
        );
      },
    },
  };
}
