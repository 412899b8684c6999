import { JsonMappingError, type JsonMappingIssue } from './json-mapping-issue';

/** Marks that the next segment of a path is a map key (`["key"]`) rather than a field name. */
export const MAP_KEY: unique symbol = Symbol('map key');

/** Field names, array indexes, and map keys each preceded by {@link MAP_KEY}. */
export type PathSegment = string | number | typeof MAP_KEY;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
// Keys and strings come from clients: they are cut so that an issue never echoes a megabyte back.
const MAX_ECHOED_LENGTH = 64;

function cut(text: string): string {
  return text.length > MAX_ECHOED_LENGTH ? `${text.slice(0, MAX_ECHOED_LENGTH)}…` : text;
}

function bracketed(key: string): string {
  // JSON.stringify escapes quotes, control characters and lone surrogates, so the path stays printable.
  return `[${JSON.stringify(cut(key))}]`;
}

/** `a.b`, or `a["not a name"]` when the key is not a name. */
export function appendKey(path: string, key: string): string {
  if (!IDENTIFIER.test(key)) return `${path}${bracketed(key)}`;
  return path === '' ? key : `${path}.${key}`;
}

export function formatPath(segments: readonly PathSegment[]): string {
  let path = '';
  for (let index = 0; index < segments.length; index++) {
    const segment = segments[index];
    if (typeof segment === 'number') {
      path += `[${segment}]`;
    } else if (segment === MAP_KEY) {
      index++;
      path += bracketed(String(segments[index]));
    } else if (segment !== undefined) {
      path = path === '' ? segment : `${path}.${segment}`;
    }
  }
  return path;
}

/**
 * A short rendering of a value for messages. Objects and arrays are named, not printed: printing a hostile,
 * deeply nested body could itself fail or flood the response.
 */
export function describeValue(value: unknown): string {
  switch (typeof value) {
    case 'undefined':
      return 'nothing';
    case 'string':
      return JSON.stringify(cut(value));
    case 'number':
    case 'boolean':
      return String(value);
    case 'bigint':
      return `${value}n`;
    case 'object':
      if (value === null) return 'null';
      if (Array.isArray(value)) return 'an array';
      if (Buffer.isBuffer(value)) return `a Buffer of ${value.length} bytes`;
      return 'an object';
    default:
      return `a ${typeof value}`;
  }
}

/** State of one `fromJson` or `toJson` call, threaded through the converters. */
export interface MappingContext {
  readonly path: PathSegment[];
  /** JSON objects and arrays currently open around the value being converted. */
  depth: number;
  readonly maxDepth: number;
}

export interface FromJsonContext extends MappingContext {
  readonly issues: JsonMappingIssue[];
}

/** Records an issue at the current path; returns undefined, the value of a failed conversion. */
export function reportIssue(context: FromJsonContext, message: string): undefined {
  context.issues.push({ path: formatPath(context.path), message });
  return undefined;
}

export function reportMismatch(context: FromJsonContext, expected: string, json: unknown): undefined {
  return reportIssue(context, `expected ${expected}, got ${describeValue(json)}`);
}

/** toJson found a value that is not of the type: the caller passed something `decode` never returns. */
export function valueMismatch(context: MappingContext, expected: string, value: unknown): never {
  throw new JsonMappingError(
    formatPath(context.path),
    `expected ${expected} (an avsc value), got ${describeValue(value)}`,
  );
}

export function depthMessage(maxDepth: number): string {
  return `nested too deeply: at most ${maxDepth} levels of objects and arrays`;
}

/** Enters one JSON object or array; false (with an issue) when that goes beyond the limit. */
export function enterFromJson(context: FromJsonContext): boolean {
  if (context.depth >= context.maxDepth) {
    reportIssue(context, depthMessage(context.maxDepth));
    return false;
  }
  context.depth++;
  return true;
}

export function enterToJson(context: MappingContext): void {
  if (context.depth >= context.maxDepth) {
    throw new JsonMappingError(formatPath(context.path), depthMessage(context.maxDepth));
  }
  context.depth++;
}
