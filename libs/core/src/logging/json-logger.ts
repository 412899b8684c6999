import { type LoggerService } from '@nestjs/common';
import { requestContext } from './request-context';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';
export type LogFormat = 'json' | 'pretty';

const rank: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

/** Keys whose values never reach a log line, at any depth. */
const REDACTED_KEYS = /^(authorization|password|secret|api[-_]?key|token|key_hash|keyhash)$/i;

function redact(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = REDACTED_KEYS.test(key) ? '[redacted]' : redact(item, depth + 1);
  }
  return out;
}

/**
 * A Nest logger that writes one JSON object per line to stdout (or readable lines with LOG_FORMAT=pretty),
 * with the app name, the request id of the current request and redaction of secret-looking keys.
 */
export class JsonLogger implements LoggerService {
  constructor(
    private readonly app: string,
    private readonly level: LogLevel = 'info',
    private readonly format: LogFormat = 'json',
    private readonly write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  ) {}

  log(message: unknown, ...optional: unknown[]): void {
    this.emit('info', message, optional);
  }
  error(message: unknown, ...optional: unknown[]): void {
    this.emit('error', message, optional);
  }
  warn(message: unknown, ...optional: unknown[]): void {
    this.emit('warn', message, optional);
  }
  debug(message: unknown, ...optional: unknown[]): void {
    this.emit('debug', message, optional);
  }
  verbose(message: unknown, ...optional: unknown[]): void {
    this.emit('debug', message, optional);
  }

  private emit(level: LogLevel, message: unknown, optional: unknown[]): void {
    if (rank[level] > rank[this.level]) return;
    // Nest passes the context (class name) as the last string argument, and a stack for errors.
    const args = [...optional];
    const context = typeof args[args.length - 1] === 'string' ? (args.pop() as string) : undefined;
    const entry: Record<string, unknown> = {
      time: new Date().toISOString(),
      level,
      app: this.app,
      ...(context ? { context } : {}),
    };
    const requestId = requestContext.current()?.requestId;
    if (requestId) entry.requestId = requestId;
    if (typeof message === 'object' && message !== null && !(message instanceof Error)) {
      Object.assign(entry, redact(message));
    } else {
      entry.msg = message instanceof Error ? message.message : String(message);
      if (message instanceof Error) entry.err = redact(message);
    }
    for (const extra of args) {
      if (typeof extra === 'string') entry.stack = extra;
      else if (extra !== undefined) entry.err = redact(extra);
    }
    if (this.format === 'json') {
      this.write(JSON.stringify(entry));
    } else {
      const { time, level: lvl, app, msg, ...rest } = entry;
      const tail = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
      this.write(
        `${String(time)} ${String(lvl).toUpperCase().padEnd(5)} [${String(app)}] ${typeof msg === 'string' ? msg : JSON.stringify(msg ?? '')}${tail}`,
      );
    }
  }
}
