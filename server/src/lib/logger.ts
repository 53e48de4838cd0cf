import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import type { Bindings, ChildLoggerOptions, Logger } from 'pino';
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

type LevelName = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
type Log = (...args: unknown[]) => void;

/**
 * A request's logger, made when a line is first written at an enabled level. Fastify makes a child logger for every
 * request (bound to its request id), and with the redaction above pino runs the redactor over those bindings for each
 * one: about 10 µs a request (1 µs without redaction), on every request, although most requests never write a line at
 * the configured level. Lines written are the same as the child's: the child is made, with the same bindings and
 * options, and writes them.
 */
class LazyRequestLogger implements FastifyBaseLogger {
  #child: Logger | undefined;
  constructor(
    private readonly parent: Logger,
    private readonly bindings: Bindings,
    private readonly options: ChildLoggerOptions,
  ) {}

  private get real(): Logger {
    return (this.#child ??= this.parent.child(this.bindings, this.options));
  }

  private write(level: LevelName, args: unknown[]) {
    if (!this.#child) {
      const values = this.parent.levels.values;
      const threshold = values[(this.options.level as string | undefined) ?? this.parent.level];
      // 'silent' or a level below the threshold: nothing would be written, so no child is needed.
      if (threshold === undefined || !(values[level]! >= threshold)) return;
    }
    (this.real[level] as Log)(...args);
  }

  get level() {
    return this.#child?.level ?? (this.options.level as string | undefined) ?? this.parent.level;
  }
  set level(level: string) {
    this.real.level = level;
  }
  fatal(...args: unknown[]) {
    this.write('fatal', args);
  }
  error(...args: unknown[]) {
    this.write('error', args);
  }
  warn(...args: unknown[]) {
    this.write('warn', args);
  }
  info(...args: unknown[]) {
    this.write('info', args);
  }
  debug(...args: unknown[]) {
    this.write('debug', args);
  }
  trace(...args: unknown[]) {
    this.write('trace', args);
  }
  silent() {}
  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.real.child(bindings, options);
  }
}

/** Fastify's `childLoggerFactory`: the request's logger is made only when it writes (see LazyRequestLogger). */
export function lazyChildLogger(logger: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions): FastifyBaseLogger {
  return new LazyRequestLogger(logger as Logger, bindings, options);
}
